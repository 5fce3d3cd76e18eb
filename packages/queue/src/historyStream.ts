import { shardKeys } from './keys.js';
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
  /** For a failure: its kind (http_5xx, timeout, lease_expired, ...). */
  errorClass?: string;
  /** For a retry: the next due time (ms). */
  nextAt?: number;
}

type StreamEntries = [id: string, fields: string[]][];

function parseEvent(shard: number, streamId: string, fields: string[]): AttemptEvent {
  const f: Record<string, string> = {};
  for (let i = 0; i < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!;
  const event: AttemptEvent = {
    shard,
    streamId,
    kind: f.e === 'finish' ? 'finish' : 'start',
    taskId: f.id!,
    attempt: Number(f.n),
    at: Number(f.at),
  };
  if (event.kind === 'finish') {
    event.outcome = f.outcome as AttemptEvent['outcome'];
    event.status = f.status as AttemptEvent['status'];
    event.startedAt = Number(f.startedAt) || event.at;
    if (f.http) event.httpStatus = Number(f.http);
    if (f.error) event.error = f.error;
    if (f.class) event.errorClass = f.class;
    if (f.nextAt) event.nextAt = Number(f.nextAt);
  }
  return event;
}

/**
 * The per-shard streams that carry attempt events from the scripts to Postgres. Only one
 * history writer at a time reads them (it holds its turn in Postgres), always from the oldest
 * entry, and deletes what it wrote: so every event is written in the order it happened, and a
 * writer that died mid-batch leaves its events where the next one starts.
 */
export class HistoryStream {
  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
  ) {}

  /** The oldest events of several shards, at most `countPerShard` each, in stream order; one round trip. */
  async readOldest(shards: number[], countPerShard: number): Promise<AttemptEvent[]> {
    const pipeline = this.redis.pipeline();
    for (const shard of shards) pipeline.xrange(shardKeys(this.prefix, shard).events, '-', '+', 'COUNT', countPerShard);
    const replies = (await pipeline.exec()) ?? [];
    const events: AttemptEvent[] = [];
    shards.forEach((shard, i) => {
      const [err, value] = replies[i] ?? [null, null];
      if (err) throw err;
      for (const [id, fields] of (value as StreamEntries | null) ?? []) events.push(parseEvent(shard, id, fields));
    });
    return events;
  }

  /** Deletes events Postgres now holds. */
  async remove(events: AttemptEvent[]): Promise<void> {
    const byShard = new Map<number, string[]>();
    for (const e of events) {
      const ids = byShard.get(e.shard) ?? [];
      ids.push(e.streamId);
      byShard.set(e.shard, ids);
    }
    const pipeline = this.redis.pipeline();
    for (const [shard, ids] of byShard) pipeline.xdel(shardKeys(this.prefix, shard).events, ...ids);
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
}
