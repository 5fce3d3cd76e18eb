import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startPostgresServer,
  startRedisServer,
  type PostgresServerHandle,
  type RedisServerHandle,
} from '../src/index.js';
import { startTestSystem, waitFor, type Answer, type TestSystem } from '../src/testing/index.js';

/** An answer, and how long it took; a call still unanswered after 15 s counts as no answer (status 0). */
async function timed(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; retryAfter: string | null; body: Answer['body']; ms: number }> {
  const started = Date.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
    const text = await res.text();
    return {
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      body: text ? JSON.parse(text) : undefined,
      ms: Date.now() - started,
    };
  } catch {
    return { status: 0, retryAfter: null, body: undefined, ms: Date.now() - started };
  }
}

/**
 * Redis or Postgres that stops answering without closing its connections (a stopped process, a
 * lock held): every request answers within a few seconds all the same, 201 when the task was
 * committed (and it is delivered once, later) or 503 with Retry-After when nothing was.
 */
describe('stalled dependencies', () => {
  let dir: string;
  let redisServer: RedisServerHandle;
  let system: TestSystem;
  let key: string;

  const createTask = (path: string) =>
    timed(`${system.stack.frontendUrl}/v1/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ channel: 'webhook', webhook: { url: `${system.receiver.url}${path}` } }),
    });
  const schedulerReadiness = () => timed(`${system.stack.schedulerUrl}/readyz`);
  const deliveriesTo = (path: string) => system.receiver.received.filter((r) => r.path === path);

  /** Every task answered 201 reaches the receiver exactly once; those answered 503 never. */
  async function expectDeliveredOnce(path: string, answers: { status: number; body: Answer['body'] }[]): Promise<void> {
    const accepted = answers.filter((a) => a.status === 201).map((a) => a.body.id as string);
    await waitFor(
      `the ${accepted.length} accepted tasks to ${path} delivered`,
      () => deliveriesTo(path).length >= accepted.length,
      {
        timeoutMs: 30_000,
        intervalMs: 100,
      },
    );
    // Late duplicates would come within the reconciler's grace; wait that long for none to arrive.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(
      deliveriesTo(path)
        .map((r) => r.deliveryId)
        .sort(),
    ).toEqual([...accepted].sort());
  }

  beforeAll(async () => {
    dir = mkdtempSync(`${tmpdir()}/later-stall-`);
    redisServer = await startRedisServer({ dir, appendonly: false });
    system = await startTestSystem(
      {
        shardCount: 2,
        env: {
          scheduler: { RECONCILE_INTERVAL_MS: '500', RECONCILE_GRACE_MS: '2000' },
          frontend: { KEY_RECHECK_MS: '60000' },
        },
      },
      { redisUrl: redisServer.url },
    );
    await system.api.signup('stall@example.com');
    key = system.api.apiKey!;
  });

  afterAll(async () => {
    redisServer?.process.kill('SIGCONT');
    await system?.stop();
    await redisServer?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a stopped Redis: creates answer within seconds, /readyz says unready, and every task answered 201 is delivered once', async () => {
    expect((await createTask('/before-redis-stall')).status).toBe(201);
    let answers: Awaited<ReturnType<typeof createTask>>[];
    let readiness: Awaited<ReturnType<typeof schedulerReadiness>>;
    redisServer.process.kill('SIGSTOP');
    try {
      [readiness, ...answers] = await Promise.all([
        schedulerReadiness(),
        ...Array.from({ length: 5 }, () => createTask('/redis-stall')),
      ]);
    } finally {
      redisServer.process.kill('SIGCONT');
    }
    expect(readiness.status).toBe(503);
    expect(readiness.ms).toBeLessThan(3000);
    expect(readiness.body.checks.redis).not.toBe('ok');
    for (const answer of answers) {
      expect(answer.ms).toBeLessThan(5000);
      expect([201, 503]).toContain(answer.status);
      if (answer.status === 503) expect(answer.retryAfter).toMatch(/^\d+$/);
    }
    await expectDeliveredOnce('/redis-stall', answers);
    await waitFor('the scheduler ready again', async () => (await schedulerReadiness()).status === 200);
    // The loops work on after the stall: a task made now is delivered.
    expect((await createTask('/after-redis-stall')).status).toBe(201);
    await waitFor('a task made after the stall delivered', () => deliveriesTo('/after-redis-stall').length === 1);
  });

  it('a locked tasks table: creates answer 503 with Retry-After within seconds, and nothing refused is kept', async () => {
    const locker = new pg.Client({ connectionString: system.db.url });
    await locker.connect();
    let answers: Awaited<ReturnType<typeof createTask>>[];
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE tasks IN ACCESS EXCLUSIVE MODE');
      answers = await Promise.all(Array.from({ length: 3 }, () => createTask('/postgres-stall')));
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    }
    // Within the statement timeout (5 s), or half of it for a request queued behind those (plus
    // this busy machine's own delays), and before the frontend's 10 s deadline: the scheduler said 503.
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      expect(answer.retryAfter).toMatch(/^\d+$/);
      expect(answer.ms).toBeLessThan(9000);
      expect(answer.body.error).toMatch(/database/);
    }
    const [stored] = await system.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM tasks WHERE target->>'url' LIKE '%/postgres-stall'`,
    );
    expect(stored!.n).toBe(0);
    expect((await createTask('/after-postgres-stall')).status).toBe(201);
    await waitFor('a task made after the lock delivered', () => deliveriesTo('/after-postgres-stall').length === 1);
  });
});

