import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startPostgresServer,
  startRedisServer,
  type PostgresServerHandle,
  type RedisServerHandle,
} from '../src/index.js';
import {
  openEventStream,
  publicApiClient,
  startTestSystem,
  waitFor,
  waitForShardSplit,
  type Answer,
  type TestSystem,
} from '../src/testing/index.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const redisPassword = 'a-redis-password-for-tests';

/**
 * Crashes on real processes: a private redis-server (AOF, everysec) and a private Postgres that
 * these tests kill, stop and restart, 2 scheduler replicas and 2 senders.
 */
describe('crash safety', () => {
  let dir: string;
  let redisServer: RedisServerHandle;
  let postgres: PostgresServerHandle;
  let system: TestSystem;
  let ownerId: string;
  let redis: Redis;

  const hook = (path: string) => ({ url: `${system.receiver.url}${path}` });
  const create = async (body: Record<string, unknown>) => {
    const answer = await system.api.call('POST', '/v1/tasks', { channel: 'webhook', ...body });
    expect(answer.status).toBe(201);
    return answer.body.id as string;
  };
  const task = async (id: string) => (await system.api.call('GET', `/v1/tasks/${id}`)).body;
  const until = (id: string, check: (t: Answer['body']) => boolean, what: string, timeoutMs = 20_000) =>
    waitFor(
      `task ${id} ${what}`,
      async () => {
        const t = await task(id);
        return check(t) ? t : undefined;
      },
      { timeoutMs, intervalMs: 100 },
    );
  const receivedOf = (id: string) => system.receiver.received.filter((r) => r.deliveryId === id);
  /** How late each task arrived: under the reconciler's 2 s grace means Redis still had it in time. */
  const latenessOf = async (ids: string[]) =>
    Promise.all(ids.map(async (id) => receivedOf(id)[0]!.receivedAt - Date.parse((await task(id)).dueAt)));

  beforeAll(async () => {
    dir = mkdtempSync(`${tmpdir()}/later-crash-`);
    chmodSync(dir, 0o755); // Postgres runs as its own user and must reach its data directory.
    // With a password: the services take it from REDIS_URL like any other credential.
    redisServer = await startRedisServer({ dir: `${dir}/redis`, appendfsync: 'everysec', password: redisPassword });
    postgres = await startPostgresServer({ dir: `${dir}/postgres` });
    system = await startTestSystem(
      {
        shardCount: 4,
        schedulers: 2,
        senders: 2,
        env: {
          scheduler: {
            REAP_INTERVAL_MS: '200',
            RECONCILE_INTERVAL_MS: '500',
            RECONCILE_GRACE_MS: '2000',
            RETRY_BASE_MS: '100',
            RETRY_MAX_MS: '200',
          },
          sender: { LEASE_MARGIN_MS: '500', SHUTDOWN_GRACE_MS: '2000' },
          frontend: { KEY_RECHECK_MS: '0' },
        },
      },
      { redisUrl: redisServer.url, adminDatabaseUrl: postgres.url },
    );
    ownerId = await system.api.signup('crash@example.com');
    redis = new Redis(redisServer.url);
    redis.on('error', () => undefined); // refused while the tests restart Redis; it reconnects
  });

  afterAll(async () => {
    redis?.disconnect();
    await system?.stop();
    await redisServer?.stop();
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a sender killed mid-delivery: its lease expires, the attempt is recorded lost, the task is delivered later', async () => {
    system.receiver.respondWith((d) =>
      d.path === '/killed' && d.attempt === 1 ? { status: 200, delayMs: 3000 } : { status: 200 },
    );
    const id = await create({ webhook: hook('/killed'), timeout: 2000 });
    await waitFor('the first attempt to reach the receiver', () => receivedOf(id).length === 1);
    // Which sender holds it does not matter: kill both, then let a replacement pick it up.
    await Promise.all(system.stack.senders.map((s) => s.kill()));
    await system.stack.respawn(system.stack.senders[0]!);
    const done = await until(id, (t) => t.status === 'delivered', 'delivered');
    expect(done.attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['lost', 'success']);
    expect(receivedOf(id).map((r) => r.attempt)).toEqual([1, 2]);
    await system.stack.respawn(system.stack.senders[1]!);
  });

  it('a sender that stalls past its lease cannot overwrite the attempt that took over (fencing)', async () => {
    system.receiver.respondWith((d) =>
      d.path === '/stalled' && d.attempt === 1 ? { status: 200, delayMs: 1500 } : { status: 200 },
    );
    const id = await create({ webhook: hook('/stalled'), timeout: 1000 });
    await waitFor('the first attempt to reach the receiver', () => receivedOf(id).length === 1);
    const stalled = [...system.stack.senders];
    for (const sender of stalled) sender.process.kill('SIGSTOP');
    const fresh = await system.stack.addSender();
    const done = await until(
      id,
      (t) => t.status === 'delivered' && t.attempts.length === 2,
      'delivered by the fresh sender',
    );
    for (const sender of stalled) sender.process.kill('SIGCONT');
    await waitFor('the stalled sender to report and be refused', () =>
      stalled.some((s) => s.recentOutput().includes('outcome refused: the lease had passed to another attempt')),
    );
    const after = await task(id);
    expect(after.status).toBe('delivered');
    expect(after.attempts.map((a: { n: number; outcome: string }) => [a.n, a.outcome])).toEqual([
      [1, 'lost'],
      [2, 'success'],
    ]);
    expect(done.attempts).toEqual(after.attempts);
    await fresh.stop();
    system.stack.senders.splice(system.stack.senders.indexOf(fresh), 1);
  });

  it('SIGTERM: a sender finishes what it holds within the grace, and exits 0', async () => {
    system.receiver.respondWith((d) => (d.path === '/graceful' ? { status: 200, delayMs: 700 } : { status: 200 }));
    const ids = await Promise.all(Array.from({ length: 6 }, () => create({ webhook: hook('/graceful') })));
    await waitFor('all six in flight', () => ids.every((id) => receivedOf(id).length === 1));
    const codes = await Promise.all(system.stack.senders.map((s) => s.stop()));
    expect(codes).toEqual([0, 0]);
    for (const id of ids)
      expect((await until(id, (t) => t.status === 'delivered', 'delivered')).attempts).toHaveLength(1);
    for (const sender of [...system.stack.senders]) await system.stack.respawn(sender);
  });

  it('SIGTERM: past the grace, a delivery is aborted and released, and another sender delivers it', async () => {
    system.receiver.respondWith((d) =>
      d.path === '/stuck' && d.attempt === 1 ? { status: 200, delayMs: 6000 } : { status: 200 },
    );
    const id = await create({ webhook: hook('/stuck'), timeout: 10_000 });
    await waitFor('the first attempt in flight', () => receivedOf(id).length === 1);
    const first = [...system.stack.senders];
    const replacement = await system.stack.addSender();
    expect(await Promise.all(first.map((s) => s.stop()))).toEqual([0, 0]);
    const done = await until(id, (t) => t.status === 'delivered', 'delivered');
    expect(done.attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['retryable', 'success']);
    expect(done.attempts[0].error).toMatch(/sender stopped/);
    for (const sender of first) await system.stack.respawn(sender);
    await replacement.stop();
    system.stack.senders.splice(system.stack.senders.indexOf(replacement), 1);
  });

  it('SIGTERM: a scheduler exits 0 promptly and claims no more; tasks due during and after its shutdown are delivered on time by the other replica', async () => {
    system.receiver.respondWith(() => ({ status: 200 }));
    const [stopping] = system.stack.schedulers;
    // Due from 0.3 s to 3 s from now: some while it shuts down, most after it is gone.
    const ids = await Promise.all(
      Array.from({ length: 10 }, (_, i) => create({ webhook: hook('/scheduler-sigterm'), delay: 300 + 300 * i })),
    );
    // A frontend's long poll for events (of an owner who has none, so only shutdown answers it)
    // waits on it: shutdown answers it, and its connection must not then hold the exit up.
    const internal = (path: string) =>
      fetch(`${stopping!.url}${path}`, { headers: { authorization: `Bearer ${system.stack.schedulerToken}` } });
    const quietOwner = randomUUID();
    const { cursor } = await (await internal(`/internal/v1/owners/${quietOwner}/events`)).json();
    const longPoll = internal(`/internal/v1/owners/${quietOwner}/events?after=${cursor}&waitMs=25000`);
    await sleep(200);
    const signalledAt = Date.now();
    expect(await stopping!.stop()).toBe(0);
    const stoppedAt = Date.now();
    console.log(`[sigterm] the scheduler exited 0 ${stoppedAt - signalledAt} ms after SIGTERM`);
    expect(stoppedAt - signalledAt).toBeLessThan(2000);
    expect((await longPoll).status).toBe(200);
    for (const id of ids) await until(id, (t) => t.status === 'delivered', 'delivered by the remaining replica');
    expect(ids.map((id) => receivedOf(id).length)).toEqual(ids.map(() => 1));
    const lateness = await latenessOf(ids);
    expect(Math.max(...lateness)).toBeLessThan(1500);
    // Those due after the stopped replica exited can only have been claimed by the other one.
    const dueAfterExit = (await Promise.all(ids.map(task))).filter((t) => Date.parse(t.dueAt) > stoppedAt);
    expect(dueAfterExit.length).toBeGreaterThan(0);
    expect(dueAfterExit.every((t) => t.status === 'delivered')).toBe(true);
    await system.stack.respawn(stopping!);
  });

  it('SIGTERM: a frontend with an open event stream and an idle keep-alive connection exits 0 promptly', async () => {
    const frontend = await system.stack.addFrontend();
    const stream = await openEventStream(`${frontend.url}/v1/events`, { authorization: `Bearer ${system.api.apiKey}` });
    expect(stream.status).toBe(200);
    expect((await fetch(`${frontend.url}/healthz`)).status).toBe(200);
    const signalledAt = Date.now();
    expect(await frontend.stop()).toBe(0);
    console.log(`[sigterm] the frontend exited 0 ${Date.now() - signalledAt} ms after SIGTERM`);
    expect(Date.now() - signalledAt).toBeLessThan(2000);
    await stream.waitUntil('the stream to end', (s) => s.ended);
    expect((await system.api.call('GET', '/v1/tasks?limit=1')).status).toBe(200);
  });

  it('Postgres down: deliveries go on, outcomes wait in Redis, creating answers 503 + Retry-After and records nothing, then it all drains', async () => {
    system.receiver.respondWith(() => ({ status: 200 }));
    // The stack's frontend looks every key up in Postgres (KEY_RECHECK_MS 0), so with Postgres
    // down it refuses on its own. This one trusts a verified key for a minute: its requests get
    // through to the scheduler, whose refusal (accepting needs Postgres) is the one to see.
    const trusting = await system.stack.addFrontend({ env: { KEY_RECHECK_MS: '60000' } });
    const viaTrusting = publicApiClient(trusting.url);
    viaTrusting.apiKey = system.api.apiKey;
    expect((await viaTrusting.call('GET', '/v1/tasks?limit=1')).status).toBe(200);
    const ids = await Promise.all(
      Array.from({ length: 5 }, () => create({ webhook: hook('/pg-down'), delay: 'PT2S' })),
    );
    await postgres.stop();

    const refusedTask = (n: number) => ({ channel: 'webhook', webhook: hook(`/pg-down-refused-${n}`) });
    const refusals = [
      await system.api.call('POST', '/v1/tasks', refusedTask(1)),
      await viaTrusting.call('POST', '/v1/tasks', refusedTask(2)),
      ...(await Promise.all(
        system.stack.schedulers.map(async (scheduler, i) => {
          const res = await fetch(`${scheduler.url}/internal/v1/owners/${ownerId}/tasks`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${system.stack.schedulerToken}` },
            body: JSON.stringify(refusedTask(3 + i)),
          });
          return { status: res.status, headers: res.headers, body: await res.json() };
        }),
      )),
    ];
    expect(refusals.map((r) => [r.status, r.headers.get('retry-after'), r.body.error])).toEqual(
      refusals.map(() => [503, '5', 'the database is unavailable; retry later']),
    );
    await waitFor('deliveries while Postgres is down', () => ids.every((id) => receivedOf(id).length === 1));
    const readiness = await waitFor('a scheduler to say degraded', async () => {
      const body = await (await fetch(`${system.stack.schedulers[0]!.url}/readyz`)).json();
      return body.status === 'degraded' ? body : undefined;
    });
    expect(readiness.checks.postgres).toBe('unreachable');
    const buffered = await eventsWaiting();
    expect(buffered).toBeGreaterThan(0);

    postgres = await startPostgresServer({ dir: `${dir}/postgres`, port: postgres.port });
    for (const id of ids)
      await until(id, (t) => t.status === 'delivered', 'recorded delivered after Postgres returned');
    await waitFor('the outcome buffer to drain', async () => (await eventsWaiting()) === 0);
    const db = new pg.Client({ connectionString: system.db.url });
    await db.connect();
    try {
      const refusedRows = await db.query(`SELECT id FROM tasks WHERE target::text LIKE '%pg-down-refused%'`);
      expect(refusedRows.rows).toEqual([]);
      expect((await db.query(`SELECT id FROM tasks WHERE target::text LIKE '%/pg-down"%'`)).rowCount).toBe(5);
    } finally {
      await db.end();
    }
    expect(await trusting.stop()).toBe(0);
  });

  it('Redis killed and restarted (AOF): nothing accepted is lost, nothing runs twice', async () => {
    const ids = await Promise.all(
      Array.from({ length: 10 }, () => create({ webhook: hook('/redis-restart'), delay: 'PT3S' })),
    );
    const later = await create({ webhook: hook('/redis-restart-cancel'), delay: 'PT1H' });
    await sleep(1500); // past the everysec fsync window
    await redisServer.kill();
    // What needs Redis is refused for now, to be retried: a 503 with Retry-After, not a 500.
    const refused = await system.api.call('DELETE', `/v1/tasks/${later}`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    redisServer = await startRedisServer({
      dir: `${dir}/redis`,
      port: redisServer.port,
      appendfsync: 'everysec',
      password: redisPassword,
    });
    expect((await system.api.call('DELETE', `/v1/tasks/${later}`)).body.status).toBe('cancelled');
    for (const id of ids) await until(id, (t) => t.status === 'delivered', 'delivered after the Redis restart');
    await sleep(1000);
    expect(ids.map((id) => receivedOf(id).length)).toEqual(ids.map(() => 1));
    // On time: the AOF kept them, the reconciler (2 s late at best) did not have to.
    expect(Math.max(...(await latenessOf(ids)))).toBeLessThan(1500);
  });

  it('Redis wiped: schedulers rebuild it from Postgres; waiting tasks run once, delivered ones never again', async () => {
    const before = await create({ webhook: hook('/wiped-before') });
    await until(before, (t) => t.status === 'delivered', 'delivered before the wipe');
    const ids = await Promise.all(Array.from({ length: 10 }, () => create({ webhook: hook('/wiped'), delay: 'PT4S' })));
    await redis.flushall();
    for (const id of ids) await until(id, (t) => t.status === 'delivered', 'delivered after the wipe');
    await sleep(1500);
    expect(ids.map((id) => receivedOf(id).length)).toEqual(ids.map(() => 1));
    // On time: the rebuild put them back before they were due.
    expect(Math.max(...(await latenessOf(ids)))).toBeLessThan(1500);
    expect(receivedOf(before)).toHaveLength(1);
    const onDemand = await fetch(`${system.stack.schedulers[0]!.url}/internal/v1/admin/rebuild`, {
      method: 'POST',
      headers: { authorization: `Bearer ${system.stack.schedulerToken}` },
    });
    expect(await onDemand.json()).toEqual({ queued: 0, lost: 0, deferred: 0 });
  });

  it('replicas whose clocks are off by 5 minutes neither claim early nor late (Redis time is the one clock)', async () => {
    const skewed = [
      await system.stack.addScheduler({
        wrapper: ['faketime', '-f', '+5m'],
        env: { FAKETIME_DONT_FAKE_MONOTONIC: '1' },
      }),
      await system.stack.addScheduler({
        wrapper: ['faketime', '-f', '-5m'],
        env: { FAKETIME_DONT_FAKE_MONOTONIC: '1' },
      }),
    ];
    const normal = system.stack.schedulers.filter((s) => !skewed.includes(s));
    // Stopped cleanly, they leave at once, and the skewed two split every shard between them:
    // this test is about clocks, not about how soon a dead replica's shards are taken over.
    await Promise.all(normal.map((s) => s.stop()));
    await waitForShardSplit(skewed);
    const created: { id: string; dueAt: number }[] = [];
    for (const [i, replica] of skewed.entries()) {
      for (let n = 0; n < 5; n++) {
        const res = await fetch(`${replica.url}/internal/v1/owners/00000000-0000-4000-8000-00000000000${i}/tasks`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${system.stack.schedulerToken}` },
          body: JSON.stringify({ channel: 'webhook', webhook: hook('/skewed'), delay: 'PT2S' }),
        });
        const body = await res.json();
        // Computed on Redis' clock, not the replica's own five-minutes-off one.
        expect(Math.abs(Date.parse(body.dueAt) - (Date.now() + 2000))).toBeLessThan(1000);
        created.push({ id: body.id, dueAt: Date.parse(body.dueAt) });
      }
    }
    await waitFor('every skewed-replica task delivered', () => created.every(({ id }) => receivedOf(id).length === 1), {
      timeoutMs: 15_000,
    });
    for (const { id, dueAt } of created) {
      const lateness = receivedOf(id)[0]!.receivedAt - dueAt;
      expect(lateness).toBeGreaterThanOrEqual(-5);
      expect(lateness).toBeLessThan(1000);
    }
    for (const replica of normal) await system.stack.respawn(replica);
  });

  async function eventsWaiting(): Promise<number> {
    let total = 0;
    for (let shard = 0; shard < 4; shard++) total += await redis.xlen(`{${system.redis.prefix}:${shard}}:events`);
    return total;
  }
});
