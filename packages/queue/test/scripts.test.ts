import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testRedis, type TestRedis } from '@later/system/testing';
import { HistoryStream } from '../src/historyStream.js';
import { readyListKeys, shardKeys } from '../src/keys.js';
import { streamKeyOf, type QueuedTask } from '../src/queuedTask.js';
import { dueTimeOf, readyEntryTaskId } from '../src/scores.js';
import { QueueScripts } from '../src/scripts.js';
import { queuedTask } from '../src/testing.js';
import { listenForWakes } from './wakeListener.js';

describe('queue scripts on a real Redis', () => {
  let t: TestRedis;
  let q: QueueScripts;
  let history: HistoryStream;

  beforeEach(async () => {
    t = await testRedis();
    q = new QueueScripts(t.redis, t.prefix);
    history = new HistoryStream(t.redis, t.prefix);
  });
  afterEach(async () => {
    await t.cleanup();
  });

  const ready = async () =>
    (await Promise.all(readyListKeys(shardKeys(t.prefix, 0), 'webhook').map((key) => t.redis.lrange(key, 0, -1))))
      .flat()
      .map(readyEntryTaskId);
  const redisNow = async () => {
    const [s, us] = await t.redis.time();
    return Number(s) * 1000 + Math.floor(Number(us) / 1000);
  };

  it('claims only tasks whose time has come, earliest first, and reports the next due time', async () => {
    const now = await redisNow();
    await q.queueTasks(0, [
      { taskId: '3', dueAt: now - 10, task: queuedTask() },
      { taskId: '1', dueAt: now - 30, task: queuedTask() },
      { taskId: '2', dueAt: now - 20, task: queuedTask() },
      { taskId: '4', dueAt: now + 60_000, task: queuedTask() },
    ]);
    const claim = await q.claimDue(0, 100);
    expect(claim.claimed).toBe(3);
    expect(claim.nextDueAt).toBe(now + 60_000);
    expect(await ready()).toEqual(['1', '2', '3']);
    expect((await q.claimDue(0, 100)).claimed).toBe(0);
  });

  it('never claims the same task twice when several connections race', async () => {
    const now = await redisNow();
    const entries = Array.from({ length: 5000 }, (_, i) => ({
      taskId: String(i + 1),
      dueAt: now - 1,
      task: queuedTask(),
    }));
    await q.queueTasks(0, entries);
    const racers = Array.from({ length: 4 }, () => new Redis(t.url));
    try {
      const claimers = racers.map((r) => new QueueScripts(r, t.prefix));
      const totals = await Promise.all(
        claimers.map(async (c) => {
          let total = 0;
          for (;;) {
            const { claimed } = await c.claimDue(0, 97);
            if (claimed === 0) return total;
            total += claimed;
          }
        }),
      );
      expect(totals.reduce((a, b) => a + b, 0)).toBe(5000);
      const all = await ready();
      expect(all.length).toBe(5000);
      expect(new Set(all).size).toBe(5000);
    } finally {
      for (const r of racers) r.disconnect();
    }
  });

  it('counts what a claim took by channel, a task left waiting for its stream included', async () => {
    const email = { ...queuedTask(), channel: 'email', email: { to: 'a@b.co', subject: 's', text: 't' } } as QueuedTask;
    const stream = streamKeyOf('owner', 'invoices');
    await q.queueTasks(0, [
      { taskId: '1', dueAt: 0, task: queuedTask() },
      { taskId: '2', dueAt: 0, task: queuedTask({ priority: 0 }) },
      { taskId: '3', dueAt: 0, task: email },
      { taskId: '4', dueAt: 1, task: queuedTask({ streamKey: stream }) },
      { taskId: '5', dueAt: 2, task: queuedTask({ streamKey: stream }) },
    ]);
    const claim = await q.claimDue(0, 100);
    expect(claim.claimed).toBe(5);
    expect(claim.claimedByChannel).toEqual({ webhook: 4, email: 1, sms: 0 });
    expect(await ready()).toHaveLength(3); // 1, 2 and the stream's first; 5 waits for its stream
    expect((await q.claimDue(0, 100)).claimedByChannel).toEqual({ webhook: 0, email: 0, sms: 0 });
  });

  it('reads what waits: ready and held by channel, parked, due and unclaimed, leases and events streams, summed over shards', async () => {
    const email = { ...queuedTask(), channel: 'email', email: { to: 'a@b.co', subject: 's', text: 't' } } as QueuedTask;
    const none = { webhook: 0, email: 0, sms: 0 };
    const depths = (shards: number[]) => q.queueDepths(shards, Date.now());
    expect(await depths([0, 1])).toEqual({
      ready: none,
      held: none,
      parked: 0,
      dueUnclaimed: 0,
      leases: 0,
      historyEntries: 0,
    });
    await q.queueTasks(0, [
      { taskId: '1', dueAt: 0, task: queuedTask() },
      { taskId: '2', dueAt: 0, task: queuedTask({ priority: 2 }) },
      { taskId: '3', dueAt: 0, task: email },
      { taskId: '6', dueAt: Date.now() + 60_000, task: queuedTask() },
      { taskId: '8', dueAt: Date.now() + 3_600_000, task: queuedTask() },
    ]);
    await q.queueTasks(1, [
      { taskId: '4', dueAt: 0, task: queuedTask({ priority: 0 }) },
      { taskId: '5', dueAt: 0, task: queuedTask() },
      { taskId: '7', dueAt: 0, task: queuedTask() },
      { taskId: '9', dueAt: Date.now() + 7_200_000, task: queuedTask() },
    ]);
    expect(await depths([0, 1])).toMatchObject({ ready: none, parked: 2, dueUnclaimed: 6 });
    await q.claimDue(0, 100);
    await q.claimDue(1, 100, 2);
    expect(await depths([0, 1])).toEqual({
      ready: { webhook: 4, email: 1, sms: 0 },
      held: { webhook: 1, email: 0, sms: 0 },
      parked: 2,
      dueUnclaimed: 0,
      leases: 0,
      historyEntries: 0,
    });
    expect(await q.cancelTask(1, '9')).toBe('cancelled');
    expect((await depths([0, 1])).parked).toBe(1);
    await q.takeReady(1, 'webhook', 1, 5000);
    expect(await depths([0, 1])).toMatchObject({
      ready: { webhook: 3, email: 1, sms: 0 },
      leases: 1,
      historyEntries: 1,
    });
    expect((await depths([0])).ready.webhook).toBe(2);
  });

  it('wakes sleepers only when the earliest due time moves earlier', async () => {
    const wakes = await listenForWakes(t.url, t.prefix);
    try {
      await q.queueTasks(0, [{ taskId: '1', dueAt: 5000, task: queuedTask() }]);
      await q.queueTasks(0, [{ taskId: '2', dueAt: 6000, task: queuedTask() }]);
      await q.queueTasks(0, [{ taskId: '3', dueAt: 4000, task: queuedTask() }]);
      expect(await wakes.heard(t.redis)).toEqual(['0:5000', '0:4000']);
    } finally {
      wakes.close();
    }
  });

  it('leases ready tasks with increasing attempt numbers and skips cancelled ones', async () => {
    await q.queueTasks(0, [
      { taskId: '1', dueAt: 0, task: queuedTask() },
      { taskId: '2', dueAt: 0, task: queuedTask() },
    ]);
    await q.claimDue(0, 10);
    expect(await q.cancelTask(0, '2')).toBe('cancelled');
    const { leased, redisNow: at } = await q.takeReady(0, 'webhook', 10, 5000);
    expect(leased.map((l) => [l.taskId, l.attempt])).toEqual([['1', 1]]);
    const expiry = Number(await t.redis.zscore(shardKeys(t.prefix, 0).leases, '1'));
    expect(expiry).toBe(at + 1000 + 5000);
    expect(await q.cancelTask(0, '1')).toBe('running');
  });

  it('hands each attempt out with its due time and the time its claim made it ready, and records both with its start', async () => {
    const now = await redisNow();
    await q.queueTasks(0, [
      { taskId: '1', dueAt: now - 40, task: queuedTask() },
      { taskId: '2', dueAt: now - 30, task: queuedTask() },
    ]);
    const claim = await q.claimDue(0, 10);
    expect(await q.cancelTask(0, '2')).toBe('cancelled');
    expect(await ready()).toEqual(['1']);
    const { leased, redisNow: takenAt } = await q.takeReady(0, 'webhook', 10, 5000);
    expect(leased.map((l) => [l.taskId, l.dueAt, l.claimedAt])).toEqual([['1', now - 40, claim.redisNow]]);
    expect(takenAt).toBeGreaterThanOrEqual(claim.redisNow);
    const [start] = await history.readOldest([0], 10);
    expect(start).toMatchObject({
      kind: 'start',
      taskId: '1',
      attempt: 1,
      at: takenAt,
      dueAt: now - 40,
      claimedAt: claim.redisNow,
    });
  });

  it('refuses a report carrying a stale fencing token', async () => {
    await q.queueTasks(0, [{ taskId: '7', dueAt: 0, task: queuedTask() }]);
    await q.claimDue(0, 10);
    const { leased } = await q.takeReady(0, 'webhook', 10, 0);
    const first = leased[0]!;
    // The lease expires (margin 0, timeout 1 s) and another sender takes the task over.
    await t.redis.zadd(shardKeys(t.prefix, 0).leases, 0, '7');
    expect((await q.requeueExpired(0, 10)).requeued).toBe(1);
    await q.claimDue(0, 10);
    const second = (await q.takeReady(0, 'webhook', 10, 5000)).leased[0]!;
    expect(second.attempt).toBe(2);
    const report = { taskId: '7', outcome: 'success' as const, retryDelayMs: 0, startedAt: 1 };
    expect(await q.ackDelivery(0, { ...report, attempt: first.attempt })).toBe('stale');
    expect(await q.ackDelivery(0, { ...report, attempt: second.attempt })).toBe('delivered');
    expect(await q.ackDelivery(0, { ...report, attempt: second.attempt })).toBe('stale');
  });

  it('retries a retryable failure at the given time until attempts run out, then it is dead', async () => {
    await q.queueTasks(0, [{ taskId: '9', dueAt: 0, task: queuedTask({ maxAttempts: 2 }) }]);
    await q.claimDue(0, 10);
    let leased = (await q.takeReady(0, 'webhook', 10, 5000)).leased[0]!;
    const before = await redisNow();
    expect(
      await q.ackDelivery(0, {
        taskId: '9',
        attempt: leased.attempt,
        outcome: 'retryable',
        retryDelayMs: 60_000,
        startedAt: 1,
        httpStatus: 503,
      }),
    ).toBe('retrying');
    const retryAt = dueTimeOf(Number(await t.redis.zscore(shardKeys(t.prefix, 0).due, '9')));
    expect(retryAt).toBeGreaterThanOrEqual(before + 60_000);
    expect(retryAt).toBeLessThan(before + 61_000);
    await t.redis.zadd(shardKeys(t.prefix, 0).due, 0, '9');
    await q.claimDue(0, 10);
    leased = (await q.takeReady(0, 'webhook', 10, 5000)).leased[0]!;
    expect(leased.attempt).toBe(2);
    expect(
      await q.ackDelivery(0, {
        taskId: '9',
        attempt: 2,
        outcome: 'retryable',
        retryDelayMs: 0,
        startedAt: 1,
        error: 'ECONNREFUSED',
      }),
    ).toBe('dead');
    expect(await t.redis.hexists(shardKeys(t.prefix, 0).tasks, '9')).toBe(0);
    expect(await q.cancelTask(0, '9')).toBe('finishing');
  });

  it('turns a permanent failure into dead at once', async () => {
    await q.queueTasks(0, [{ taskId: '5', dueAt: 0, task: queuedTask({ maxAttempts: 5 }) }]);
    await q.claimDue(0, 10);
    await q.takeReady(0, 'webhook', 10, 5000);
    expect(
      await q.ackDelivery(0, {
        taskId: '5',
        attempt: 1,
        outcome: 'permanent',
        retryDelayMs: 0,
        startedAt: 1,
        httpStatus: 404,
      }),
    ).toBe('dead');
  });

  it('writes every start and finish to the history stream, in order', async () => {
    await q.queueTasks(0, [{ taskId: '11', dueAt: 0, task: queuedTask() }]);
    await q.claimDue(0, 10);
    await q.takeReady(0, 'webhook', 10, 5000);
    await q.ackDelivery(0, {
      taskId: '11',
      attempt: 1,
      outcome: 'success',
      retryDelayMs: 0,
      startedAt: 123,
      httpStatus: 204,
    });
    const events = await history.readOldest([0], 100);
    expect(events.map((e) => [e.kind, e.taskId, e.attempt, e.outcome, e.status, e.httpStatus])).toEqual([
      ['start', '11', 1, undefined, undefined, undefined],
      ['finish', '11', 1, 'success', 'delivered', 204],
    ]);
    await history.remove(events);
    expect(await history.depth([0])).toBe(0);
    expect(await q.forgetFinished(0, [{ taskId: '11', attempt: 1 }])).toBe(1);
    expect(await q.cancelTask(0, '11')).toBe('absent');
  });

  it('carries the kind of each failure to history: the sender\u2019s, or lease_expired when no report came', async () => {
    await q.queueTasks(0, [{ taskId: '13', dueAt: 0, task: queuedTask({ maxAttempts: 3 }) }]);
    await q.claimDue(0, 10);
    await q.takeReady(0, 'webhook', 10, 5000);
    await q.ackDelivery(0, {
      taskId: '13',
      attempt: 1,
      outcome: 'retryable',
      retryDelayMs: 0,
      startedAt: 1,
      httpStatus: 502,
      error: 'HTTP 502',
      errorClass: 'http_5xx',
    });
    await q.claimDue(0, 10);
    await q.takeReady(0, 'webhook', 10, -60_000);
    expect((await q.requeueExpired(0, 10)).requeued).toBe(1);
    const finishes = (await history.readOldest([0], 100)).filter((e) => e.kind === 'finish');
    expect(finishes.map((e) => [e.attempt, e.outcome, e.errorClass])).toEqual([
      [1, 'retryable', 'http_5xx'],
      [2, 'lost', 'lease_expired'],
    ]);
  });

  it('carries each attempt\u2019s excerpt to history, on a failure and in a batch of deliveries', async () => {
    await q.queueTasks(0, [
      { taskId: '14', dueAt: 0, task: queuedTask({ maxAttempts: 3 }) },
      { taskId: '15', dueAt: 0, task: queuedTask() },
    ]);
    await q.claimDue(0, 10);
    await q.takeReady(0, 'webhook', 10, 5000);
    const excerptOf = (text: string) => ({
      request: { method: 'POST', body: { text, bytes: text.length, truncated: false } },
      response: { status: 200 },
    });
    await q.ackDeliveries(0, [
      {
        taskId: '14',
        attempt: 1,
        outcome: 'retryable',
        retryDelayMs: 0,
        startedAt: 1,
        httpStatus: 502,
        excerpt: excerptOf('"to 14" \u00e9'),
      },
      {
        taskId: '15',
        attempt: 1,
        outcome: 'success',
        retryDelayMs: 0,
        startedAt: 1,
        httpStatus: 200,
        excerpt: excerptOf('to 15'),
      },
    ]);
    const finishes = (await history.readOldest([0], 100)).filter((e) => e.kind === 'finish');
    expect(Object.fromEntries(finishes.map((e) => [e.taskId, e.excerpt]))).toEqual({
      '14': excerptOf('"to 14" \u00e9'),
      '15': excerptOf('to 15'),
    });
  });

  it('hands the oldest events out until they are removed, so a writer that died leaves them to the next', async () => {
    await q.queueTasks(0, [{ taskId: '12', dueAt: 0, task: queuedTask() }]);
    await q.claimDue(0, 10);
    await q.takeReady(0, 'webhook', 10, 5000);
    expect(await history.readOldest([0], 100)).toHaveLength(1);
    await q.ackDelivery(0, { taskId: '12', attempt: 1, outcome: 'success', retryDelayMs: 0, startedAt: 1 });
    const again = await history.readOldest([0], 1);
    expect(again.map((e) => [e.kind, e.taskId])).toEqual([['start', '12']]);
    await history.remove(again);
    expect((await history.readOldest([0], 100)).map((e) => e.kind)).toEqual(['finish']);
  });
});
