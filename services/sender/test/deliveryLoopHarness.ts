import { Writable } from 'node:stream';
import { pino } from 'pino';
import { QueueScripts, type QueuedTask, type RedisConnection } from '@later/queue';
import type { Logger } from '@later/runtime';
import type { TestRedis } from '@later/system/testing';
import type { Channel } from '../src/channels/channel.js';
import { DeliveryLoop } from '../src/deliveryLoop.js';
import { DeliverySigner } from '../src/deliverySigner.js';
import type { LoadGate } from '../src/processHealth.js';

/** A logger whose every line is parsed into `lines`, for tests that read what the sender logs. */
export function capturedLog<Line = Record<string, unknown>>(level = 'info'): { log: Logger; lines: Line[] } {
  const lines: Line[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Line);
      done();
    },
  });
  return { log: pino({ level }, sink), lines };
}

export interface TestLoopOptions {
  /** What delivers every channel's tasks. */
  channel: Channel;
  log?: Logger;
  signingSecret?: string;
  concurrency?: number;
  gate?: LoadGate;
}

/** A started delivery loop of shard 0 with one webhook lane, on a test Redis, and its scripts. */
export async function startTestLoop(
  t: TestRedis,
  subscriber: RedisConnection,
  options: TestLoopOptions,
): Promise<{ loop: DeliveryLoop; scripts: QueueScripts }> {
  const { channel } = options;
  const scripts = new QueueScripts(t.redis, t.prefix);
  const loop = new DeliveryLoop(
    scripts,
    subscriber,
    { webhook: channel, email: channel, sms: channel },
    new DeliverySigner(t.redis, t.prefix, options.signingSecret ?? 's'.repeat(32)),
    options.log ?? pino({ level: 'silent' }),
    {
      shards: [0],
      lanes: [{ channel: 'webhook', concurrency: options.concurrency ?? 4 }],
      perDestination: 100,
      destinationBusyDelayMs: 100,
      leaseMarginMs: 5000,
      maxIdleMs: 200,
      gate: options.gate,
    },
  );
  await loop.start();
  return { loop, scripts };
}

/** Makes tasks ready in shard 0 at once, as a scheduler's claim would once they are due. */
export async function makeReady(
  scripts: QueueScripts,
  tasks: { taskId: string; task: QueuedTask; dueAt?: number }[],
): Promise<void> {
  await scripts.queueTasks(
    0,
    tasks.map(({ taskId, task, dueAt }) => ({ taskId, task, dueAt: dueAt ?? 0 })),
  );
  await scripts.claimDue(0, 100);
}
