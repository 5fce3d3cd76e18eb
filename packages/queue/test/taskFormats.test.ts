import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testRedis, type TestRedis } from '@later/system/testing';
import { HistoryStream } from '../src/historyStream.js';
import { readyListKeys, shardKeys } from '../src/keys.js';
import { resolveIncludes } from '../src/luaScripts.js';
import { readyEntryTaskId } from '../src/scores.js';
import { QueueScripts } from '../src/scripts.js';
import { decodeQueuedTask, encodeQueuedTask } from '../src/taskEncoding.js';
import { currentTaskFormat, TaskFormatTooNewError, taskFormatDefaults } from '../src/taskFormats.js';
import { queuedTask } from '../src/testing.js';

/**
 * What every format ever shipped means, written out by hand: entries of these formats may wait
 * in Redis across a roll, so their defaults must never change. A new default is a new format
 * (appended here), never an edit of a row.
 */
const shippedFormats = [
  {
    priority: 1,
    maxAttempts: 5,
    timeoutMs: 30_000,
    backoff: { kind: 'exponential', baseMs: 2000, maxMs: 600_000, jitter: 0.5 },
    method: 'POST',
  },
  {
    priority: 1,
    maxAttempts: 5,
    timeoutMs: 30_000,
    backoff: { kind: 'exponential', baseMs: 2000, maxMs: 600_000, jitter: 0.5 },
    method: 'POST',
  },
];

/** An entry as the release before formats were numbered wrote it: every default left out. */
const formatZeroEntry = '{"O":"exwtPk9QSmuMfZ4PGis8TQ","u":"http://127.0.0.1:9/hook"}';
const newerEntry = (format = currentTaskFormat + 1) =>
  JSON.stringify({ ...JSON.parse(formatZeroEntry), v: format, a: 1 });

describe('task entry formats', () => {
  it('never change the defaults of a format already shipped', () => {
    expect(taskFormatDefaults.slice(0, shippedFormats.length)).toEqual(shippedFormats);
    expect(taskFormatDefaults.length).toBeGreaterThanOrEqual(shippedFormats.length);
  });

  it('read an entry without a format number with the defaults it was written with', () => {
    const task = decodeQueuedTask(formatZeroEntry);
    expect(task).toMatchObject({ priority: 1, maxAttempts: 5, timeoutMs: 30_000, backoff: shippedFormats[0]!.backoff });
    expect(task.channel === 'webhook' && task.webhook.method).toBe('POST');
  });

  it('stamp every entry with the format it is written in', () => {
    expect(JSON.parse(encodeQueuedTask(queuedTask())).v).toBe(currentTaskFormat);
  });

  it('refuse an entry of a newer format rather than read it with the wrong defaults', () => {
    expect(() => decodeQueuedTask(newerEntry())).toThrow(TaskFormatTooNewError);
  });
});

describe('task entry formats on a real Redis', () => {
  let t: TestRedis;
  let q: QueueScripts;

  beforeEach(async () => {
    t = await testRedis();
    q = new QueueScripts(t.redis, t.prefix);
  });
  afterEach(async () => {
    await t.cleanup();
  });

  const keys = () => shardKeys(t.prefix, 0);
  const ready = async () =>
    (await Promise.all(readyListKeys(keys(), 'webhook').map((key) => t.redis.lrange(key, 0, -1))))
      .flat()
      .map(readyEntryTaskId);

  it('read the same defaults in Lua as in TypeScript, for every format', async () => {
    const fields = `${resolveIncludes('--@include taskFields')}
      local task = cjson.decode(ARGV[1])
      return { taskPriority(task), taskMaxAttempts(task), taskTimeoutMs(task), taskFormatKnown(task) and 1 or 0 }`;
    for (let format = 0; format <= currentTaskFormat; format++) {
      const entry = JSON.stringify({ ...JSON.parse(formatZeroEntry), ...(format > 0 && { v: format }) });
      const task = decodeQueuedTask(entry);
      expect(await t.redis.eval(fields, 0, entry), `format ${format}`).toEqual([
        task.priority,
        task.maxAttempts,
        task.timeoutMs,
        1,
      ]);
    }
    expect((await t.redis.eval(fields, 0, newerEntry())) as number[]).toContain(0);
  });

  it('leave a ready task of a newer format on its list for a newer sender, and count it', async () => {
    await q.queueTasks(0, [
      { taskId: '1', dueAt: 0, task: queuedTask() },
      { taskId: '2', dueAt: 0, task: queuedTask() },
    ]);
    // A newer release wrote task 2 (as if queued by one of its schedulers).
    await t.redis.hset(keys().tasks, '2', newerEntry());
    await q.claimDue(0, 10);
    const { leased, newerFormat } = await q.takeReady(0, 'webhook', 10, 0);
    expect(leased.map((l) => l.taskId)).toEqual(['1']);
    expect(newerFormat).toBe(1);
    expect(await ready()).toEqual(['2']);
    expect(await t.redis.hget(keys().attempts, '2')).toBeNull();
    // A sender of the newer release (here: the entry rewritten in a format this one reads) takes it.
    await t.redis.hset(keys().tasks, '2', encodeQueuedTask(queuedTask()));
    expect((await q.takeReady(0, 'webhook', 10, 0)).leased.map((l) => l.taskId)).toEqual(['2']);
  });

  it('leave an expired lease on a task of a newer format to a newer scheduler', async () => {
    await q.queueTasks(0, [{ taskId: '3', dueAt: 0, task: queuedTask() }]);
    await q.claimDue(0, 10);
    await q.takeReady(0, 'webhook', 10, 0);
    await t.redis.hset(keys().tasks, '3', newerEntry());
    await t.redis.zadd(keys().leases, 0, '3');
    expect(await q.requeueExpired(0, 10)).toEqual({ requeued: 0, newerFormat: 1 });
    // Still leased, looked at again later; the attempt is not recorded lost.
    expect(Number(await t.redis.zscore(keys().leases, '3'))).toBeGreaterThan(Date.now());
    expect(await t.redis.zscore(keys().due, '3')).toBeNull();
  });

  it('leave history events of a kind a newer release writes, and those after them, to a newer writer', async () => {
    const history = new HistoryStream(t.redis, t.prefix);
    await t.redis.xadd(keys().events, '*', 'e', 'start', 'at', '1', 'id', '7', 'n', '1');
    await t.redis.xadd(keys().events, '*', 'e', 'paused', 'at', '2', 'id', '7', 'n', '1');
    await t.redis.xadd(
      keys().events,
      '*',
      'e',
      'finish',
      'at',
      '3',
      'id',
      '7',
      'n',
      '1',
      'outcome',
      'success',
      'status',
      'delivered',
    );
    expect((await history.readOldest([0], 100)).map((e) => [e.kind, e.at])).toEqual([['start', 1]]);
  });
});
