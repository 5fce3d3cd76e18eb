import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { repoRoot } from '../serviceProcess.js';

const run = promisify(execFile);

export interface PreviousRelease {
  /** The checkout, to pass as a replica's `root`. */
  root: string;
  commit: string;
  subject: string;
  /** Removes the worktree. */
  remove(): Promise<void>;
}

/**
 * The release to upgrade from, checked out at `ref` into a temporary git worktree and built.
 * Its node_modules is this checkout's, entry by entry, but for the workspace packages
 * (`@later/*`), which point into the old tree: Node follows symlinks to their real path, so a
 * link to this checkout's `@later/queue` would run the new code under the old label.
 */
export async function preparePreviousRelease(ref: string, log: (line: string) => void): Promise<PreviousRelease> {
  const git = (...args: string[]) =>
    run('git', args, { cwd: repoRoot, maxBuffer: 16 << 20 }).then((r) => r.stdout.trim());
  const commit = await git('rev-parse', '--verify', `${ref}^{commit}`);
  const subject = await git('log', '-1', '--format=%s', commit);
  const root = mkdtempSync(`${tmpdir()}/later-release-`);
  await git('worktree', 'add', '--detach', root, commit);
  const remove = async () => {
    await git('worktree', 'remove', '--force', root).catch(() => rmSync(root, { recursive: true, force: true }));
  };
  try {
    linkNodeModules(`${repoRoot}node_modules`, `${root}/node_modules`);
    log(`building ${commit.slice(0, 10)} (${subject}) in ${root}`);
    const started = Date.now();
    await run('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], { cwd: root, maxBuffer: 64 << 20 });
    log(`built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return { root: `${root}/`, commit, subject, remove };
  } catch (err) {
    await remove();
    throw err;
  }
}

function linkNodeModules(from: string, to: string): void {
  mkdirSync(`${to}/@later`, { recursive: true });
  for (const entry of readdirSync(from)) {
    if (entry !== '@later') symlinkSync(`${from}/${entry}`, `${to}/${entry}`);
  }
  // Relative links (`../../packages/queue`): the same link in the old tree names its own package.
  for (const entry of readdirSync(`${from}/@later`))
    symlinkSync(readlinkSync(`${from}/@later/${entry}`), `${to}/@later/${entry}`);
}
