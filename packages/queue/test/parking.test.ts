import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testRedis, type TestRedis } from '@later/system/testing';
import { encodeQueuedTask } from '../src/taskEncoding.js';
import { shardKeys } from '../src/keys.js';
import { defaultParking, type ParkingLayout } from '../src/parking.js';
import { QueueScripts } from '../src/scripts.js';
import { queuedTask } from '../src/testing.js';
import { listenForWakes } from './wakeListener.js';

// Slots of a second, promoted 300 ms ahead: parking and promotion within a test's time.
const quick: ParkingLayout = { slotMs: 1000, aheadMs: 300, idSpan: 1024 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('parked tasks: due later, held compactly, promoted ahead of their time', () => {
  let t: TestRedis;
  let q: QueueScripts;

  beforeEach(async () => {
    t = await testRedis();
    q = new QueueScripts(t.redis, t.prefix, quick);
  });
  afterEach(async () => {
    await t.cleanup();
  });

  const redisNow = async () => {
    const [s, us] = await t.redis.time();
    return Number(s) * 1000 + Math.floor(Number(us) / 1000);
  };
  const k = () => shardKeys(t.prefix, 0);
  /** A due time in a slot that starts at least `slots` slots from now. */
  const laterSlot = async (slots: number) => (Math.floor((await redisNow()) / 1000) + slots) * 1000 + 400;
  const takeAll = async () => (await q.takeReady(0, 'webhook', 100, 5000)).leased;
  const waitUntilRedis = async (at: number) => {
    while ((await redisNow()) < at) await sleep(20);
  };

  it('parks a task due after the next promotion instead of putting it in the due set, and refuses it twice', async () => {
    const dueAt = await laterSlot(3);
    const near = (await redisNow()) + 100;
    expect(
      await q.queueTasks(0, [
        { taskId: '1', dueAt, task: queuedTask() },
        { taskId: '2', dueAt: near, task: queuedTask() },
      ]),
    ).toEqual([true, true]);
    expect(await t.redis.zrange(k().due, 0, -1)).toEqual(['2']);
    expect(await t.redis.hkeys(k().tasks)).toEqual(['2']);
    expect(await t.redis.llen(`${k().parkedPrefix}${Math.floor(dueAt / 1000)}`)).toBe(1);
    // Redis holds it, parked: queuing it again (a horizon queuer pass, a reconcile) must not run it twice.
    expect(await q.queueTasks(0, [{ taskId: '1', dueAt, task: queuedTask() }])).toEqual([false]);
    // Its promotion time is the shard's next wake-up once the near task is claimed.
    const heads = await q.dueHeads([0]);
    expect(heads.get(0)).toBe(near);
    await waitUntilRedis(near);
    const claim = await q.claimDue(0, 100);
    expect(claim.claimed).toBe(1);
    expect(claim.nextDueAt).toBe(Math.floor(dueAt / 1000) * 1000 - quick.aheadMs);
    expect((await q.dueHeads([0])).get(0)).toBe(claim.nextDueAt);
  });

  it('finds a parked task by its id up to the largest bigint id, as the scripts file it', async () => {
    const dueAt = await laterSlot(3);
    for (const taskId of ['5', '1048577', '9223372036854775807']) {
      expect(await q.holdsTask(0, taskId)).toBe(false);
      expect(await q.queueTasks(0, [{ taskId, dueAt, task: queuedTask() }])).toEqual([true]);
      expect(await q.holdsTask(0, taskId)).toBe(true);
      expect(await q.cancelTask(0, taskId)).toBe('cancelled');
      expect(await q.holdsTask(0, taskId)).toBe(false);
    }
  });

  it('promotes a parked task with its attempts and deadline, and delivers it at its due time, not before', async () => {
    const dueAt = await laterSlot(2);
    const bumpAt = dueAt + 60_000;
    await q.queueTasks(0, [{ taskId: '7', dueAt, task: queuedTask({ priority: 2, bumpAt }), attemptsMade: 2 }]);
    expect(await t.redis.hexists(k().attempts, '7')).toBe(0);
    const first = await q.claimDue(0, 100);
    expect(first.claimed).toBe(0);
    await waitUntilRedis(first.nextDueAt!);
    const promoted = await q.claimDue(0, 100);
    expect(promoted.claimed).toBe(0);
    expect(promoted.nextDueAt).toBe(dueAt);
    expect(await t.redis.hget(k().attempts, '7')).toBe('2');
    expect(Number(await t.redis.zscore(k().deadlines, '7'))).toBe(bumpAt);
    expect(await t.redis.exists(k().parkedSlots)).toBe(0);
    expect(await takeAll()).toEqual([]);
    await waitUntilRedis(dueAt);
    expect((await q.claimDue(0, 100)).claimed).toBe(1);
    const [leased] = await takeAll();
    expect(leased).toMatchObject({ taskId: '7', attempt: 3, dueAt, task: { priority: 2, bumpAt } });
  });

  it('cancels a parked task; one cancelled and parked again in the same slot runs once, as it is now', async () => {
    const dueAt = await laterSlot(2);
    await q.queueTasks(0, [
      { taskId: '1', dueAt, task: queuedTask() },
      {
        taskId: '2',
        dueAt: dueAt + 100,
        task: queuedTask({ webhook: { url: 'http://127.0.0.1:1/old', method: 'POST', headers: {} } }),
      },
    ]);
    const parked = async () => (await q.queueDepths([0], 0)).parked;
    expect(await parked()).toBe(2);
    expect(await q.cancelTask(0, '1')).toBe('cancelled');
    expect(await q.cancelTask(0, '1')).toBe('absent');
    expect(await parked()).toBe(1);
    // A reschedule: cancelled, then queued again with a new body in the same slot.
    expect(await q.cancelTask(0, '2')).toBe('cancelled');
    const renewed = queuedTask({ webhook: { url: 'http://127.0.0.1:1/new', method: 'POST', headers: {} } });
    expect(await q.queueTasks(0, [{ taskId: '2', dueAt: dueAt + 200, task: renewed }])).toEqual([true]);
    expect(await parked()).toBe(1);
    await waitUntilRedis(dueAt + 200);
    expect((await q.claimDue(0, 100)).claimed).toBe(1);
    const leased = await takeAll();
    expect(leased.map((l) => [l.taskId, l.dueAt, l.task])).toEqual([['2', dueAt + 200, renewed]]);
    expect(await parked()).toBe(0);
    expect(await t.redis.hgetall(`${k().parkedAtPrefix}0`)).toEqual({});
  });

  it('promotes a crowded slot a batch per claim, each task once', async () => {
    const dueAt = await laterSlot(2);
    const ids = Array.from({ length: 250 }, (_, i) => String(i + 1));
    await q.queueTasks(
      0,
      ids.map((taskId) => ({ taskId, dueAt, task: queuedTask() })),
    );
    for (const taskId of ['10', '20']) await q.cancelTask(0, taskId);
    expect((await q.queueDepths([0], 0)).parked).toBe(248);
    const first = await q.claimDue(0, 100);
    await waitUntilRedis(first.nextDueAt!);
    const sizes: number[] = [];
    for (let i = 0; i < 4; i++) {
      const claim = await q.claimDue(0, 100);
      sizes.push(await t.redis.zcard(k().due));
      // Parked tasks are left to promote: the shard is to be claimed again at once.
      if (i < 2) expect(claim.nextDueAt).toBeLessThanOrEqual(claim.redisNow);
    }
    expect(sizes).toEqual([100, 200, 248, 248]);
    expect((await q.queueDepths([0], 0)).parked).toBe(0);
    await waitUntilRedis(dueAt);
    expect((await q.claimDue(0, 1000)).claimed).toBe(248);
    const taken = (await q.takeReady(0, 'webhook', 1000, 5000)).leased.map((l) => l.taskId);
    expect(new Set(taken)).toEqual(new Set(ids.filter((id) => id !== '10' && id !== '20')));
  });

  it('wakes sleepers when a parked slot becomes the earliest to promote', async () => {
    const wakes = await listenForWakes(t.url, t.prefix);
    try {
      const later = await laterSlot(5);
      const sooner = await laterSlot(3);
      await q.queueTasks(0, [{ taskId: '1', dueAt: later, task: queuedTask() }]);
      await q.queueTasks(0, [{ taskId: '2', dueAt: later + 1000, task: queuedTask() }]);
      await q.queueTasks(0, [{ taskId: '3', dueAt: sooner, task: queuedTask() }]);
      const promotionOf = (dueAt: number) => `0:${Math.floor(dueAt / 1000) * 1000 - quick.aheadMs}`;
      expect(await wakes.heard(t.redis)).toEqual([promotionOf(later), promotionOf(sooner)]);
    } finally {
      wakes.close();
    }
  });

  it('with random cancels and reschedules and two racing claimers, runs every task left once, as last queued, never early', async () => {
    // Slots of 100 ms promoted 50 ms ahead: over two seconds, tasks are parked, promoted and run.
    const fast: ParkingLayout = { slotMs: 100, aheadMs: 50, idSpan: 16 };
    const other = new Redis(t.url);
    const claimers = [new QueueScripts(t.redis, t.prefix, fast), new QueueScripts(other, t.prefix, fast)];
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    try {
      const start = await redisNow();
      const expected = new Map<string, { dueAt: number; url: string }>();
      for (let round = 0; round < 3; round++) {
        const entries = Array.from({ length: 100 }, (_, i) => {
          const taskId = String(round * 100 + i + 1);
          const dueAt = start + 400 + Math.floor(random() * 1500);
          const url = `http://127.0.0.1:1/${taskId}/v1`;
          expected.set(taskId, { dueAt, url });
          return { taskId, dueAt, task: queuedTask({ webhook: { url, method: 'POST', headers: {} } }) };
        });
        expect(await claimers[round % 2]!.queueTasks(0, entries)).not.toContain(false);
        for (const { taskId } of entries) {
          const pick = random();
          if (pick < 0.2) {
            expect(await claimers[0]!.cancelTask(0, taskId)).toBe('cancelled');
            expected.delete(taskId);
          } else if (pick < 0.4) {
            // A reschedule, as changeTask does it: out of Redis, then in again, maybe in the same slot.
            expect(await claimers[1]!.cancelTask(0, taskId)).toBe('cancelled');
            const dueAt = expected.get(taskId)!.dueAt + Math.floor(random() * 200) - 100;
            const url = `http://127.0.0.1:1/${taskId}/v2`;
            expected.set(taskId, { dueAt, url });
            expect(
              await claimers[0]!.queueTasks(0, [
                { taskId, dueAt, task: queuedTask({ webhook: { url, method: 'POST', headers: {} } }) },
              ]),
            ).toEqual([true]);
          }
        }
      }
      const ran = new Map<string, { dueAt: number | null; claimedAt: number | null; url: string }[]>();
      const lastDue = Math.max(...[...expected.values()].map((e) => e.dueAt));
      while ((await redisNow()) < lastDue + 300) {
        // Small batches, so promotions of one slot span several claims of both claimers.
        await Promise.all(claimers.map((q) => q.claimDue(0, 7)));
        for (const l of (await claimers[0]!.takeReady(0, 'webhook', 1000, 60_000)).leased) {
          if (l.task.channel !== 'webhook') continue;
          ran.set(l.taskId, [
            ...(ran.get(l.taskId) ?? []),
            { dueAt: l.dueAt, claimedAt: l.claimedAt, url: l.task.webhook.url },
          ]);
        }
        await sleep(5);
      }
      expect([...ran.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [taskId, runs] of ran) {
        expect(runs).toHaveLength(1);
        expect(runs[0]!.url).toBe(expected.get(taskId)!.url);
        expect(runs[0]!.dueAt).toBe(expected.get(taskId)!.dueAt);
        expect(runs[0]!.claimedAt).toBeGreaterThanOrEqual(runs[0]!.dueAt!);
      }
      expect(await t.redis.exists(k().parkedSlots)).toBe(0);
      expect((await claimers[0]!.queueDepths([0], 0)).parked).toBe(0);
    } finally {
      other.disconnect();
    }
  });

  it('holds a task of the next hour in well under 150 bytes of Redis, parked', async () => {
    const scripts = new QueueScripts(t.redis, t.prefix, defaultParking);
    const shards = 16;
    const count = 64_000;
    const start = (await redisNow()) + 5 * 60_000;
    const task = queuedTask({ ownerId: 'AbCdEfGhIjKlMnOpQrStUv' });
    const byShard = new Map<number, { taskId: string; dueAt: number; task: typeof task }[]>();
    for (let id = 1; id <= count; id++) {
      const entries = byShard.get(id % shards) ?? [];
      entries.push({ taskId: String(id), dueAt: start + ((id * 7919) % 3_300_000), task });
      byShard.set(id % shards, entries);
    }
    for (const [shard, entries] of byShard) expect(await scripts.queueTasks(shard, entries)).not.toContain(false);
    const keys = await t.redis.keys(`{${t.prefix}:*`);
    let bytes = 0;
    for (const key of keys) bytes += Number(await t.redis.memory('USAGE', key, 'SAMPLES', 0));
    // The encoded task alone is this long; what parking adds is the id twice, a score and slack.
    const encodedLength = encodeQueuedTask(task).length;
    expect(encodedLength).toBeGreaterThan(60);
    expect(bytes / count).toBeLessThan(encodedLength + 50);
    expect(bytes / count).toBeLessThan(150);
  });
});
