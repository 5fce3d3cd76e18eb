import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../src/serviceProcess.js';

/** Variable names in the README table under `### <service>`. */
function documentedVariables(readme: string, service: string): string[] {
  const section = readme.split(`\n### ${service}\n`)[1]!.split('\n### ')[0]!;
  // A row may name several variables: | `A`, `B` | ...
  return [...section.matchAll(/^\| ((?:`[A-Z_]+`(?:, )?)+) \|/gm)].flatMap((m) => [...m[1]!.matchAll(/`([A-Z_]+)`/g)].map((v) => v[1]!)).sort();
}

describe('README configuration tables', () => {
  const readme = readFileSync(`${repoRoot}README.md`, 'utf8');

  it.each(['scheduler', 'sender', 'frontend'])('list exactly what the %s config schema reads', async (service) => {
    // Imported by path, from the build: the system package must not depend on the services.
    const config = await import(`${repoRoot}services/${service}/dist/config.js`);
    const schema = Object.values(config).find((v) => typeof v === 'object' && v !== null && 'shape' in v) as {
      shape: Record<string, unknown>;
    };
    expect(documentedVariables(readme, service)).toEqual(Object.keys(schema.shape).sort());
  });
});

describe('README links', () => {
  const readmes = execFileSync('git', ['ls-files', '*README.md'], { cwd: repoRoot, encoding: 'utf8' }).split('\n').filter(Boolean);

  it.each(readmes)('in %s point at files that exist', (readme) => {
    const text = readFileSync(`${repoRoot}${readme}`, 'utf8');
    const targets = [...text.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!).filter((target) => !/^[a-z]+:/.test(target));
    const missing = targets.filter((target) => !existsSync(join(repoRoot, dirname(readme), target)));
    expect(missing).toEqual([]);
  });

  it.each(readmes)('and paths named in %s exist, from the repository root or the README\'s folder', (readme) => {
    const text = readFileSync(`${repoRoot}${readme}`, 'utf8');
    const paths = [...text.matchAll(/`((?:packages|services|docs|deploy|nomad|docker|src|test|lua|openapi|migrations)\/[\w./-]*)`/g)].map((m) => m[1]!);
    const missing = paths.filter((path) => !existsSync(join(repoRoot, path)) && !existsSync(join(repoRoot, dirname(readme), path)));
    expect(missing).toEqual([]);
  });
});
