import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../src/serviceProcess.js';

/** Variable names in the table under `## <service>` of docs/configuration.md. */
function documentedVariables(doc: string, service: string): string[] {
  const section = doc.split(`\n## ${service}\n`)[1]!.split('\n## ')[0]!;
  // A row may name several variables: | `A`, `B` | ...
  return [...section.matchAll(/^\| ((?:`[A-Z_]+`(?:, )?)+) \|/gm)]
    .flatMap((m) => [...m[1]!.matchAll(/`([A-Z_]+)`/g)].map((v) => v[1]!))
    .sort();
}

describe('docs/configuration.md tables', () => {
  const doc = readFileSync(`${repoRoot}docs/configuration.md`, 'utf8');

  it.each(['scheduler', 'sender', 'frontend'])('list exactly what the %s config schema reads', async (service) => {
    // Imported by path, from the build: the system package must not depend on the services.
    const config = await import(`${repoRoot}services/${service}/dist/config.js`);
    const schema = Object.values(config).find((v) => typeof v === 'object' && v !== null && 'shape' in v) as {
      shape: Record<string, unknown>;
    };
    expect(documentedVariables(doc, service)).toEqual(Object.keys(schema.shape).sort());
  });
});

describe('the README', () => {
  it('is a front door: at most 12 KB, the rest in docs/', () => {
    expect(statSync(`${repoRoot}README.md`).size).toBeLessThanOrEqual(12 * 1024);
  });

  it('shows the two commands, the outbox, the client and the CLI on its first screen', () => {
    const firstScreen = readFileSync(`${repoRoot}README.md`, 'utf8').split('\n## Where things are')[0]!;
    for (const shown of [
      'npm ci && npm run dev',
      'npm test',
      'Outbox',
      'packages/client/README.md',
      'later tasks create',
    ]) {
      expect(firstScreen).toContain(shown);
    }
  });
});

/** Every README and every page of docs/, as the repository holds them. */
const documents = execFileSync('git', ['ls-files', '*README.md', 'docs/*.md'], { cwd: repoRoot, encoding: 'utf8' })
  .split('\n')
  .filter(Boolean);

/** The anchors GitHub makes of a document's headings. */
function anchorsOf(text: string): Set<string> {
  const headings = [...text.replace(/```[\s\S]*?```/g, '').matchAll(/^#+ (.+)$/gm)].map((m) => m[1]!);
  return new Set(
    headings.map((h) =>
      h
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    ),
  );
}

describe('links in the docs', () => {
  it('cover the README and every page the README sends readers to', () => {
    expect(documents).toEqual(
      expect.arrayContaining([
        'README.md',
        'docs/architecture.md',
        'docs/api.md',
        'docs/configuration.md',
        'docs/operations.md',
        'docs/security.md',
        'docs/testing.md',
        'docs/glossary.md',
        'docs/benchmarks.md',
      ]),
    );
  });

  it.each(documents)('in %s point at files that exist, and at headings that exist', (doc) => {
    const text = readFileSync(`${repoRoot}${doc}`, 'utf8');
    const targets = [...text.matchAll(/\]\(([^)\s]+)\)|src="([^"]+)"/g)]
      .map((m) => (m[1] ?? m[2])!)
      .filter((target) => !/^[a-z]+:/.test(target));
    const missing = targets.filter((target) => {
      const [file, anchor] = target.split('#') as [string, string | undefined];
      const path = file === '' ? join(repoRoot, doc) : join(repoRoot, dirname(doc), file);
      if (!existsSync(path)) return true;
      return anchor !== undefined && path.endsWith('.md') && !anchorsOf(readFileSync(path, 'utf8')).has(anchor);
    });
    expect(missing).toEqual([]);
  });

  it.each(documents)("and paths named in %s exist, from the repository root or the document's folder", (doc) => {
    const text = readFileSync(`${repoRoot}${doc}`, 'utf8');
    const paths = [
      ...text.matchAll(/`((?:packages|services|docs|deploy|nomad|docker|src|test|lua|openapi|migrations)\/[\w./-]*)`/g),
    ].map((m) => m[1]!);
    const missing = paths.filter(
      (path) => !existsSync(join(repoRoot, path)) && !existsSync(join(repoRoot, dirname(doc), path)),
    );
    expect(missing).toEqual([]);
  });
});
