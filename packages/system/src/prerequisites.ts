import { execFileSync } from 'node:child_process';

/** Raised when something Later needs on this machine is missing; the message says how to get it. */
export class MissingPrerequisite extends Error {
  override name = 'MissingPrerequisite';
}

export function findRedisServer(): string {
  const binary = process.env.REDIS_SERVER_BIN ?? 'redis-server';
  try {
    execFileSync(binary, ['--version'], { stdio: 'ignore' });
    return binary;
  } catch {
    throw new MissingPrerequisite(
      `redis-server was not found. Install it (Debian/Ubuntu: sudo apt-get install -y redis-server; ` +
        `macOS: brew install redis), or set REDIS_URL to a Redis you already run.`,
    );
  }
}