/** A private Postgres whose every process is stopped: nothing can cancel a statement but the client. */
describe('a stopped Postgres', () => {
  let dir: string;
  let postgres: PostgresServerHandle;
  let system: TestSystem;
  let key: string;
  /**
   * SIGSTOP or SIGCONT to the postmaster, then to every process it started (each backend leads a
   * process group of its own, so the postmaster's group is not enough).
   */
  const signalPostgres = (signal: NodeJS.Signals) => {
    const postmaster = postgres.process.pid!;
    process.kill(postmaster, signal);
    const children = execFileSync('pgrep', ['-P', String(postmaster)])
      .toString()
      .trim()
      .split(/\s+/)
      .map(Number);
    for (const pid of children) {
      try {
        process.kill(pid, signal);
      } catch (error) {
        // A backend that ended between pgrep and here has nothing left to stop or resume.
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      }
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(`${tmpdir()}/later-pgstall-`);
    chmodSync(dir, 0o755); // Postgres runs as its own user and must reach its data directory.
    postgres = await startPostgresServer({ dir: `${dir}/postgres` });
    system = await startTestSystem(
      { env: { frontend: { KEY_RECHECK_MS: '60000' } } },
      { adminDatabaseUrl: postgres.url },
    );
    await system.api.signup('pgstall@example.com');
    key = system.api.apiKey!;
  });

  afterAll(async () => {
    if (postgres) signalPostgres('SIGCONT');
    await system?.stop();
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates answer 503 with Retry-After within seconds, record nothing, and work again once it runs', async () => {
    const createTask = (path: string) =>
      timed(`${system.stack.frontendUrl}/v1/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ channel: 'webhook', webhook: { url: `${system.receiver.url}${path}` } }),
      });
    let answers: Awaited<ReturnType<typeof createTask>>[];
    let readiness: Awaited<ReturnType<typeof timed>>;
    signalPostgres('SIGSTOP');
    try {
      [readiness, ...answers] = await Promise.all([
        timed(`${system.stack.schedulerUrl}/readyz`),
        ...Array.from({ length: 3 }, () => createTask('/frozen')),
      ]);
    } finally {
      signalPostgres('SIGCONT');
    }
    // Delivery goes on without Postgres (see crash safety): degraded, not unready, but said at once.
    expect(readiness.ms).toBeLessThan(3000);
    expect(readiness.body.checks.postgres).toBe('unreachable');
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      expect(answer.retryAfter).toMatch(/^\d+$/);
      expect(answer.ms).toBeLessThan(9000);
    }
    const [stored] = await system.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM tasks WHERE target->>'url' LIKE '%/frozen'`,
    );
    expect(stored!.n).toBe(0);
    await waitFor(
      'a task accepted once Postgres runs again',
      async () => (await createTask('/thawed')).status === 201,
      { timeoutMs: 20_000, intervalMs: 500 },
    );
    await waitFor('it delivered', () => system.receiver.received.some((r) => r.path === '/thawed'), {
      timeoutMs: 20_000,
    });
  });
});
