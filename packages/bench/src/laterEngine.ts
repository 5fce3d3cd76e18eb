import { randomBytes } from 'node:crypto';
import {
  QueueScripts,
  allShards,
  connectRedis,
  ensureShardCount,
  subscriberConnection,
  type QueuedTask,
} from '@later/queue';
import { createLogger } from '@later/runtime';
import { DueClaimer, RedisClock, loadConfig } from '@later/scheduler/engine';
import { DeliveryLoop, DeliverySigner, type Channel } from '@later/sender/engine';

export interface LaterEngineOptions {
  redisUrl: string;
  prefix: string;
  shardCount: number;
  /** What each delivery does: a noop (the engine path) or the real webhook channel. */
  channel: Channel;
  /** The sender's slots (its CONCURRENCY). */
  concurrency: number;
  claimBatch?: number;
}

export interface LaterEngine {
  clock: RedisClock;
  /** A scheduler-side connection's scripts, for queuing tasks. */
  scripts: QueueScripts;
  delivered(): number;
  stop(): Promise<void>;
}

const log = createLogger('bench', { level: process.env.LOG_LEVEL ?? 'warn' });
/** The scheduler's own defaults for what the claim loop is given (the rest is not used here). */
const schedulerDefaults = loadConfig({
  DATABASE_URL: 'postgres://unused',
  SCHEDULER_TOKEN: 'x'.repeat(16),
  SIGNING_SECRET: 'x'.repeat(32),
});

/**
 * Later's engine in this process: the scheduler's real claim loop and the sender's real
 * take/deliver/ack loop, each on its own Redis connections as if in its own process, on the real
 * Lua scripts. Nothing is mocked but the channel, which the caller chooses.
 */
export async function startLaterEngine(options: LaterEngineOptions): Promise<LaterEngine> {
  const shards = allShards(options.shardCount);
  const onError = (err: Error) => log.warn({ err }, 'redis connection error');
  const schedulerRedis = connectRedis(options.redisUrl, 'bench-scheduler', onError);
  const schedulerSub = subscriberConnection(schedulerRedis);
  const senderRedis = connectRedis(options.redisUrl, 'bench-sender', onError);
  const senderSub = subscriberConnection(senderRedis);
  await ensureShardCount(schedulerRedis, options.prefix, options.shardCount);

  const scripts = new QueueScripts(schedulerRedis, options.prefix);
  const clock = new RedisClock();
  await clock.sync(schedulerRedis);
  const claimer = new DueClaimer(scripts, schedulerSub, clock, log, {
    shards,
    batch: options.claimBatch ?? schedulerDefaults.CLAIM_BATCH,
    readyLimit: schedulerDefaults.READY_LIMIT,
    heldRecheckMs: schedulerDefaults.HELD_RECHECK_MS,
    maxSleepMs: schedulerDefaults.MAX_SLEEP_MS,
  });

  const senderScripts = new QueueScripts(senderRedis, options.prefix);
  const signer = new DeliverySigner(senderRedis, options.prefix, randomBytes(32).toString('base64url'));
  const channels = { webhook: options.channel, email: options.channel, sms: options.channel };
  const loop = new DeliveryLoop(senderScripts, senderSub, channels, signer, log, {
    shards,
    lanes: [{ channel: 'webhook', concurrency: options.concurrency }],
    perDestination: options.concurrency,
    destinationBusyDelayMs: 250,
    leaseMarginMs: 15_000,
    maxIdleMs: 1000,
  });
  await claimer.start();
  await loop.start();
  return {
    clock,
    scripts,
    delivered: () => loop.counters.delivered,
    async stop() {
      await claimer.stop();
      await loop.stop(5000);
      for (const connection of [schedulerRedis, schedulerSub, senderRedis, senderSub]) connection.disconnect();
    },
  };
}

/** Queues tasks through the real queueTasks script, by shard, 1,000 per call. */
export async function queueTasks(
  scripts: QueueScripts,
  shardCount: number,
  tasks: { id: number; dueAt: number; task: QueuedTask }[],
): Promise<void> {
  const byShard = new Map<number, { taskId: string; dueAt: number; task: QueuedTask }[]>();
  for (const { id, dueAt, task } of tasks) {
    const shard = id % shardCount;
    const list = byShard.get(shard) ?? [];
    list.push({ taskId: String(id), dueAt, task });
    byShard.set(shard, list);
  }
  await Promise.all(
    [...byShard].map(async ([shard, entries]) => {
      for (let i = 0; i < entries.length; i += 1000) await scripts.queueTasks(shard, entries.slice(i, i + 1000));
    }),
  );
}

/** A channel that delivers nothing and calls `onDeliver` with each task's id: the engine path. */
export const noopChannel = (onDeliver: (taskId: string) => void): Channel => ({
  async deliver(_task, context) {
    onDeliver(context.taskId);
    return { outcome: 'success' };
  },
});
