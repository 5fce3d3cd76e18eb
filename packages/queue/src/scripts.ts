import type { Cluster, Redis } from 'ioredis';
import { readyChannel, shardKeys, wakeChannel, type ShardKeys } from './keys.js';
import { loadLuaScripts } from './luaScripts.js';
import { decodeQueuedTask, encodeQueuedTask, type QueuedTask } from './queuedTask.js';

export type RedisConnection = Redis | Cluster;

export interface ScheduleEntry {
  taskId: string;
  dueAt: number;
  task: QueuedTask;
  /** Attempts already made (a retry restored from Postgres); 0 for a new task. */
  attemptsMade?: number;
}

export interface ClaimResult {
  claimed: number;
  /** The shard's earliest remaining due time (ms), or null when nothing waits. */
  nextDueAt: number | null;
  /** Redis' clock when the claim ran (ms). */
  redisNow: number;
}

export interface LeasedTask {
  shard: number;
  taskId: string;
  /** Attempt number, and the fencing token every report about this claim must carry. */
  attempt: number;
  task: QueuedTask;
}

export type AttemptOutcome = 'success' | 'retryable' | 'permanent';

export interface DeliveryReport {
  taskId: string;
  attempt: number;
  outcome: AttemptOutcome;
  /** How long to wait before trying again (ms), if the outcome is retryable and attempts remain. */
  retryDelayMs: number;
  /** When the attempt began, Redis' clock (ms): the `redisNow` of the take that leased it. */
  startedAt: number;
  httpStatus?: number;
  error?: string;
}

export type AckResult = 'delivered' | 'retrying' | 'dead' | 'stale';
export type CancelResult = 'cancelled' | 'running' | 'finishing' | 'absent';

type ScriptCall = (...args: (string | number)[]) => Promise<unknown>;

/**
 * The only way Later code talks to its Lua scripts: each method names an atomic operation and
 * marshals its keys and arguments, so no caller ever builds positional `evalsha` arguments.
 */
export class QueueScripts {
  private readonly calls: Record<string, ScriptCall> = {};

  constructor(
    readonly redis: RedisConnection,
    readonly prefix: string,
  ) {
    for (const script of loadLuaScripts()) {
      // ioredis sends EVALSHA and falls back to EVAL once per connection when Redis lost the script.
      redis.defineCommand(script.name, { numberOfKeys: script.numberOfKeys, lua: script.source });
      const command = (redis as unknown as Record<string, ScriptCall>)[script.name]!;
      this.calls[script.name] = command.bind(redis);
    }
  }

  keys(shard: number): ShardKeys {
    return shardKeys(this.prefix, shard);
  }

  private call(name: string, args: (string | number)[]): Promise<unknown> {
    return this.calls[name]!(...args);
  }

  async scheduleTasks(shard: number, entries: ScheduleEntry[]): Promise<number> {
    if (entries.length === 0) return 0;
    const k = this.keys(shard);
    const args: (string | number)[] = [k.due, k.tasks, k.attempts, wakeChannel(this.prefix), shard];
    for (const entry of entries) {
      args.push(entry.taskId, entry.dueAt, encodeQueuedTask(entry.task), entry.attemptsMade ?? 0);
    }
    return (await this.call('scheduleTasks', args)) as number;
  }

  async claimDue(shard: number, batch: number): Promise<ClaimResult> {
    const k = this.keys(shard);
    const [claimed, next, now] = (await this.call('claimDue', [
      k.due,
      k.ready,
      batch,
      readyChannel(this.prefix),
      shard,
    ])) as [number, number, number];
    return { claimed, nextDueAt: next < 0 ? null : next, redisNow: now };
  }

  async takeReady(shard: number, max: number, leaseMarginMs: number): Promise<{ redisNow: number; leased: LeasedTask[] }> {
    const k = this.keys(shard);
    const reply = (await this.call('takeReady', [k.ready, k.leases, k.tasks, k.attempts, k.events, max, leaseMarginMs])) as (
      | string
      | number
    )[];
    const leased: LeasedTask[] = [];
    for (let i = 1; i < reply.length; i += 3) {
      leased.push({
        shard,
        taskId: String(reply[i]),
        attempt: Number(reply[i + 1]),
        task: decodeQueuedTask(String(reply[i + 2])),
      });
    }
    return { redisNow: Number(reply[0]), leased };
  }

  async ackDelivery(shard: number, report: DeliveryReport): Promise<AckResult> {
    const k = this.keys(shard);
    return (await this.call('ackDelivery', [
      k.leases,
      k.tasks,
      k.attempts,
      k.due,
      k.events,
      report.taskId,
      report.attempt,
      report.outcome,
      report.retryDelayMs,
      report.startedAt,
      report.httpStatus ?? '',
      (report.error ?? '').slice(0, 1000),
      wakeChannel(this.prefix),
      shard,
    ])) as AckResult;
  }

  async requeueExpired(shard: number, max: number): Promise<number> {
    const k = this.keys(shard);
    return (await this.call('requeueExpired', [
      k.leases,
      k.tasks,
      k.attempts,
      k.due,
      k.events,
      max,
      wakeChannel(this.prefix),
      shard,
    ])) as number;
  }

  async cancelTask(shard: number, taskId: string): Promise<CancelResult> {
    const k = this.keys(shard);
    return (await this.call('cancelTask', [k.due, k.tasks, k.leases, k.attempts, taskId])) as CancelResult;
  }

  /** Drops the attempt counters of tasks whose final event Postgres now holds. */
  async forgetFinished(shard: number, finished: { taskId: string; attempt: number }[]): Promise<number> {
    if (finished.length === 0) return 0;
    const k = this.keys(shard);
    const args: (string | number)[] = [k.attempts, k.tasks];
    for (const f of finished) args.push(f.taskId, f.attempt);
    return (await this.call('forgetFinished', args)) as number;
  }

  /** The earliest due time of each shard (ms), null where nothing waits; one round trip. */
  async dueHeads(shards: number[]): Promise<Map<number, number | null>> {
    const pipeline = this.redis.pipeline();
    for (const shard of shards) pipeline.zrange(this.keys(shard).due, 0, 0, 'WITHSCORES');
    const replies = (await pipeline.exec()) ?? [];
    const heads = new Map<number, number | null>();
    shards.forEach((shard, i) => {
      const [err, value] = replies[i] ?? [null, []];
      if (err) throw err;
      const score = (value as string[])[1];
      heads.set(shard, score === undefined ? null : Number(score));
    });
    return heads;
  }
}
