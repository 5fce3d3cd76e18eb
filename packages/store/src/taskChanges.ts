import type { Pool, PoolClient } from './pool.js';
import { eventsForRows } from './taskEvents.js';
import {
  taskColumns,
  toTaskRow,
  type RetrySettings,
  type TaskDbRow,
  type TaskRow,
  type TaskStatusName,
} from './taskRow.js';

/** Locks a task row for the rest of the transaction. */
export async function lockTask(client: PoolClient, ownerId: string, id: string): Promise<TaskRow | null> {
  const { rows } = await client.query<TaskDbRow>(
    `SELECT ${taskColumns} FROM tasks WHERE owner_id = $1 AND id = $2 FOR UPDATE`,
    [ownerId, id],
  );
  return rows[0] ? toTaskRow(rows[0]) : null;
}

/** Locks the task that holds `key` as its pending key, if one does. */
export async function lockPendingKeyHolder(client: PoolClient, ownerId: string, key: string): Promise<TaskRow | null> {
  const { rows } = await client.query<TaskDbRow>(
    `SELECT ${taskColumns} FROM tasks WHERE owner_id = $1 AND pending_key = $2 FOR UPDATE`,
    [ownerId, key],
  );
  return rows[0] ? toTaskRow(rows[0]) : null;
}

/**
 * Creations naming any of `keys` take turns, each for the rest of its transaction, so the holder
 * a creation finds stays the holder until it commits, and the last to take a key's turn holds it
 * (newest wins). Without turns, concurrent creations each insert past a holder another one just
 * replaced, and all but one fail on the unique key. Taken in one order, so two creations with
 * several keys never wait on each other in a circle. Takes no row lock (and so no transaction id):
 * it may come before the event locks.
 */
export async function takeKeyTurns(client: PoolClient, ownerId: string, keys: string[]): Promise<void> {
  // Sorted here: the locks are taken in the order unnest gives them. An owner id is a UUID, of
  // fixed length, so owner and key joined name one pair only.
  const sorted = [...new Set(keys)].sort();
  if (sorted.length === 0) return;
  await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1 || '/' || k, 0)) FROM unnest($2::text[]) AS k", [
    ownerId,
    sorted,
  ]);
}

/**
 * Of `ids`, those still `scheduled`, locked for the rest of the transaction: a change in flight
 * (a replacement cancelling one) is waited for, and then seen.
 */
export async function lockStillScheduled(client: PoolClient, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await client.query<{ id: string }>(
    "SELECT id::text FROM tasks WHERE id = ANY($1::bigint[]) AND status = 'scheduled' ORDER BY id FOR UPDATE",
    [ids],
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * The shards of the tasks holding any of `keys`, read without locking, so a creation can take
 * their event locks before it writes anything.
 */
export async function pendingKeyHolderShards(client: PoolClient, ownerId: string, keys: string[]): Promise<number[]> {
  if (keys.length === 0) return [];
  const { rows } = await client.query<{ shard: number }>(
    'SELECT DISTINCT shard FROM tasks WHERE owner_id = $1 AND pending_key = ANY($2::text[])',
    [ownerId, keys],
  );
  return rows.map((r) => r.shard);
}

/**
 * A newer task takes the key: the holder gives it up, and is cancelled (`superseded`) when it
 * had not started; a running holder keeps running. The caller holds the holder's event lock.
 */
export async function giveUpPendingKey(client: PoolClient, id: string, superseded: boolean): Promise<void> {
  await client.query(
    `WITH changed AS (
       UPDATE tasks SET pending_key = NULL, updated_at = now(),
         status = CASE WHEN $2 THEN 'cancelled' ELSE status END
       WHERE id = $1 RETURNING id, owner_id, attempt_count, schedule_id, $2::boolean AS superseded
     ), recorded AS (${eventsForRows('(SELECT * FROM changed WHERE superseded) AS c', 'cancelled')})
     SELECT 1`,
    [id, superseded],
  );
}

/**
 * Marks a task cancelled, with its event, if its status is one of `from`; returns the updated
 * row or null. The caller holds the task's event lock.
 */
export async function markCancelled(
  client: PoolClient,
  ownerId: string,
  id: string,
  from: TaskStatusName[],
): Promise<TaskRow | null> {
  const { rows } = await client.query<TaskDbRow>(
    `WITH changed AS (
       UPDATE tasks SET status = 'cancelled', pending_key = NULL, updated_at = now()
       WHERE owner_id = $1 AND id = $2 AND status = ANY($3::text[])
       RETURNING ${taskColumns}
     ), recorded AS (${eventsForRows('changed', 'cancelled')})
     SELECT * FROM changed`,
    [ownerId, id, from],
  );
  return rows[0] ? toTaskRow(rows[0]) : null;
}

/** Removes tasks that were inserted but could not be queued (the caller was told 503). */
export async function deleteUnqueuedTasks(client: Pool | PoolClient, ids: string[]): Promise<void> {
  await client.query(`DELETE FROM tasks WHERE id = ANY($1::bigint[]) AND status = 'scheduled' AND attempt_count = 0`, [
    ids,
  ]);
}

export interface WaitingTaskChanges {
  dueAt: Date;
  target: unknown;
  targetHost: string;
  priority: TaskRow['priority'];
  deadline: Date | null;
  maxAttempts: number;
  timeoutMs: number;
  retry: RetrySettings;
  /** Whether it goes back into Redis now (due within the horizon) or waits for the horizon queuer. */
  queued: boolean;
}

/** Rewrites a task that has not run yet (the caller took it out of Redis first). */
export async function updateWaitingTask(client: PoolClient, id: string, changes: WaitingTaskChanges): Promise<TaskRow> {
  const { rows } = await client.query<TaskDbRow>(
    `UPDATE tasks SET due_at = $2, target = $3, priority = $4, deadline = $5, max_attempts = $6,
       timeout_ms = $7, retry = $8, target_host = $9, queued = $10, updated_at = now()
     WHERE id = $1 RETURNING ${taskColumns}`,
    [
      id,
      changes.dueAt,
      JSON.stringify(changes.target),
      changes.priority,
      changes.deadline,
      changes.maxAttempts,
      changes.timeoutMs,
      JSON.stringify(changes.retry),
      changes.targetHost,
      changes.queued,
    ],
  );
  return toTaskRow(rows[0]!);
}

/**
 * A finished task runs again as its next attempt, recorded as a `scheduled` event. Reports about
 * the attempts before the replay can no longer change its status (replay_floor), whenever they
 * arrive. The caller holds the task's event lock.
 */
export async function markReplayed(client: PoolClient, id: string, dueAt: Date): Promise<TaskRow> {
  const { rows } = await client.query<TaskDbRow>(
    `WITH changed AS (
       UPDATE tasks SET status = 'scheduled', due_at = $2, replay_floor = attempt_count, replays = replays + 1, queued = true, updated_at = now()
       WHERE id = $1 RETURNING ${taskColumns}
     ), recorded AS (${eventsForRows('changed', 'scheduled')})
     SELECT * FROM changed`,
    [id, dueAt],
  );
  return toTaskRow(rows[0]!);
}
