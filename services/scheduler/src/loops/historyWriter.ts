import type { AttemptEvent, HistoryStream, QueueScripts } from '@later/queue';
import type { Logger } from '@later/runtime';
import {
  inTransaction,
  takeHistoryTurn,
  writeHistory,
  type AttemptRecord,
  type HistoryBatch,
  type Pool,
  type PoolClient,
  type RecordedChange,
  type TaskProgress,
  type TaskTransition,
} from '@later/store';

export interface HistoryWriterOptions {
  shards: number[];
  batchPerShard: number;
  /**
   * Runs after a batch is in Postgres and its events are removed from Redis, with the ids of the
   * tasks it was about. A failure is logged; what it does must also be repaired by the reconciler.
   */
  afterRecord?: (taskIds: string[]) => Promise<void>;
  /**
   * Runs inside the batch's transaction with the tasks whose status it changed (what must
   * commit with the change, such as callbacks); returns what to do once it committed.
   */
  withinRecord?: (client: PoolClient, changes: RecordedChange[], batch: HistoryBatch) => Promise<() => Promise<void>>;
}

const rank = (e: AttemptEvent) => e.attempt * 2 + (e.kind === 'finish' ? 1 : 0);

/**
 * Turns a batch of attempt events into what `writeHistory` writes in one transaction: at most one
 * attempt record per (task, n), one progress per task, and every transition in order.
 */
export function summariseEvents(events: AttemptEvent[]): HistoryBatch {
  const attempts = new Map<string, AttemptRecord>();
  const latest = new Map<string, AttemptEvent>();
  const transitions: TaskTransition[] = [];
  for (const e of events) {
    const key = `${e.taskId}:${e.attempt}`;
    const record: AttemptRecord = attempts.get(key) ?? {
      taskId: e.taskId,
      n: e.attempt,
      dueAt: null,
      claimedAt: null,
      startedAt: Infinity,
      finishedAt: null,
      outcome: 'running',
      httpStatus: null,
      error: null,
      errorClass: null,
    };
    record.startedAt = Math.min(record.startedAt, e.kind === 'start' ? e.at : (e.startedAt ?? e.at));
    record.dueAt ??= e.dueAt ?? null;
    record.claimedAt ??= e.claimedAt ?? null;
    if (e.kind === 'finish') {
      record.finishedAt = e.at;
      record.outcome = e.outcome!;
      record.httpStatus = e.httpStatus ?? null;
      record.error = e.error ?? null;
      record.errorClass = e.errorClass ?? null;
      record.requestExcerpt = e.excerpt?.request ?? null;
      record.responseExcerpt = e.excerpt?.response ?? null;
    }
    attempts.set(key, record);
    const previous = latest.get(e.taskId);
    if (!previous || rank(e) > rank(previous)) latest.set(e.taskId, e);
    transitions.push({
      taskId: e.taskId,
      n: e.attempt,
      kind: e.kind,
      status: e.kind === 'start' ? 'running' : e.status!,
      at: e.at,
      outcome: e.outcome ?? null,
      httpStatus: e.httpStatus ?? null,
      error: e.error ?? null,
    });
  }
  const progress: TaskProgress[] = [...latest.values()].map((e) => ({
    taskId: e.taskId,
    n: e.attempt,
    kind: e.kind,
    status: e.kind === 'start' ? 'running' : e.status!,
    nextDueAt: e.nextAt ?? null,
  }));
  return { shards: [...new Set(events.map((e) => e.shard))], attempts: [...attempts.values()], progress, transitions };
}

/**
 * Moves attempt events from the Redis streams into Postgres, in batches. One replica at a time
 * writes (it holds the history turn in Postgres for its transaction): it reads the oldest events
 * of every shard, writes them with the task events they make, commits, and only then deletes
 * them from Redis. So batches land in the order their events happened (a task's `running` event
 * is never recorded after its `delivered`), while Postgres is down events wait in Redis, and a
 * replica that dies mid-batch leaves its events to the next writer, which starts at the oldest.
 * Writing one batch twice (a writer that died between commit and delete) changes nothing.
 */
export class HistoryWriter {
  private stopped = false;
  private loop: Promise<void> | undefined;
  /** False while Postgres refuses writes; readiness reports it. */
  healthy = true;
  writtenTotal = 0;

  constructor(
    private readonly pool: Pool,
    private readonly stream: HistoryStream,
    private readonly scripts: QueueScripts,
    private readonly log: Logger,
    private readonly options: HistoryWriterOptions,
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
    let failureMs = 250;
    while (!this.stopped) {
      try {
        const written = await this.writeOldest();
        this.healthy = true;
        failureMs = 250;
        if (written > 0) {
          idleMs = 10;
          continue;
        }
        await sleep(idleMs);
        idleMs = Math.min(idleMs * 2, 200);
      } catch (err) {
        this.healthy = false;
        this.log.error({ err }, 'writing history to Postgres failed; events stay in Redis');
        await sleep(failureMs);
        failureMs = Math.min(failureMs * 2, 5000);
      }
    }
  }

  /** Writes one batch of the oldest events, if there are any and the turn is ours; returns how many. */
  private async writeOldest(): Promise<number> {
    const { shards, batchPerShard } = this.options;
    // Redis answers "nothing to write" without a Postgres round trip.
    if ((await this.stream.depth(shards)) === 0) return 0;
    let afterCommit = async () => undefined as void;
    const events = await inTransaction(this.pool, async (client) => {
      if (!(await takeHistoryTurn(client))) return [];
      const read = await this.stream.readOldest(shards, batchPerShard);
      if (read.length === 0) return read;
      const batch = summariseEvents(read);
      const changes = await writeHistory(client, batch);
      if (this.options.withinRecord) afterCommit = await this.options.withinRecord(client, changes, batch);
      return read;
    });
    if (events.length === 0) return 0;
    // Before the delete: if deleting fails, the batch is written again (changing nothing), and
    // what had to follow this commit has already happened.
    await afterCommit();
    await this.stream.remove(events);
    this.writtenTotal += events.length;
    await this.afterWritten(events);
    return events.length;
  }

  private async afterWritten(events: AttemptEvent[]): Promise<void> {
    try {
      await this.options.afterRecord?.([...new Set(events.map((e) => e.taskId))]);
    } catch (err) {
      this.log.error({ err }, 'acting on recorded history failed; the reconciler repairs it');
    }
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
