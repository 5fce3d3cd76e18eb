import type { Pool, PoolClient } from './pool.js';
import { taskColumns, toTaskRow, type TaskDbRow, type TaskRow } from './taskRow.js';

/**
 * Waiting tasks due before `dueBefore`, earliest first, locked for the rest of the transaction;
 * rows another transaction holds are skipped, so replicas queuing at once take disjoint batches,
 * and a cancel or change that holds a task's row is never raced by queuing that task.
 * `unqueuedOnly`: only tasks not yet handed to Redis (the horizon queuer); otherwise all of them (the
 * reconciler, for overdue tasks Redis may have lost).
 */
export async function lockWaitingTasks(
  client: PoolClient,
  filter: { dueBefore: Date; unqueuedOnly: boolean; limit: number },
): Promise<TaskRow[]> {
  const { rows } = await client.query<TaskDbRow>(
    `SELECT ${taskColumns} FROM tasks
     WHERE status IN ('scheduled', 'retrying') AND due_at < $1 ${filter.unqueuedOnly ? 'AND NOT queued' : ''}
     ORDER BY due_at LIMIT $2
     FOR UPDATE SKIP LOCKED`,
    [filter.dueBefore, filter.limit],
  );
  return rows.map(toTaskRow);
}

/** Records that these tasks are in Redis now. */
export async function markQueued(client: Pool | PoolClient, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await client.query('UPDATE tasks SET queued = true WHERE id = ANY($1::bigint[]) AND NOT queued', [ids]);
}

/**
 * After Redis was wiped: waiting tasks due at or after `dueAfter` (the horizon) are in
 * Postgres only from now on, for the horizon queuer to bring back in time.
 */
export async function markUnqueuedFrom(pool: Pool, dueAfter: Date): Promise<number> {
  const { rowCount } = await pool.query(
    `UPDATE tasks SET queued = false WHERE queued AND status IN ('scheduled', 'retrying') AND due_at >= $1`,
    [dueAfter],
  );
  return rowCount ?? 0;
}
