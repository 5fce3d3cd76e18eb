import {
  deliveryChannels,
  heldKeys,
  readyChannel,
  readyKey,
  readyListKeys,
  replicasKey,
  shardKeys,
  wakeChannel,
  type DeliveryChannel,
  type ShardKeys,
} from './keys.js';
import type {
  AckResult,
  AliveReplica,
  CancelResult,
  ClaimResult,
  DeliveryReport,
  LeasedTask,
  QueueDepths,
  QueueEntry,
  RedisConnection,
  ReplicaService,
} from './scriptTypes.js';
import { loadLuaScripts } from './luaScripts.js';
import { defaultParking, type ParkingLayout } from './parking.js';
import { decodeQueuedTask, encodeQueuedTask } from './taskEncoding.js';
import { dueScore, dueTimeOf, priorities } from './scores.js';

/** How long an expired lease on a task of a newer format waits before this release looks at it again (ms). */
export const newerFormatRecheckMs = 5000;

type ScriptCall = (...args: (string | number)[]) => Promise<unknown>;

/** A time (ms) a script replied, or null for its '' (not known). */
const knownTime = (reply: string | number | undefined): number | null =>
  reply === '' || reply === undefined ? null : Number(reply);

/**
 * The only way Later code talks to its Lua scripts: each method names an atomic operation and
 * marshals its keys and arguments, so no caller ever builds positional `evalsha` arguments.
 */
export class QueueScripts {
  private readonly calls: Record<string, ScriptCall> = {};

