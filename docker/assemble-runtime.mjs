#!/usr/bin/env node
/**
 * Copies what one service needs at run time, and nothing else, from a built workspace into
 * <out>: its production dependency tree (as `npm ls --omit=dev` computes it from the lockfile)
 * and the workspaces it uses, without their sources and tests.
 *
 * Why not `npm ci --omit=dev`: in a monorepo every workspace is a dependency of the root, so that
 * also installs the runtime dependencies of workspaces the service only uses in its tests
 * (@later/system brings an embedded Postgres of ~90 MB). `npm ls --workspace` follows the service's
 * own dependency edges instead.
 *
 * Usage, from the workspace root after `npm ci` and the build: node docker/assemble-runtime.mjs <service> <out>
 */
import { execFileSync } from 'node:child_process';
import { cpSync, lstatSync, mkdirSync, realpathSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';

const [service, out] = process.argv.slice(2);
if (!service || !out) {
  console.error('usage: node docker/assemble-runtime.mjs <service> <out>');
  process.exit(2);
}

const root = process.cwd();
const listed = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable', `--workspace=@later/${service}`], {
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
})
  .split('\n')
  .filter((line) => line !== '' && line !== root);

/** Left out of a workspace in the image: sources (the web UI's in web/, built into dist/web), tests and build settings. */
const workspaceOnly = new Set([
  'src',
  'web',
  'test',
  'node_modules',
  'tsconfig.json',
  'tsconfig.build.json',
  'vitest.config.ts',
]);

const copy = (from, to, filter) => {
  mkdirSync(dirname(to), { recursive: true });
  cpSync(from, to, { recursive: true, verbatimSymlinks: true, filter });
};

let packages = 0;
for (const path of listed) {
  const target = join(out, relative(root, path));
  if (lstatSync(path).isSymbolicLink()) {
    // A workspace: node_modules/@later/x links to packages/x or services/x; copy both.
    copy(path, target);
    const workspace = realpathSync(path);
    copy(
      workspace,
      join(out, relative(root, workspace)),
      (src) => src === workspace || !(dirname(src) === workspace && workspaceOnly.has(basename(src))),
    );
  } else {
    // A registry package; its own nested node_modules entries are listed (and copied) separately.
    copy(path, target, (src) => src === path || basename(src) !== 'node_modules');
  }
  packages++;
}
copy(join(root, 'package.json'), join(out, 'package.json'));
console.log(`assembled @later/${service}: ${packages} packages into ${out}`);
