import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import {
  descendants,
  freePort,
  publicApiClient,
  startWebhookReceiver,
  stillRunning,
  testDatabase,
  waitFor,
  type TestDatabase,
} from '../src/testing/index.js';
import { dev, freePortBase, listening } from './devRun.js';

describe('npm run dev', { timeout: 90_000 }, () => {
  const dataDir = mkdtempSync(`${tmpdir()}/later-dev-`);
  let db: TestDatabase | undefined;
  afterAll(async () => {
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says what is missing, and how to get it, when there is no redis-server', async () => {
    const run = dev({ REDIS_SERVER_BIN: `${dataDir}/no-such/redis-server`, DEV_DATA_DIR: dataDir });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain(
      'redis-server was not found. Install it (Debian/Ubuntu: sudo apt-get install -y redis-server; macOS: brew install redis), or set REDIS_URL',
    );
  });

  it('runs the whole system on a private Redis with AOF: a webhook due in 2 s is delivered once, and Ctrl-C stops everything', async () => {
    db = await testDatabase();
    const base = await freePortBase();
    const redisPort = await freePort();
    const receiver = await startWebhookReceiver();
    const run = dev({
      DATABASE_URL: db.url,
      DEV_DATA_DIR: dataDir,
      DEV_PORT_BASE: String(base),
      DEV_REDIS_PORT: String(redisPort),
    });
    try {
      await waitFor('Later is running', () => run.output().includes('Later is running.'), { timeoutMs: 60_000 });
      expect(run.output()).toContain(
        `private redis-server on redis://127.0.0.1:${redisPort}, AOF (appendfsync everysec) in ${dataDir}/redis`,
      );
      expect(run.output()).toContain(`web UI       http://127.0.0.1:${base}/`);
      expect(run.output()).toMatch(/export LATER_KEY=\S+/);

      const api = publicApiClient(`http://127.0.0.1:${base}`);
      await api.signup('dev@example.com');
      const created = await api.call('POST', '/v1/tasks', {
        channel: 'webhook',
        webhook: { url: `${receiver.url}/dev` },
        delay: 'PT2S',
      });
      expect(created.status).toBe(201);
      const task = await waitFor(
        'delivered',
        async () => {
          const got = await api.call('GET', `/v1/tasks/${created.body.id}`);
          return got.body.status === 'delivered' ? got.body : undefined;
        },
        { timeoutMs: 20_000 },
      );
      expect(task.attempts).toHaveLength(1);
      expect(receiver.received.filter((r) => r.deliveryId === created.body.id)).toHaveLength(1);
      // Three schedulers, each on its own port.
      for (const port of [base + 1, base + 101, base + 201]) expect(await listening(port)).toBe(true);

      run.child.kill('SIGINT');
      expect(await run.exited).toBe(0);
      for (const port of [base, base + 1, base + 101, base + 201, base + 2, base + 3, redisPort])
        expect(await listening(port)).toBe(false);
    } finally {
      run.child.kill('SIGKILL');
      await receiver.close();
    }
  });

  // Killed outright, the services notice within 0.5 s and stop by their deadline (10 s), and the guard stops Redis and Postgres.
  it.each([
    ['on a second Ctrl-C while it stops', 8000],
    ['when it is SIGKILLed', 14_000],
  ] as const)('leaves no process behind %s, private Postgres included', { timeout: 150_000 }, async (how, withinMs) => {
    const runDir = mkdtempSync(`${tmpdir()}/later-dev-`);
    chmodSync(runDir, 0o755); // as root, Postgres runs as the postgres user and must reach its data dir
    const base = await freePortBase();
    const run = dev(
      {
        REDIS_URL: '',
        DATABASE_URL: '',
        DEV_DATA_DIR: runDir,
        DEV_PORT_BASE: String(base),
        DEV_REDIS_PORT: String(await freePort()),
        DEV_POSTGRES_PORT: String(await freePort()),
      },
      true,
    );
    let started: number[] = [];
    try {
      await waitFor('Later is running', () => run.output().includes('Later is running.'), { timeoutMs: 80_000 });
      // redis-server, the postmaster and its workers, five services, the group guard.
      started = descendants(run.child.pid!);
      expect(started.length).toBeGreaterThanOrEqual(8);
      if (how === 'when it is SIGKILLed') {
        run.child.kill('SIGKILL');
      } else {
        // Ctrl-C, twice, as a terminal sends it: to the whole group, the second while dev is stopping.
        process.kill(-run.child.pid!, 'SIGINT');
        await waitFor('dev to start stopping', () => run.output().includes('[dev] stopping...'));
        try {
          process.kill(-run.child.pid!, 'SIGINT');
        } catch {
          // Everything stopped already.
        }
      }
      await run.exited;
      await waitFor('every process dev started to exit', () => stillRunning(started).length === 0, {
        timeoutMs: withinMs,
        intervalMs: 100,
      }).catch(() => {
        throw new Error(`still running: ${stillRunning(started).join(', ')}\n${run.output().slice(-3000)}`);
      });
    } finally {
      for (const pid of [run.child.pid!, ...stillRunning(started)]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Gone.
        }
      }
      rmSync(runDir, { recursive: true, force: true });
    }
  });
});
