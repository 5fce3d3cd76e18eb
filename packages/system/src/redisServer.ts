import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { Redis } from 'ioredis';
import { freePort } from './freePort.js';
import { guardProcessGroup } from './groupGuard.js';
import { findRedisServer } from './prerequisites.js';
import { waitFor } from './waitFor.js';

export interface RedisServerOptions {
  /** Directory for the AOF and RDB files; created if missing. */
  dir: string;
  port?: number;
  /** `everysec` (default) loses at most ~1 s of writes on a power cut; `always` none. */
  appendfsync?: 'everysec' | 'always' | 'no';
  appendonly?: boolean;
  password?: string;
  extraArgs?: string[];
}

export interface RedisServerHandle {
  url: string;
  port: number;
  process: ChildProcess;
  /** SIGTERM, on which Redis flushes its AOF and exits. */
  stop(): Promise<void>;
  /** SIGKILL: a crash, nothing flushed beyond what fsync already wrote. */
  kill(): Promise<void>;
}

/** Starts a private redis-server process and waits until it answers PING. */
export async function startRedisServer(options: RedisServerOptions): Promise<RedisServerHandle> {
  const binary = findRedisServer();
  mkdirSync(options.dir, { recursive: true });
  const port = options.port ?? (await freePort());
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    options.dir,
    '--save',
    '',
    '--appendonly',
    options.appendonly === false ? 'no' : 'yes',
    '--appendfsync',
    options.appendfsync ?? 'everysec',
    '--daemonize',
    'no',
    '--logfile',
    '',
    '--loglevel',
    'warning',
    ...(options.password ? ['--requirepass', options.password] : []),
    ...(options.extraArgs ?? []),
  ];
  // Its own process group: a terminal's Ctrl-C must reach the services first, Redis last.
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'inherit'], detached: true });
  // Out of reach of Ctrl-C, it would outlive a killed parent: the guard stops it then.
  const unguard = guardProcessGroup(child.pid, 'SIGTERM');
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      unguard();
      resolve();
    }),
  );
  const auth = options.password ? `:${encodeURIComponent(options.password)}@` : '';
  const url = `redis://${auth}127.0.0.1:${port}`;
  await waitFor(`redis-server on port ${port}`, async () => {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined); // refused while starting: the poll tries again
    try {
      await probe.connect();
      return (await probe.ping()) === 'PONG';
    } finally {
      probe.disconnect();
    }
  });
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    await exited;
  };
  return { url, port, process: child, stop: () => signal('SIGTERM'), kill: () => signal('SIGKILL') };
}
