import type { AttemptEvent, HistoryStream, QueueScripts } from '@later/queue';
import type { Logger } from '@later/runtime';
import { recordHistory, type AttemptRecord, type Pool, type TaskProgress } from '@later/store';

export interface HistoryWriterOptions {
  shards: number[];
  consumer: string;
  batchPerShard: number;
  /**
   * Runs after a batch is in Postgres and before it is acknowledged, with the ids of the tasks
   * it was about; a failure makes the batch (idempotent) be written again.
   */
  afterRecord?: (taskIds: string[]) => Promise<void>;
}

const rank = (e: AttemptEvent) => e.attempt * 2 + (e.kind === 'finish' ? 1 : 0);

/**
 * Turns a batch of attempt events into at most one attempt record per (task, n) and one progress
 * per task, the shape `recordHistory` writes in one transaction.
 */
export function summariseEvents(events: AttemptEvent[]): { attempts: AttemptRecord[]; progress: TaskProgress[] } {
  const attempts = new Map<string, AttemptRecord>();
  const latest = new Map<string, AttemptEvent>();
  for (const e of events) {
    const key = `${e.taskId}:${e.attempt}`;
    const record: AttemptRecord = attempts.get(key) ?? {
      taskId: e.taskId,
      n: e.attempt,
      startedAt: Infinity,
      finishedAt: null,
      outcome: 'running',
      httpStatus: null,
      error: null,
    };
    record.startedAt = Math.min(record.startedAt, e.kind === 'start' ? e.at : (e.startedAt ?? e.at));
    if (e.kind === 'finish') {
      record.finishedAt = e.at;
      record.outcome = e.outcome!;
      record.httpStatus = e.httpStatus ?? null;
      record.error = e.error ?? null;
    }
    attempts.set(key, record);
    const previous = latest.get(e.taskId);
    if (!previous || rank(e) > rank(previous)) latest.set(e.taskId, e);
  }
  const progress: TaskProgress[] = [...latest.values()].map((e) => ({
    taskId: e.taskId,
    n: e.attempt,
    kind: e.kind,
    status: e.kind === 'start' ? 'running' : e.status!,
    nextDueAt: e.nextAt ?? null,
  }));
  return { attempts: [...attempts.values()], progress };
}

/**
 * Moves attempt events from the Redis streams into Postgres, in batches. An event is
 * acknowledged (and deleted) only after its batch committed, so while Postgres is down events
 * wait in Redis and nothing is lost; a replica that dies mid-batch leaves its events pending,
 * and another replica claims them after `abandonedAfterMs`.
 */
export class HistoryWriter {
  private stopped = false;
  private loop: Promise<void> | undefined;
  private lastClaimAt = 0;
  /** False while Postgres refuses writes; readiness reports it. */
  healthy = true;
  writtenTotal = 0;

  constructor(
    private readonly pool: Pool,
    private readonly stream: HistoryStream,
    private readonly scripts: QueueScripts,
    private readonly log: Logger,
    private readonly options: HistoryWriterOptions,
    private readonly abandonedAfterMs = 30_000,
  ) {}

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async run(): Promise<void> {
    let idleMs = 10;
    while (!this.stopped) {
      try {
        const events = await this.nextBatch();
        if (events.length === 0) {
          await sleep(idleMs);
          idleMs = Math.min(idleMs * 2, 200);
          continue;
        }
        idleMs = 10;
        await this.write(events);
      } catch (err) {
        this.log.error({ err }, 'reading history events failed');
        await sleep(500);
      }
    }
  }

  private async nextBatch(): Promise<AttemptEvent[]> {
    const { shards, consumer, batchPerShard } = this.options;
    if (Date.now() - this.lastClaimAt > this.abandonedAfterMs / 2) {
      this.lastClaimAt = Date.now();
      const abandoned = await this.stream.claimAbandoned(shards, consumer, this.abandonedAfterMs, batchPerShard);
      if (abandoned.length > 0) return abandoned;
    }
    return this.stream.read(shards, consumer, batchPerShard);
  }

  /**
   * Writes one batch, retrying until Postgres takes it or the writer stops. A stream entry may
   * carry a whole batch of events, so what was read is written in transactions of at most
   * `eventsPerTransaction`; writing one again after a failure is harmless (recordHistory is
   * idempotent and moves a status only forward).
   */
  private async write(events: AttemptEvent[], eventsPerTransaction = 5000): Promise<void> {
    for (let delay = 250; ; delay = Math.min(delay * 2, 5000)) {
      try {
        for (let from = 0; from < events.length; from += eventsPerTransaction) {
          const { attempts, progress } = summariseEvents(events.slice(from, from + eventsPerTransaction));
          await recordHistory(this.pool, attempts, progress);
          await this.options.afterRecord?.(progress.map((p) => p.taskId));
        }
        this.healthy = true;
        break;
      } catch (err) {
        this.healthy = false;
        this.log.error({ err, events: events.length }, 'writing history to Postgres failed; events stay in Redis');
        // Unacknowledged events are not lost when stopping: another replica claims them later.
        if (this.stopped) return;
        await sleep(delay);
      }
    }
    await this.stream.acknowledge(events);
    this.writtenTotal += events.length;
    const finished = new Map<number, { taskId: string; attempt: number }[]>();
    for (const e of events) {
      if (e.kind !== 'finish' || e.status === 'retrying') continue;
      const list = finished.get(e.shard) ?? [];
      list.push({ taskId: e.taskId, attempt: e.attempt });
      finished.set(e.shard, list);
    }
    await Promise.all([...finished].map(([shard, list]) => this.scripts.forgetFinished(shard, list)));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
