import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The workspaces published to npm for Later's users; every other one is private to the repo. */
const published = ['client', 'webhook-verify'];

const root = fileURLToPath(new URL('../../../', import.meta.url));
const workspaces = JSON.parse(readFileSync(`${root}package.json`, 'utf8')).workspaces as string[];
const privateNames = new Set(
  ['packages', 'services'].flatMap((folder) =>
    execFileSync('ls', [`${root}${folder}`], { encoding: 'utf8' })
      .split('\n')
      .filter((name) => existsSync(`${root}${folder}/${name}/package.json`))
      .map(
        (name) =>
          JSON.parse(readFileSync(`${root}${folder}/${name}/package.json`, 'utf8')) as {
            name: string;
            private?: boolean;
          },
      )
      .filter((pkg) => pkg.private)
      .map((pkg) => pkg.name),
  ),
);

describe.each(published)('@later/%s can be published', (name) => {
  const dir = `${root}packages/${name}`;
  const pkg = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8'));

  it('is a public, versioned package with an exports map, types and a README', () => {
    expect(workspaces).toContain('packages/*');
    expect(pkg.name).toBe(`@later/${name}`);
    expect(pkg.private).toBeUndefined();
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
    // A scoped package is published restricted (paid, private) unless told otherwise.
    expect(pkg.publishConfig?.access).toBe('public');
    expect(pkg.exports['.']).toEqual({
      types: expect.stringMatching(/\.d\.ts$/),
      default: expect.stringMatching(/\.js$/),
    });
    expect(pkg.license).toBeTruthy();
    expect(pkg.engines?.node).toBeTruthy();
    expect(readFileSync(`${dir}/README.md`, 'utf8')).toContain(`@later/${name}`);
  });

  it('depends on no private workspace at run time', () => {
    const runtime = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies, ...pkg.optionalDependencies });
    expect(runtime.filter((dependency) => privateNames.has(dependency))).toEqual([]);
  });

  it('packs its built code, types and README, and nothing of its tests or sources', () => {
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir, encoding: 'utf8' }),
    );
    const files = (packed.files as { path: string }[]).map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'README.md',
        'package.json',
        pkg.exports['.'].types.slice(2),
        pkg.exports['.'].default.slice(2),
      ]),
    );
    for (const bin of Object.values<string>(pkg.bin ?? {})) expect(files).toContain(bin.replace(/^\.\//, ''));
    expect(files.filter((file) => /^(src|test)\//.test(file))).toEqual([]);
  });
});
