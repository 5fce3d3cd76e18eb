import { shardOf, streamKeyOf, type QueueScripts, type QueueEntry } from '@later/queue';
import type { Logger } from '@later/runtime';
import { inTransaction, lockStillScheduled, type TaskRow } from '@later/store';
import type { SchedulerConfig } from '../config.js';
import type { RedisClock } from '../time/redisClock.js';
import { queuedTaskFromRow } from './queuedTask.js';
import type { TaskDeps } from './taskDeps.js';

export interface QueueDeps {
  scripts: QueueScripts;
  config: SchedulerConfig;
  log: Logger;
  clock: RedisClock;
}

/** The shard a new task goes to: its stream's, so a stream's tasks share one script's view. */
export function shardForTask(id: string, ownerId: string, stream: string | null, shardCount: number): number {
  return shardOf(id, shardCount, stream ? streamKeyOf(ownerId, stream) : undefined);
}

/** Told of a row that could not be queued (a loop over many users' rows skips it and goes on). */
export type RowFailure = (id: string, err: unknown) => void;

/**
 * Queues waiting tasks in Redis from their Postgres rows. Redis skips any task it already holds,
 * so queuing twice, or queuing a task that is running, never runs it twice. Returns the ids Redis
 * took. `attemptsMade` continues a task's attempt numbers (a replay, or a retry restored). With
 * `onRowFailure`, a row that cannot be read into a queued task is skipped and reported to it;
 * without, it fails the whole call.
 */
export async function queueTasks(
  deps: QueueDeps,
  rows: TaskRow[],
  attemptsMade: (row: TaskRow) => number = () => 0,
  onRowFailure?: RowFailure,
): Promise<Set<string>> {
  const byShard = new Map<number, QueueEntry[]>();
  for (const row of rows) {
    let task;
    try {
      task = queuedTaskFromRow(row, deps.config.DEADLINE_MARGIN_MS);
    } catch (err) {
      if (!onRowFailure) throw err;
      onRowFailure(row.id, err);
      continue;
    }
    const entries = byShard.get(row.shard) ?? [];
    entries.push({
      taskId: row.id,
      dueAt: row.dueAt.getTime(),
      task,
      front: row.position === 'front',
      attemptsMade: attemptsMade(row),
    });
    byShard.set(row.shard, entries);
  }
  const taken = new Set<string>();
  await Promise.all(
    [...byShard].map(async ([shard, entries]) => {
      const written = await deps.scripts.queueTasks(shard, entries);
      entries.forEach((entry, i) => written[i] && taken.add(entry.taskId));
    }),
  );
  return taken;
}

/** Whether a task due at `dueAt` goes to Redis now, or waits in Postgres for the horizon queuer. */
export const withinHorizon = (deps: Pick<QueueDeps, 'config' | 'clock'>, dueAt: number): boolean =>
  dueAt < deps.clock.now() + deps.config.HORIZON_MS;

/**
 * Queues rows that Postgres has just committed, those marked `queued` (the others are due beyond
 * the horizon: the horizon queuer brings them in time). A failure here is logged, not thrown: the
 * task is accepted (Postgres holds it) and the reconciler queues it once Redis answers again.
 */
export async function queueCommitted(
  deps: QueueDeps,
  rows: TaskRow[],
  attemptsMade?: (row: TaskRow) => number,
): Promise<void> {
  try {
    await queueTasks(
      deps,
      rows.filter((row) => row.queued),
      attemptsMade,
    );
  } catch (err) {
    deps.log.error({ err, tasks: rows.length }, 'queuing in Redis failed; the reconciler will queue these tasks');
  }
}

/**
 * What follows the commit of new tasks, wherever they come from (a request, a schedule's next
 * run, a callback): they are counted, then queued in Redis if due within the horizon (a
 * task with a key under its row lock: see queueUnlessReplaced).
 */
export async function queueCreated(deps: TaskDeps, rows: TaskRow[]): Promise<void> {
  deps.metrics.tasksCreated(rows);
  await queueCommitted(
    deps,
    rows.filter((row) => row.taskKey === null),
  );
  await queueUnlessReplaced(
    deps,
    rows.filter((row) => row.taskKey !== null && row.queued),
  );
}

/**
 * Queues keyed tasks under their row locks. A task is queued only once its creation committed, so
 * a newer task with its key may replace it in between; that one would find it absent from Redis
 * and cancel it in Postgres alone, and queuing it afterwards would deliver a cancelled task. Under
 * the lock, either the replacement came first (the task is cancelled: not queued) or it waits
 * and then finds the task in Redis, and takes it out there.
 */
async function queueUnlessReplaced(deps: TaskDeps, rows: TaskRow[]): Promise<void> {
  if (rows.length === 0) return;
  try {
    await inTransaction(deps.pool, async (client) => {
      const scheduled = await lockStillScheduled(
        client,
        rows.map((row) => row.id),
      );
      await queueTasks(
        deps,
        rows.filter((row) => scheduled.has(row.id)),
      );
    });
  } catch (err) {
    deps.log.error({ err, tasks: rows.length }, 'queuing in Redis failed; the reconciler will queue these tasks');
  }
}
