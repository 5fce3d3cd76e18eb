import { execFileSync } from 'node:child_process';

/** Raised when something Later needs on this machine is missing; the message says how to get it. */
export class MissingPrerequisite extends Error {
  override name = 'MissingPrerequisite';
}

/** `binary` if it runs (`--version`), else a MissingPrerequisite saying `howToGetIt`. */
function findBinary(binary: string, howToGetIt: string): string {
  try {
    execFileSync(binary, ['--version'], { stdio: 'ignore' });
    return binary;
  } catch {
    throw new MissingPrerequisite(howToGetIt);
  }
}

export function findRedisServer(): string {
  return findBinary(
    process.env.REDIS_SERVER_BIN ?? 'redis-server',
    `redis-server was not found. Install it (Debian/Ubuntu: sudo apt-get install -y redis-server; ` +
      `macOS: brew install redis), or set REDIS_URL to a Redis you already run.`,
  );
}

/** redis-cli (the cluster test builds its cluster with it): beside REDIS_SERVER_BIN when that is set. */
export function findRedisCli(): string {
  const server = process.env.REDIS_SERVER_BIN;
  return findBinary(
    server && server.includes('/') ? server.replace(/redis-server$/, 'redis-cli') : 'redis-cli',
    `redis-cli was not found (the Redis Cluster test needs it). It comes with redis-server ` +
      `(Debian/Ubuntu: sudo apt-get install -y redis-tools; macOS: brew install redis).`,
  );
}

/** The browser the web UI's tests drive: Debian's chromium, never a downloaded build. */
export function findChromium(): string {
  const binary = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
  return findBinary(
    binary,
    `chromium was not found at ${binary} (the web UI's browser tests need it). Install it ` +
      `(Debian/Ubuntu: sudo apt-get install -y chromium), or set CHROMIUM_BIN to a Chromium or Chrome binary.`,
  );
}
