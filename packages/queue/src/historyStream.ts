import { shardKeys } from './keys.js';
import type { AttemptExcerpt } from './attemptExcerpt.js';
import type { RedisConnection } from './scriptTypes.js';

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
  /** For `start`: when the attempt was due, and when a claim made it ready (ms), if known. */
  dueAt?: number;
  claimedAt?: number;
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
  /** For `finish` of a delivery the sender reported: what it sent and got back. */
  excerpt?: AttemptExcerpt;
}

/** An excerpt as a script passed it on: JSON text, '' for none. */
function parseExcerpt(text: string | undefined): { excerpt?: AttemptExcerpt } {
  if (!text) return {};
  try {
    return { excerpt: JSON.parse(text) as AttemptExcerpt };
  } catch {
    // Written by our own sender, so never expected; the attempt still counts without it.
    return {};
  }
}

type StreamEntries = [id: string, fields: string[]][];

/**
 * The events of one stream entry. Scripts write one entry per attempt event ('start', 'finish'),
 * or one for a whole batch: 'starts' (b = JSON [[taskId, attempt, dueMs, claimedMs], ...], the
 * times 0 when not known) and 'delivered'
 * (b = JSON [[taskId, attempt, startedAt, httpStatus or '', excerpt JSON or ''], ...]), since one entry per task
 * cost a busy Redis more than the rest of the delivery. Undefined for an entry of a kind a newer
 * release writes: never read as one of these.
 */
function parseEvents(shard: number, streamId: string, fields: string[]): AttemptEvent[] | undefined {
  const f: Record<string, string> = {};
  for (let i = 0; i < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!;
  const at = Number(f.at);
  if (f.e === 'starts') {
    return (JSON.parse(f.b!) as [string, number, number?, number?][]).map(([taskId, attempt, dueAt, claimedAt]) => ({
      shard,
      streamId,
      kind: 'start',
      taskId: String(taskId),
      attempt,
      at,
      ...(dueAt ? { dueAt } : {}),
      ...(claimedAt ? { claimedAt } : {}),
    }));
  }
  if (f.e === 'delivered') {
    return (JSON.parse(f.b!) as [string, number, number, string, string?][]).map(
      ([taskId, attempt, startedAt, http, excerpt]) => ({
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
        ...parseExcerpt(excerpt),
      }),
    );
  }
  if (f.e !== 'start' && f.e !== 'finish') return undefined;
  const event: AttemptEvent = {
    shard,
    streamId,
    kind: f.e,
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
    if (f.class) event.errorClass = f.class;
    if (f.nextAt) event.nextAt = Number(f.nextAt);
    Object.assign(event, parseExcerpt(f.excerpt));
  }
  return [event];
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

  /**
   * The oldest events of several shards, in stream order: per shard, whole entries until
   * `countPerShard` events (at least one entry; an entry may carry a batch). One command per
   * shard rather than a pipeline, which a Redis Cluster keeps to one node; sent at once, they
   * cost about one round trip. A shard's events stop before an entry of a kind this release
   * does not know (a newer release wrote it): it and what follows wait for a newer writer, so
   * each task's events still reach Postgres in order.
   */
  async readOldest(shards: number[], countPerShard: number): Promise<AttemptEvent[]> {
    const replies = await Promise.all(
      shards.map((shard) => this.redis.xrange(shardKeys(this.prefix, shard).events, '-', '+', 'COUNT', countPerShard)),
    );
    const events: AttemptEvent[] = [];
    shards.forEach((shard, i) => {
      let taken = 0;
      for (const [id, fields] of (replies[i] as StreamEntries | null) ?? []) {
        if (taken >= countPerShard) break;
        const entryEvents = parseEvents(shard, id, fields);
        if (!entryEvents) break;
        events.push(...entryEvents);
        taken += entryEvents.length;
      }
    });
    return events;
  }

  /** Deletes events Postgres now holds. */
  async remove(events: AttemptEvent[]): Promise<void> {
    // A batch entry carries many events: each entry once.
    const byShard = new Map<number, Set<string>>();
    for (const e of events) {
      const ids = byShard.get(e.shard) ?? new Set<string>();
      ids.add(e.streamId);
      byShard.set(e.shard, ids);
    }
    await Promise.all(
      [...byShard].map(([shard, ids]) => this.redis.xdel(shardKeys(this.prefix, shard).events, ...ids)),
    );
  }

  /** Events not yet written to Postgres, summed over shards: the outcome buffer's depth. */
  async depth(shards: number[]): Promise<number> {
    const lengths = await Promise.all(shards.map((shard) => this.redis.xlen(shardKeys(this.prefix, shard).events)));
    return lengths.reduce((sum, length) => sum + length, 0);
  }
}
