import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServerHandle } from '../src/index.js';
import { startTestSystem, waitFor, type TestSystem } from '../src/testing/index.js';

const horizonMs = 3000;

/**
 * The horizon on real processes: 2 scheduler replicas (both running the horizon queuer) and a
 * sender, on a private redis-server this test may wipe. Redis must hold a task only once it is
 * due within HORIZON_MS (3 s here).
 */
describe('tasks due beyond the horizon', () => {
  let dir: string;
  let redisServer: RedisServerHandle;
  let system: TestSystem;
  let redis: Redis;
  let pool: pg.Pool;

  const hook = (path: string) => ({ url: `${system.receiver.url}${path}` });
  const create = async (body: Record<string, unknown>) => {
    const answer = await system.api.call('POST', '/v1/tasks', { channel: 'webhook', ...body });
    expect(answer.status).toBe(201);
    return answer.body.id as string;
  };
  const task = async (id: string) => (await system.api.call('GET', `/v1/tasks/${id}`)).body;
  const receivedOf = (id: string) => system.receiver.received.filter((r) => r.deliveryId === id);
  /** Whether any shard's task bodies hold `id`: Redis holds the task in some form. */
  const inRedis = async (id: string) => {
    for (const key of await redis.keys('*:tasks')) if (await redis.hexists(key, id)) return true;
    return false;
  };
  const queuedFlag = async (id: string) =>
    (await pool.query('SELECT queued FROM tasks WHERE id = $1', [id])).rows[0]?.queued as boolean;

  beforeAll(async () => {
    dir = mkdtempSync(`${tmpdir()}/later-horizon-`);
    redisServer = await startRedisServer({ dir, appendonly: false });
    system = await startTestSystem(
      {
        shardCount: 4,
        schedulers: 2,
        senders: 1,
        env: {
          // Small batches, so two replicas queuing one burst really overlap.
          scheduler: {
            HORIZON_MS: String(horizonMs),
            HORIZON_INTERVAL_MS: '200',
            HORIZON_BATCH: '50',
            RECONCILE_INTERVAL_MS: '500',
          },
        },
      },
      { redisUrl: redisServer.url },
    );
    await system.api.signup('horizon@example.com');
    redis = new Redis(redisServer.url);
    pool = new pg.Pool({ connectionString: system.db.url, max: 2 });
  });

  afterAll(async () => {
    redis?.disconnect();
    await pool?.end();
    await system?.stop();
    await redisServer?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('are not in Redis, are queued when they come within the horizon, and are delivered once', async () => {
    const id = await create({ webhook: hook('/far'), delay: 'PT6S' });
    const dueAt = Date.parse((await task(id)).dueAt);
    expect(await inRedis(id)).toBe(false);
    expect(await queuedFlag(id)).toBe(false);
    await waitFor('the horizon queuer to move it into Redis', () => inRedis(id), { timeoutMs: 10_000, intervalMs: 50 });
    // Queued ahead of its time: about a horizon before it is due, not at the last moment.
    expect(dueAt - Date.now()).toBeGreaterThan(horizonMs / 2);
    expect(await queuedFlag(id)).toBe(true);
    await waitFor('its delivery', () => receivedOf(id).length === 1, { timeoutMs: 15_000 });
    expect(receivedOf(id)[0]!.receivedAt - dueAt).toBeLessThan(1000);
    await waitFor('it to show delivered', async () => (await task(id)).status === 'delivered');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receivedOf(id).length).toBe(1);
  });

  it('two replicas queuing one burst at once deliver each task exactly once', async () => {
    const ownerId = randomUUID();
    const total = 2000;
    const dueAt = Date.now() + horizonMs + 2500;
    const tasks = Array.from({ length: total }, (_, i) => ({
      channel: 'webhook' as const,
      webhook: { url: `${system.receiver.url}/burst`, body: { n: i } },
      runAt: new Date(dueAt + (i % 500)).toISOString(),
    }));
    const ids = new Set<string>();
    for (let offset = 0; offset < total; offset += 1000) {
      const res = await fetch(`${system.stack.schedulerUrl}/internal/v1/owners/${ownerId}/tasks/bulk`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${system.stack.schedulerToken}` },
        body: JSON.stringify({ tasks: tasks.slice(offset, offset + 1000) }),
      });
      expect(res.status).toBe(201);
      for (const t of ((await res.json()) as { tasks: { id: string }[] }).tasks) ids.add(t.id);
    }
    expect(await inRedis([...ids][0]!)).toBe(false);
    const burst = () => system.receiver.received.filter((r) => ids.has(r.deliveryId));
    await waitFor(`${total} deliveries`, () => burst().length >= total, { timeoutMs: 60_000, intervalMs: 100 });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const counts = new Map<string, number>();
    for (const r of burst()) counts.set(r.deliveryId, (counts.get(r.deliveryId) ?? 0) + 1);
    expect(counts.size).toBe(total);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // Queued in time: nothing ran before its time, and the burst was not held up by queuing.
    expect(burst().every((r) => r.receivedAt >= dueAt - 5)).toBe(true);
  });

  it('cancels and changes a task that is not queued yet', async () => {
    const cancelled = await create({ webhook: hook('/cancel-far'), delay: 'PT1M' });
    expect((await system.api.call('DELETE', `/v1/tasks/${cancelled}`)).body.status).toBe('cancelled');

    const changed = await create({ webhook: hook('/patch-far'), delay: 'PT1M' });
    const patch = await system.api.call('PATCH', `/v1/tasks/${changed}`, {
      webhook: { url: `${system.receiver.url}/patched`, body: 'v2' },
    });
    expect(patch.status).toBe(200);
    expect(await inRedis(changed)).toBe(false);
    expect((await system.api.call('PATCH', `/v1/tasks/${changed}`, { delay: 500 })).status).toBe(200);
    await waitFor('the changed task to arrive', () => receivedOf(changed).length === 1, { timeoutMs: 10_000 });
    expect(receivedOf(changed)[0]!.path).toBe('/patched');

    // A queued task moved beyond the horizon leaves Redis.
    const moved = await create({ webhook: hook('/moved'), delay: 'PT2S' });
    expect(await inRedis(moved)).toBe(true);
    expect((await system.api.call('PATCH', `/v1/tasks/${moved}`, { delay: 'PT1H' })).status).toBe(200);
    expect(await inRedis(moved)).toBe(false);
    expect(await queuedFlag(moved)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(receivedOf(cancelled).length + receivedOf(moved).length).toBe(0);
    expect((await task(cancelled)).status).toBe('cancelled');
  });

  it("keeps a schedule's far occurrence in Postgres only", async () => {
    const answer = await system.api.call('POST', '/v1/schedules', {
      cron: '0 0 1 1 *',
      task: { channel: 'webhook', webhook: hook('/yearly') },
    });
    expect(answer.status).toBe(201);
    const { rows } = await pool.query<{ id: string }>('SELECT id FROM tasks WHERE schedule_id = $1', [answer.body.id]);
    expect(rows.length).toBe(1);
    expect(await inRedis(rows[0]!.id)).toBe(false);
  });

  it('after Redis is wiped, the rebuild queues near tasks and leaves far ones to the horizon queuer', async () => {
    const near = await create({ webhook: hook('/wiped-near'), delay: 'PT2S' });
    const far = await create({ webhook: hook('/wiped-far'), delay: 'PT7S' });
    await waitFor('the near one in Redis', () => inRedis(near));
    await redis.flushall();
    await waitFor('the rebuild', () => inRedis(near), { timeoutMs: 10_000, intervalMs: 50 });
    expect(await inRedis(far)).toBe(false);
    for (const id of [near, far])
      await waitFor(`task ${id} delivered`, () => receivedOf(id).length === 1, { timeoutMs: 15_000 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receivedOf(near).length + receivedOf(far).length).toBe(2);
  });
});
