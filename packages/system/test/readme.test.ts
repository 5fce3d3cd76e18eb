import { readFileSync } from 'node:fs';
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
