import { historyGroup, shardKeys } from './keys.js';
import type { RedisConnection } from './scripts.js';

/**
 * One event of an attempt's life, as written by the Lua scripts to a shard's events stream.
 * The stream is the durable buffer between Redis and Postgres: an event leaves it only after
 * the history writer committed it.
 */
export interface AttemptEvent {
  shard: number;
  streamId: string;
  kind: 'start' | 'finish';
  taskId: string;
  attempt: number;
  /** When it happened, Redis' clock (ms). */
  at: number;
  /** For `finish`: what happened and the task's status after it. */
  outcome?: 'success' | 'retryable' | 'permanent' | 'lost' | 'skipped';
  status?: 'delivered' | 'retrying' | 'dead' | 'cancelled';
  startedAt?: number;
  httpStatus?: number;
  error?: string;
  /** For a retry: the next due time (ms). */
  nextAt?: number;
}

type StreamEntries = [id: string, fields: string[]][];

/**
 * The events of one stream entry. Scripts write one entry per attempt event ('start', 'finish'),
 * or one for a whole batch: 'starts' (b = JSON [[taskId, attempt], ...]) and 'delivered'
 * (b = JSON [[taskId, attempt, startedAt, httpStatus or ''], ...]), since one entry per task
 * cost a busy Redis more than the rest of the delivery.
 */
function parseEvents(shard: number, streamId: string, fields: string[]): AttemptEvent[] {
  const f: Record<string, string> = {};
  for (let i = 0; i < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!;
  const at = Number(f.at);
  if (f.e === 'starts') {
    return (JSON.parse(f.b!) as [string, number][]).map(([taskId, attempt]) => ({ shard, streamId, kind: 'start', taskId: String(taskId), attempt, at }));
  }
  if (f.e === 'delivered') {
    return (JSON.parse(f.b!) as [string, number, number, string][]).map(([taskId, attempt, startedAt, http]) => ({
      shard,
      streamId,
      kind: 'finish',
      taskId: String(taskId),
      attempt,
      at,
      outcome: 'success',
      status: 'delivered',
      startedAt: startedAt || at,
      ...(http ? { httpStatus: Number(http) } : {}),
    }));
  }
  const event: AttemptEvent = {
    shard,
    streamId,
    kind: f.e === 'finish' ? 'finish' : 'start',
    taskId: f.id!,
    attempt: Number(f.n),
    at,
  };
  if (event.kind === 'finish') {
    event.outcome = f.outcome as AttemptEvent['outcome'];
    event.status = f.status as AttemptEvent['status'];
    event.startedAt = Number(f.startedAt) || event.at;
    if (f.http) event.httpStatus = Number(f.http);
    if (f.error) event.error = f.error;
    if (f.nextAt) event.nextAt = Number(f.nextAt);
  }
  return [event];
}

export class HistoryStream {
  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
  ) {}

  /** Creates the consumer group on each shard's stream; safe to call from every replica. */
  async ensureGroups(shards: number[]): Promise<void> {
    for (const shard of shards) {
      try {
        await this.redis.xgroup('CREATE', shardKeys(this.prefix, shard).events, historyGroup, '0', 'MKSTREAM');
      } catch (err) {
        if (!String(err).includes('BUSYGROUP')) throw err;
      }
    }
  }

  /**
   * New events of several shards for `consumer`, one round trip. A Redis that lost the consumer
   * groups (wiped, replaced) gets them back, and the read is tried again.
   */
  async read(shards: number[], consumer: string, countPerShard: number, groupsRestored = false): Promise<AttemptEvent[]> {
    const pipeline = this.redis.pipeline();
    for (const shard of shards) {
      pipeline.xreadgroup('GROUP', historyGroup, consumer, 'COUNT', countPerShard, 'STREAMS', shardKeys(this.prefix, shard).events, '>');
    }
    try {
      return this.collect(shards, (await pipeline.exec()) ?? []);
    } catch (err) {
      if (groupsRestored || !String(err).includes('NOGROUP')) throw err;
      await this.ensureGroups(shards);
      return this.read(shards, consumer, countPerShard, true);
    }
  }

  /**
   * Takes over events that another consumer read but never acknowledged for `minIdleMs` (its
   * replica died mid-batch), so they are written by someone.
   */
  async claimAbandoned(shards: number[], consumer: string, minIdleMs: number, count: number): Promise<AttemptEvent[]> {
    const pipeline = this.redis.pipeline();
    for (const shard of shards) {
      pipeline.xautoclaim(shardKeys(this.prefix, shard).events, historyGroup, consumer, minIdleMs, '0', 'COUNT', count);
    }
    const replies = (await pipeline.exec()) ?? [];
    const events: AttemptEvent[] = [];
    shards.forEach((shard, i) => {
      const [err, value] = replies[i] ?? [null, null];
      if (err) throw err;
      const entries = ((value as [string, StreamEntries] | null)?.[1] ?? []).filter((entry) => entry?.[1]);
      for (const [id, fields] of entries) events.push(...parseEvents(shard, id, fields));
    });
    return events;
  }

  /** Acknowledges and deletes events Postgres now holds. */
  async acknowledge(events: AttemptEvent[]): Promise<void> {
    // A batch entry carries many events: each entry once.
    const byShard = new Map<number, Set<string>>();
    for (const e of events) {
      const ids = byShard.get(e.shard) ?? new Set<string>();
      ids.add(e.streamId);
      byShard.set(e.shard, ids);
    }
    const pipeline = this.redis.pipeline();
    for (const [shard, ids] of byShard) {
      const key = shardKeys(this.prefix, shard).events;
      pipeline.xack(key, historyGroup, ...ids);
      pipeline.xdel(key, ...ids);
    }
    const replies = (await pipeline.exec()) ?? [];
    for (const [err] of replies) if (err) throw err;
  }

  /** Events not yet written to Postgres, summed over shards: the outcome buffer's depth. */
  async depth(shards: number[]): Promise<number> {
    const pipeline = this.redis.pipeline();
    for (const shard of shards) pipeline.xlen(shardKeys(this.prefix, shard).events);
    const replies = (await pipeline.exec()) ?? [];
    return replies.reduce((sum, [, value]) => sum + Number(value ?? 0), 0);
  }

  private collect(shards: number[], replies: [Error | null, unknown][]): AttemptEvent[] {
    const events: AttemptEvent[] = [];
    shards.forEach((shard, i) => {
      const [err, value] = replies[i] ?? [null, null];
      if (err) throw err;
      const streams = value as [string, StreamEntries][] | null;
      for (const [, entries] of streams ?? []) {
        for (const [id, fields] of entries) events.push(...parseEvents(shard, id, fields));
      }
    });
    return events;
  }
}
