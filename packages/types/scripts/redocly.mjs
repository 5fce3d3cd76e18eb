// Runs the Redocly CLI (a devDependency) without its telemetry and notices, so the build stays
// offline and quiet; shared by the build (bundle, reference page) and the lint test.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const cli = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin', 'cli.js');
const quiet = {
  ...process.env,
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_NOTIFICATIONS: 'true',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
};

/** Runs `redocly <args>` in packages/types; returns its exit code and output. */
export function redocly(args) {
  const run = spawnSync(process.execPath, [cli, ...args], {
    cwd: new URL('..', import.meta.url),
    env: quiet,
    encoding: 'utf8',
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}
