import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { subscriberConnection, type QueueScripts, type RedisConnection } from '@later/queue';
import { queuedTask } from '@later/queue/testing';
import { testRedis, waitFor, type TestRedis } from '@later/system/testing';
import type { Channel } from '../src/channels/channel.js';
import type { DeliveryLoop } from '../src/deliveryLoop.js';
import { capturedLog, makeReady, startTestLoop } from './deliveryLoopHarness.js';
import { ProcessHealth, overloadOf, type LoadGate } from '../src/processHealth.js';

const limits = { maxEventLoopDelayMs: 100, maxHeapPercent: 90, maxRssMb: 0 };

describe('process health', () => {
  it('names the first limit a sample is over, and nothing within them', () => {
    const fine = { eventLoopDelayMs: 20, heapPercent: 40, rssMb: 300 };
    expect(overloadOf(fine, limits)).toBeUndefined();
    expect(overloadOf({ ...fine, eventLoopDelayMs: 140 }, limits)).toBe('event-loop delay 140 ms is over 100 ms');
    expect(overloadOf({ ...fine, heapPercent: 95 }, limits)).toBe('heap 95 % of its limit is over 90 %');
    expect(overloadOf({ ...fine, rssMb: 600 }, { ...limits, maxRssMb: 512 })).toBe(
      'resident memory 600 MiB is over 512 MiB',
    );
  });

  it('sees a blocked event loop, then its recovery', async () => {
    const health = new ProcessHealth(limits, 200);
    health.start();
    try {
      // The monitor's timer starts on the loop's next turn: a stall before it would go unseen.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const blockedUntil = Date.now() + 300;
      while (Date.now() < blockedUntil); // the kind of stall a sender must not take work through
      await waitFor('the overload seen', () => health.overload()?.startsWith('event-loop delay'), { timeoutMs: 2000 });
      await waitFor('the recovery seen', () => health.overload() === undefined, { timeoutMs: 3000 });
    } finally {
      health.stop();
    }
  });
});

/** A channel whose deliveries wait until the test opens it (or the loop aborts them). */
function heldChannel() {
  const started: string[] = [];
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const channel: Channel = {
    async deliver(_task, context) {
      started.push(context.taskId);
      const aborted = new Promise<void>((resolve) => context.signal.addEventListener('abort', () => resolve()));
      await Promise.race([opened, aborted]);
      return { outcome: 'success' };
    },
  };
  return { channel, started, open };
}

const task = () => queuedTask({ timeoutMs: 5000 });

describe('the delivery loop under load', () => {
  let t: TestRedis;
  let subscriber: RedisConnection;
  let loop: DeliveryLoop | undefined;
  const { log, lines: logLines } = capturedLog<{ level: number; msg: string; overdue?: number }>();

  beforeEach(async () => {
    t = await testRedis();
    subscriber = subscriberConnection(t.redis);
    logLines.length = 0;
  });
  afterEach(async () => {
    await loop?.stop(1000);
    subscriber.disconnect();
    await t.cleanup();
  });

  const start = async (channel: Channel, concurrency: number, gate?: LoadGate) => {
    const started = await startTestLoop(t, subscriber, { channel, log, concurrency, gate });
    loop = started.loop;
    return started.scripts;
  };
  const queue = (scripts: QueueScripts, ids: string[]) =>
    makeReady(
      scripts,
      ids.map((taskId) => ({ taskId, task: task() })),
    );

  it('takes no work while its process is overloaded, and takes it once the process recovers', async () => {
    const held = heldChannel();
    let overload: string | undefined = 'event-loop delay 900 ms is over 250 ms';
    const scripts = await start(held.channel, 10, { overload: () => overload });
    await queue(scripts, ['1', '2']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(held.started).toEqual([]);
    expect(loop!.load.state.overload).toBe(overload);
    expect(
      logLines.some((l) => l.level === 40 && l.msg.startsWith('not taking work while the process is overloaded')),
    ).toBe(true);
    overload = undefined;
    await waitFor('both taken', () => held.started.length === 2, { timeoutMs: 2000 });
    held.open();
    expect(loop!.load.state.overload).toBeUndefined();
  });

  it('says, once, that every slot is busy while tasks are overdue, and how many', async () => {
    const held = heldChannel();
    const scripts = await start(held.channel, 2);
    await queue(scripts, ['1', '2', '3', '4', '5']);
    await waitFor('the slots filled', () => held.started.length === 2);
    await waitFor('the warning', () =>
      logLines.find((l) => l.level === 40 && l.msg.startsWith('every slot for webhook is busy')),
    );
    expect(logLines.filter((l) => l.msg.startsWith('every slot')).map((l) => l.overdue)).toEqual([3]);
    expect(loop!.load.state).toMatchObject({ saturated: ['webhook'], overdue: 3 });
    // More ready messages while saturated do not repeat the warning within its interval.
    await queue(scripts, ['6']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(logLines.filter((l) => l.msg.startsWith('every slot'))).toHaveLength(1);
    held.open();
    await waitFor('all delivered', () => loop!.counters.delivered === 6);
    await waitFor('no longer saturated', () => loop!.load.state.saturated.length === 0);
  });
});
