import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QueueScripts, subscriberConnection, type ParkingLayout, type RedisConnection } from '@later/queue';
import { createLogger } from '@later/runtime';
import { testRedis, waitFor, type TestRedis } from '@later/system/testing';
import { DueClaimer } from '../src/loops/dueClaimer.js';
import { RedisClock } from '../src/time/redisClock.js';
import { queuedTask } from '@later/queue/testing';

const log = createLogger('test', { level: 'silent' });
// Slots of a second, promoted 300 ms ahead: a parked task is promoted and due within seconds.
const quick: ParkingLayout = { slotMs: 1000, aheadMs: 300, idSpan: 1024 };

describe('the due claimer and parked tasks, on a real Redis', () => {
  let t: TestRedis;
  let scripts: QueueScripts;
  const connections: RedisConnection[] = [];
  const claimers: DueClaimer[] = [];

  beforeEach(async () => {
    t = await testRedis();
    scripts = new QueueScripts(t.redis, t.prefix, quick);
  });
  afterEach(async () => {
    for (const claimer of claimers.splice(0)) await claimer.stop();
    for (const connection of connections.splice(0)) connection.disconnect();
    await t.cleanup();
  });

  async function startClaimer(): Promise<DueClaimer> {
    const subscriber = subscriberConnection(t.redis);
    connections.push(subscriber);
    const clock = new RedisClock();
    await clock.sync(t.redis);
    // A safety look a minute apart: only the claimer's timer, set from heads and wake
    // messages, can claim in time.
    const claimer = new DueClaimer(new QueueScripts(t.redis, t.prefix, quick), subscriber, clock, log, {
      shards: [0],
      batch: 100,
      readyLimit: 2000,
      heldRecheckMs: 50,
      maxSleepMs: 60_000,
    });
    await claimer.start();
    claimers.push(claimer);
    return claimer;
  }

  /**
   * Parks one task due 400 ms into the slot after next; returns its due time by this process'
   * clock, at the earliest it can be: Redis read its clock after `asked`, so a claim, which
   * cannot come before the due time by Redis' clock, is never early by this one however slow
   * the round trips of a loaded machine are.
   */
  async function parkOne(taskId: string): Promise<number> {
    const asked = Date.now();
    const [s, us] = await t.redis.time();
    const redisNow = Number(s) * 1000 + Math.floor(Number(us) / 1000);
    const dueAt = (Math.floor(redisNow / 1000) + 2) * 1000 + 400;
    expect(await scripts.queueTasks(0, [{ taskId, dueAt, task: queuedTask() }])).toEqual([true]);
    expect(await t.redis.zcard(scripts.keys(0).due)).toBe(0);
    return asked + (dueAt - redisNow);
  }

  it.each([
    ['parked while it sleeps (a wake message names the promotion time)', 'after'],
    ['parked before it started (its first look reads the promotion time)', 'before'],
  ])('claims a task %s on time', async (_case, order) => {
    let claimer = order === 'after' ? await startClaimer() : undefined;
    const dueAt = await parkOne('1');
    claimer ??= await startClaimer();
    await waitFor('the claim', () => claimer.claimedTotal === 1, { timeoutMs: 5000, intervalMs: 5 });
    const lateness = Date.now() - dueAt;
    expect(lateness).toBeGreaterThanOrEqual(-5);
    expect(lateness).toBeLessThan(250);
  });
});