  constructor(
    readonly redis: RedisConnection,
    readonly prefix: string,
    /** Tests shorten it to see tasks parked and promoted within seconds. */
    readonly parking: ParkingLayout = defaultParking,
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

  /** The keys of the scripts that finish attempts (ackDeliveries, requeueExpired), in their KEYS order. */
  private finishKeys(shard: number): string[] {
    const k = this.keys(shard);
    return [k.leases, k.tasks, k.attempts, k.due, k.events, k.streams, k.deadlines, k.readyPrefix];
  }

  /** The channels and prefix that scripts which finish attempts need, in their ARGV order. */
  private finishContext(shard: number): (string | number)[] {
    return [this.keys(shard).streamWaitingPrefix, wakeChannel(this.prefix), readyChannel(this.prefix), shard];
  }

  /**
   * Queues tasks that Redis does not hold yet; returns, per entry, whether it was written (false:
   * Redis already holds it, so queuing it again would have run it twice).
   */
  async queueTasks(shard: number, entries: QueueEntry[]): Promise<boolean[]> {
    if (entries.length === 0) return [];
    const k = this.keys(shard);
    const { slotMs, aheadMs, idSpan } = this.parking;
    const args: (string | number)[] = [
      k.due,
      k.tasks,
      k.attempts,
      k.deadlines,
      k.parkedSlots,
      k.parkedPrefix,
      k.parkedAtPrefix,
    ];
    args.push(wakeChannel(this.prefix), shard, slotMs, aheadMs, idSpan);
    for (const { taskId, dueAt, task, front, attemptsMade } of entries) {
      // A deadline already near at the due time makes the task high priority from the start.
      const bumped = task.bumpAt !== undefined && task.bumpAt <= dueAt;
      const priority = bumped ? 'high' : priorities[task.priority]!;
      const score = dueScore(dueAt, { priority, front, inStream: task.streamKey !== undefined, channel: task.channel });
      args.push(taskId, score, encodeQueuedTask(task), attemptsMade ?? 0, bumped ? 0 : (task.bumpAt ?? 0));
    }
    const written = (await this.call('queueTasks', args)) as number[];
    return written.map((w) => w === 1);
  }

  /**
   * Claims up to `batch` due tasks; a channel with `readyLimit` tasks ready in this shard takes no
   * more (its due tasks are held until there is room). No limit unless given.
   */
  async claimDue(shard: number, batch: number, readyLimit = 2 ** 50): Promise<ClaimResult> {
    const k = this.keys(shard);
    const reply = (await this.call('claimDue', [
      k.due,
      k.tasks,
      k.streams,
      k.deadlines,
      k.readyPrefix,
      k.heldPrefix,
      k.attempts,
      k.parkedSlots,
      k.parkedPrefix,
      k.parkedAtPrefix,
      batch,
      readyChannel(this.prefix),
      shard,
      k.streamWaitingPrefix,
      readyLimit,
      this.parking.aheadMs,
      this.parking.idSpan,
    ])) as [number, number, number, number, number, number, number];
    const [claimed, next, now, held, webhook, email, sms] = reply;
    return {
      claimed,
      held,
      claimedByChannel: { webhook, email, sms },
      nextDueAt: next < 0 ? null : next,
      redisNow: now,
    };
  }

  /**
   * Leases up to `max` ready tasks. `newerFormat` counts entries left for a newer release: of a
   * task format this one does not read (src/taskFormats.ts), put back on their list.
   */
  async takeReady(
    shard: number,
    channel: DeliveryChannel,
    max: number,
    leaseMarginMs: number,
  ): Promise<{ redisNow: number; leased: LeasedTask[]; newerFormat: number }> {
    const k = this.keys(shard);
    const reply = (await this.call('takeReady', [
      readyKey(k, channel),
      k.leases,
      k.tasks,
      k.attempts,
      k.events,
      k.due,
      k.streams,
      k.deadlines,
      k.readyPrefix,
      max,
      leaseMarginMs,
      ...this.finishContext(shard),
    ])) as (string | number)[];
    const leased: LeasedTask[] = [];
    for (let i = 2; i < reply.length; i += 5) {
      leased.push({
        shard,
        taskId: String(reply[i]),
        attempt: Number(reply[i + 1]),
        task: decodeQueuedTask(String(reply[i + 2])),
        dueAt: knownTime(reply[i + 3]),
        claimedAt: knownTime(reply[i + 4]),
      });
    }
    return { redisNow: Number(reply[0]), leased, newerFormat: Number(reply[1]) };
  }

  async ackDelivery(shard: number, report: DeliveryReport): Promise<AckResult> {
    return (await this.ackDeliveries(shard, [report]))[0]!;
  }

  /** Reports several outcomes of one shard in one atomic call; a status per report, in order. */
  async ackDeliveries(shard: number, reports: DeliveryReport[]): Promise<AckResult[]> {
    if (reports.length === 0) return [];
    const args: (string | number)[] = [...this.finishKeys(shard), ...this.finishContext(shard)];
    for (const report of reports) {
      args.push(
        report.taskId,
        report.attempt,
        report.outcome,
        Math.max(0, Math.round(report.retryDelayMs)),
        report.startedAt,
        report.httpStatus ?? '',
        (report.error ?? '').slice(0, 1000),
        (report.errorClass ?? '').slice(0, 64),
        report.excerpt ? JSON.stringify(report.excerpt) : '',
      );
    }
    return (await this.call('ackDeliveries', args)) as AckResult[];
  }

  /**
   * Takes back expired leases. `newerFormat` counts those left for a scheduler of a newer release
   * (their task's format is one this release does not read), looked at again in `newerFormatRecheckMs`.
   */
  async requeueExpired(shard: number, max: number): Promise<{ requeued: number; newerFormat: number }> {
    const [requeued, newerFormat] = (await this.call('requeueExpired', [
      ...this.finishKeys(shard),
      max,
      ...this.finishContext(shard),
      newerFormatRecheckMs,
    ])) as [number, number];
    return { requeued, newerFormat };
  }

  async cancelTask(shard: number, taskId: string): Promise<CancelResult> {
    const k = this.keys(shard);
    return (await this.call('cancelTask', [
      k.due,
      k.tasks,
      k.leases,
      k.attempts,
      k.streams,
      k.deadlines,
      k.readyPrefix,
      k.heldPrefix,
      k.parkedAtPrefix,
      taskId,
      k.streamWaitingPrefix,
      readyChannel(this.prefix),
      shard,
      this.parking.idSpan,
    ])) as CancelResult;
  }

  /**
   * Gives a leased task back untried, to be taken again after `delayMs` (its destination is busy);
   * false when the lease had passed to another attempt.
   */
  async deferTask(shard: number, taskId: string, attempt: number, delayMs: number): Promise<boolean> {
    const k = this.keys(shard);
    const deferred = await this.call('deferTask', [
      k.leases,
      k.tasks,
      k.attempts,
      k.due,
      k.deadlines,
      taskId,
      attempt,
      Math.max(0, Math.round(delayMs)),
      wakeChannel(this.prefix),
      shard,
    ]);
    return deferred === 1;
  }

  /**
   * Whether Redis holds a task waiting for its time: parked, or with its body in the bodies hash
   * (due, ready, held or leased). For tests and diagnostics.
   */
  async holdsTask(shard: number, taskId: string): Promise<boolean> {
    const k = this.keys(shard);
    // The same bucket as parkedAtKey in lua/includes/parking.lua: both divide the id as a double.
    const parkedAt = `${k.parkedAtPrefix}${Math.floor(Number(taskId) / this.parking.idSpan)}`;
    const [parked, waiting] = await Promise.all([
      this.redis.hexists(parkedAt, taskId),
      this.redis.hexists(k.tasks, taskId),
    ]);
    return parked === 1 || waiting === 1;
  }

  /** Drops the attempt counters of tasks whose final event Postgres now holds. */
  async forgetFinished(shard: number, finished: { taskId: string; attempt: number }[]): Promise<number> {
    if (finished.length === 0) return 0;
    const k = this.keys(shard);
    const args: (string | number)[] = [k.attempts, k.tasks];
    for (const f of finished) args.push(f.taskId, f.attempt);
    return (await this.call('forgetFinished', args)) as number;
  }

  /**
   * The earliest due time of each shard (ms), held tasks included, or the time its earliest
   * parked minute is to be promoted if sooner; null where nothing waits. One command per set,
   * not one pipeline (a Redis Cluster keeps a pipeline to one node), all sent at once: about
   * one round trip.
   */
  async dueHeads(shards: number[]): Promise<Map<number, number | null>> {
    const headOf = async (key: string, timeOf: (score: number) => number) => {
      const score = (await this.redis.zrange(key, 0, 0, 'WITHSCORES'))[1];
      return score === undefined ? Infinity : timeOf(Number(score));
    };
    const promotionAt = (slotStart: number) => slotStart - this.parking.aheadMs;
    const earliest = await Promise.all(
      shards.map(async (shard) => {
        const k = this.keys(shard);
        const heads = [k.due, ...heldKeys(k)].map((key) => headOf(key, dueTimeOf));
        return Math.min(...(await Promise.all([...heads, headOf(k.parkedSlots, promotionAt)])));
      }),
    );
    const heads = new Map<number, number | null>();
    shards.forEach((shard, i) => heads.set(shard, Number.isFinite(earliest[i]) ? earliest[i]! : null));
    return heads;
  }

  /**
   * What waits in Redis, summed over `shards`, in one round trip: per channel the tasks in the
   * ready lists and the held sets, the due tasks not claimed yet by `nowMs`, leases held (tasks
   * being delivered), and entries of the events streams not yet written to Postgres (an entry
   * may carry a batch of events). For metrics and overload warnings, not for the hot path.
   */
  async queueDepths(shards: number[], nowMs: number): Promise<QueueDepths> {
    const depths: QueueDepths = {
      ready: { webhook: 0, email: 0, sms: 0 },
      held: { webhook: 0, email: 0, sms: 0 },
      parked: 0,
      dueUnclaimed: 0,
      leases: 0,
      historyEntries: 0,
    };
    // One command per key, not a pipeline (a Redis Cluster keeps a pipeline to one node), all
    // sent at once.
    const reads: Promise<void>[] = [];
    const add = (count: Promise<number>, into: (count: number) => void) => reads.push(count.then(into));
    for (const shard of shards) {
      const k = this.keys(shard);
      deliveryChannels.forEach((channel, c) => {
        for (const list of readyListKeys(k, channel)) add(this.redis.llen(list), (n) => (depths.ready[channel] += n));
        add(this.redis.zcard(heldKeys(k)[c]!), (n) => (depths.held[channel] += n));
      });
      // Every score below the next millisecond's lowest: due by `nowMs`, whatever its flags.
      add(this.redis.zcount(k.due, '-inf', `(${(Math.floor(nowMs) + 1) * 64}`), (n) => (depths.dueUnclaimed += n));
      add(this.redis.get(k.parkedCount).then(Number), (n) => (depths.parked += n));
      add(this.redis.zcard(k.leases), (n) => (depths.leases += n));
      add(this.redis.xlen(k.events), (n) => (depths.historyEntries += n));
    }
    await Promise.all(reads);
    return depths;
  }

  /** Records a heartbeat of `service` instance `instance`; forgets instances silent for `forgetAfterMs`. */
  async heartbeat(service: ReplicaService, instance: string, forgetAfterMs: number): Promise<number> {
    return Number(await this.call('heartbeat', [replicasKey(this.prefix), `${service}:${instance}`, forgetAfterMs]));
  }

  /** Removes an instance at once (a clean shutdown), instead of letting its heartbeat go stale. */
  async leave(service: ReplicaService, instance: string): Promise<void> {
    await this.redis.zrem(replicasKey(this.prefix), `${service}:${instance}`);
  }

  /** The instances whose last heartbeat is at most `aliveWithinMs` old, by Redis' clock. */
  async aliveReplicas(aliveWithinMs: number): Promise<AliveReplica[]> {
    const [now, ...pairs] = (await this.call('aliveReplicas', [replicasKey(this.prefix), aliveWithinMs])) as (
      string | number
    )[];
    const replicas: AliveReplica[] = [];
    for (let i = 0; i < pairs.length; i += 2) {
      const member = String(pairs[i]);
      const split = member.indexOf(':');
      const service = member.slice(0, split);
      if (service !== 'scheduler' && service !== 'sender') continue;
      replicas.push({
        service,
        instance: member.slice(split + 1),
        lastSeenMs: Math.max(0, Number(now) - Number(pairs[i + 1])),
      });
    }
    return replicas;
  }
}
