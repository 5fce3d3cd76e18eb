import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testRedis, type TestRedis } from '@later/system/testing';
import { readyListKeys, shardKeys } from '../src/keys.js';
import { streamKeyOf, type QueuedTask } from '../src/queuedTask.js';
import { dueScore, readyEntryTaskId, splitDueScore } from '../src/scores.js';
import { QueueScripts } from '../src/scripts.js';
import { queuedTask } from '../src/testing.js';

describe('ordering, deadlines, streams and catch-up in the scripts', () => {
  let t: TestRedis;
  let q: QueueScripts;
  const ready = async () =>
    (await Promise.all(readyListKeys(shardKeys(t.prefix, 0), 'webhook').map((key) => t.redis.lrange(key, 0, -1))))
      .flat()
      .map(readyEntryTaskId);
  const takeAll = async () => (await q.takeReady(0, 'webhook', 100, 5000)).leased.map((l) => l.taskId);
  const succeed = (taskId: string, attempt = 1) =>
    q.ackDelivery(0, { taskId, attempt, outcome: 'success', retryDelayMs: 0, startedAt: 0 });

  beforeEach(async () => {
    t = await testRedis();
    q = new QueueScripts(t.redis, t.prefix);
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('keeps due scores exact to the millisecond with their flags', () => {
    const score = dueScore(1_795_492_537_665, { priority: 'low', front: true, inStream: true, channel: 'sms' });
    expect(score).toBe('114911522410606');
    expect(splitDueScore(Number(score))).toEqual({
      dueAt: 1_795_492_537_665,
      priority: 'low',
      front: true,
      inStream: true,
      channel: 'sms',
    });
  });

  it('hands out high before medium before low, and a front task before those already waiting', async () => {
    await q.queueTasks(0, [
      { taskId: '1', dueAt: 1, task: queuedTask({ priority: 2 }) },
      { taskId: '2', dueAt: 2, task: queuedTask({ priority: 1 }) },
      { taskId: '3', dueAt: 3, task: queuedTask({ priority: 0 }) },
      { taskId: '4', dueAt: 4, task: queuedTask({ priority: 1 }) },
    ]);
    await q.claimDue(0, 100);
    await q.queueTasks(0, [{ taskId: '5', dueAt: 5, task: queuedTask({ priority: 1 }), front: true }]);
    await q.claimDue(0, 100);
    expect(await ready()).toEqual(['3', '5', '2', '4', '1']);
    expect(await takeAll()).toEqual(['3', '5', '2', '4', '1']);
  });

  it('raises a task to high priority when its deadline comes near, waiting or ready', async () => {
    const now = Date.now();
    await q.queueTasks(0, [
      { taskId: '1', dueAt: 1, task: queuedTask({ priority: 1 }) },
      // Already past its bump time when due: high from the start.
      { taskId: '2', dueAt: 2, task: queuedTask({ priority: 2, bumpAt: 1 }) },
      // Becomes urgent while it waits in a ready list.
      { taskId: '3', dueAt: 3, task: queuedTask({ priority: 2, bumpAt: now + 300 }) },
    ]);
    await q.claimDue(0, 100);
    expect(await ready()).toEqual(['2', '1', '3']);
    await new Promise((resolve) => setTimeout(resolve, 350));
    const entries = async () =>
      (
        await Promise.all(readyListKeys(shardKeys(t.prefix, 0), 'webhook').map((key) => t.redis.lrange(key, 0, -1)))
      ).flat();
    const entryBefore = (await entries()).find((entry) => readyEntryTaskId(entry) === '3');
    await q.claimDue(0, 100);
    expect(await ready()).toEqual(['2', '3', '1']);
    // Raised, not claimed again: it keeps the time its first claim made it ready.
    expect((await entries()).find((entry) => readyEntryTaskId(entry) === '3')).toBe(entryBefore);
  });

  it('lowers the priority of each retry by one level, never below low', async () => {
    await q.queueTasks(0, [{ taskId: '1', dueAt: 1, task: queuedTask({ priority: 0, maxAttempts: 5 }) }]);
    for (const [attempt, expected] of [
      [1, 'medium'],
      [2, 'low'],
      [3, 'low'],
    ] as const) {
      await q.claimDue(0, 10);
      await q.takeReady(0, 'webhook', 10, 5000);
      await q.ackDelivery(0, { taskId: '1', attempt, outcome: 'retryable', retryDelayMs: 0, startedAt: 0 });
      const score = Number(await t.redis.zscore(shardKeys(t.prefix, 0).due, '1'));
      expect(splitDueScore(score).priority).toBe(expected);
    }
  });

  it('runs the tasks of one stream one at a time, in due order, and others alongside', async () => {
    const a = streamKeyOf('owner', 'invoices');
    const b = streamKeyOf('owner', 'emails');
    await q.queueTasks(0, [
      { taskId: '1', dueAt: 1, task: queuedTask({ streamKey: a }) },
      { taskId: '2', dueAt: 2, task: queuedTask({ streamKey: a }) },
      { taskId: '3', dueAt: 3, task: queuedTask({ streamKey: a }) },
      { taskId: '4', dueAt: 4, task: queuedTask({ streamKey: b }) },
      { taskId: '5', dueAt: 5, task: queuedTask() },
    ]);
    await q.claimDue(0, 100);
    expect(await takeAll()).toEqual(['1', '4', '5']);
    expect(await takeAll()).toEqual([]);
    const releasedAfter = Date.now();
    expect(await succeed('1')).toBe('delivered');
    // Made ready when its stream came free: due as scheduled, ready only now.
    const [second] = (await q.takeReady(0, 'webhook', 100, 5000)).leased;
    expect(second).toMatchObject({ taskId: '2', dueAt: 2 });
    expect(second!.claimedAt).toBeGreaterThanOrEqual(releasedAfter - 1000);
    // A retry keeps the stream: the next task waits until the retried one is finished.
    await q.ackDelivery(0, { taskId: '2', attempt: 1, outcome: 'retryable', retryDelayMs: 0, startedAt: 0 });
    await q.claimDue(0, 100);
    expect(await takeAll()).toEqual(['2']);
    expect(await succeed('2', 2)).toBe('delivered');
    expect(await takeAll()).toEqual(['3']);
  });

  it('gives a stream to the next task when the one holding it is cancelled', async () => {
    const a = streamKeyOf('owner', 's');
    await q.queueTasks(0, [
      { taskId: '1', dueAt: 1, task: queuedTask({ streamKey: a }) },
      { taskId: '2', dueAt: 2, task: queuedTask({ streamKey: a }) },
    ]);
    await q.claimDue(0, 100);
    expect(await q.cancelTask(0, '1')).toBe('cancelled');
    expect(await takeAll()).toEqual(['2']);
  });

  it('gives a stream to the next task when the one holding it is skipped past its expiry', async () => {
    const a = streamKeyOf('owner', 's');
    await q.queueTasks(0, [
      { taskId: '1', dueAt: 1, task: queuedTask({ streamKey: a, expiresAt: 2 }) },
      { taskId: '2', dueAt: 2, task: queuedTask({ streamKey: a }) },
    ]);
    await q.claimDue(0, 100);
    expect(await takeAll()).toEqual([]);
    expect(await takeAll()).toEqual(['2']);
  });

  it('skips a task past its expiry instead of handing it out', async () => {
    await q.queueTasks(0, [
      { taskId: '1', dueAt: 1, task: queuedTask({ expiresAt: 2 }) },
      { taskId: '2', dueAt: 1, task: queuedTask({ expiresAt: Date.now() + 60_000 }) },
    ]);
    await q.claimDue(0, 100);
    expect(await takeAll()).toEqual(['2']);
    const events = await t.redis.xrange(shardKeys(t.prefix, 0).events, '-', '+');
    const finish = events.map(([, fields]) => fields).find((f) => f.includes('finish'))!;
    expect(finish).toEqual(expect.arrayContaining(['id', '1', 'outcome', 'skipped', 'status', 'cancelled']));
  });

  it('keeps ready lists per channel, so each channel is taken on its own', async () => {
    await q.queueTasks(0, [
      { taskId: '1', dueAt: 1, task: queuedTask() },
      {
        taskId: '2',
        dueAt: 1,
        task: { ...queuedTask(), channel: 'email', email: { to: 'a@b.co', subject: 's', text: 't' } } as QueuedTask,
      },
      {
        taskId: '3',
        dueAt: 1,
        task: { ...queuedTask(), channel: 'sms', sms: { to: '+4915112345678', body: 'b' } } as QueuedTask,
      },
    ]);
    await q.claimDue(0, 10);
    expect((await q.takeReady(0, 'email', 10, 5000)).leased.map((l) => l.taskId)).toEqual(['2']);
    expect((await q.takeReady(0, 'sms', 10, 5000)).leased.map((l) => [l.taskId, l.task.channel])).toEqual([
      ['3', 'sms'],
    ]);
    expect(await takeAll()).toEqual(['1']);
  });

  it('keeps at most the ready limit per channel, holding the rest in due order while other channels go on', async () => {
    const email = (id: string, dueAt: number) => ({
      taskId: id,
      dueAt,
      task: { ...queuedTask(), channel: 'email', email: { to: 'a@b.co', subject: 's', text: 't' } } as QueuedTask,
    });
    await q.queueTasks(0, [
      email('1', 1),
      email('2', 2),
      email('3', 3),
      email('4', 4),
      { taskId: '5', dueAt: 5, task: queuedTask() },
    ]);
    const first = await q.claimDue(0, 10, 2);
    expect(first).toMatchObject({
      claimed: 5,
      held: 2,
      claimedByChannel: { webhook: 1, email: 2, sms: 0 },
      nextDueAt: null,
    });
    // Held tasks still count as waiting: a scheduler that starts now looks at this shard at once.
    expect((await q.dueHeads([0])).get(0)).toBe(3);
    expect(await takeAll()).toEqual(['5']);
    const takeEmail = async (max: number) => (await q.takeReady(0, 'email', max, 5000)).leased;
    expect((await takeEmail(1)).map((l) => l.taskId)).toEqual(['1']);
    // Room for one more: the earliest held task becomes ready, claimed only now.
    const second = await q.claimDue(0, 10, 2);
    expect(second).toMatchObject({ claimed: 0, held: 1, claimedByChannel: { webhook: 0, email: 1, sms: 0 } });
    const [two, three] = await takeEmail(10);
    expect([two!.taskId, three!.taskId]).toEqual(['2', '3']);
    expect(three).toMatchObject({ dueAt: 3, claimedAt: second.redisNow });
    // A held task can be cancelled like any waiting one.
    expect(await q.cancelTask(0, '4')).toBe('cancelled');
    expect(await q.claimDue(0, 10, 2)).toMatchObject({ held: 0, claimedByChannel: { webhook: 0, email: 0, sms: 0 } });
    expect((await q.dueHeads([0])).get(0)).toBeNull();
  });

  it('raises a held task to high priority when its deadline comes near', async () => {
    await q.queueTasks(0, [
      { taskId: '1', dueAt: 1, task: queuedTask({ priority: 2 }) },
      { taskId: '2', dueAt: 2, task: queuedTask({ priority: 2, bumpAt: Date.now() + 200 }) },
      { taskId: '3', dueAt: 3, task: queuedTask({ priority: 1 }) },
    ]);
    expect(await q.claimDue(0, 10, 1)).toMatchObject({ held: 2, claimedByChannel: { webhook: 1, email: 0, sms: 0 } });
    expect(await takeAll()).toEqual(['1']);
    await new Promise((resolve) => setTimeout(resolve, 250));
    await q.claimDue(0, 10, 2);
    expect(await ready()).toEqual(['2', '3']);
  });

  it('takes a deferred task back untried: the next take is the same attempt', async () => {
    await q.queueTasks(0, [{ taskId: '1', dueAt: 1, task: queuedTask() }]);
    await q.claimDue(0, 10);
    const first = (await q.takeReady(0, 'webhook', 10, 5000)).leased[0]!;
    expect(await q.deferTask(0, '1', first.attempt, 0)).toBe(true);
    expect(await q.deferTask(0, '1', first.attempt, 0)).toBe(false);
    await q.claimDue(0, 10);
    expect((await q.takeReady(0, 'webhook', 10, 5000)).leased[0]!.attempt).toBe(first.attempt);
  });

  it('never queues a task Redis already holds, in any state', async () => {
    const entry = { taskId: '1', dueAt: 1, task: queuedTask() };
    expect(await q.queueTasks(0, [entry])).toEqual([true]);
    expect(await q.queueTasks(0, [entry])).toEqual([false]);
    await q.queueTasks(0, [{ ...entry, taskId: '2' }]);
    // Held: its channel's ready lists are full.
    expect(await q.claimDue(0, 10, 1)).toMatchObject({ held: 1 });
    expect(await q.queueTasks(0, [entry, { ...entry, taskId: '2' }])).toEqual([false, false]);
    await q.cancelTask(0, '2');
    await q.takeReady(0, 'webhook', 10, 5000);
    expect(await q.queueTasks(0, [entry])).toEqual([false]);
    await succeed('1');
    // Finished, history not yet written: still held.
    expect(await q.queueTasks(0, [entry])).toEqual([false]);
    await q.forgetFinished(0, [{ taskId: '1', attempt: 1 }]);
    expect(await q.queueTasks(0, [{ ...entry, attemptsMade: 1 }])).toEqual([true]);
    await q.claimDue(0, 10);
    const { leased } = await q.takeReady(0, 'webhook', 10, 5000);
    expect(leased[0]!.attempt).toBe(2);
  });
});
