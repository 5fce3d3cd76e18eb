import { inTransaction, lockWaitingTasks, markQueued, type Pool } from '@later/store';
import { queueTasks, type QueueDeps, type RowFailure } from './queueTasks.js';

export interface QueueWaitingResult {
  /** Waiting tasks found (and locked) in Postgres. */
  found: number;
  /** Of those, tasks Redis did not hold and now does. */
  queued: number;
}

/**
 * Hands one batch of waiting tasks from Postgres to Redis, in one transaction that holds their
 * rows: Redis takes only tasks it does not hold in any form (so a task is never queued twice, by
 * two replicas or by the horizon queuer racing a retry), and the rows are marked queued before
 * the locks go. Attempt numbers continue from Postgres. A row that cannot be queued goes to
 * `onRowFailure` and is marked queued all the same: the horizon queuer is done with it, and the
 * reconciler, which tries overdue tasks Redis lacks, reports it again each pass rather than
 * loop on it here.
 */
export async function queueWaitingBatch(
  pool: Pool,
  deps: QueueDeps,
  filter: { dueBefore: number; unqueuedOnly: boolean; limit: number },
  onRowFailure: RowFailure,
): Promise<QueueWaitingResult> {
  return inTransaction(pool, async (client) => {
    const rows = await lockWaitingTasks(client, { ...filter, dueBefore: new Date(filter.dueBefore) });
    if (rows.length === 0) return { found: 0, queued: 0 };
    const taken = await queueTasks(deps, rows, (row) => row.attemptCount, onRowFailure);
    await markQueued(
      client,
      rows.filter((row) => !row.queued).map((row) => row.id),
    );
    return { found: rows.length, queued: taken.size };
  });
}
