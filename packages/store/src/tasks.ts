import type { Pool, PoolClient } from './pool.js';

export type TaskStatusName = 'scheduled' | 'running' | 'retrying' | 'delivered' | 'dead' | 'cancelled';
export const finalStatuses: readonly TaskStatusName[] = ['delivered', 'dead', 'cancelled'];

export interface NewTaskRow {
  id: string;
  ownerId: string;
  channel: string;
  target: unknown;
  dueAt: Date;
  shard: number;
  maxAttempts: number;
  timeoutMs: number;
}

export interface TaskRow {
  id: string;
  ownerId: string;
  status: TaskStatusName;
  channel: string;
  target: unknown;
  dueAt: Date;
  shard: number;
  attemptCount: number;
  maxAttempts: number;
  timeoutMs: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface AttemptRow {
  n: number;
  startedAt: Date;
  finishedAt: Date | null;
  outcome: 'running' | 'success' | 'retryable' | 'permanent' | 'lost';
  httpStatus: number | null;
  error: string | null;
}

interface TaskDbRow {
  id: string;
  owner_id: string;
  status: TaskStatusName;
  channel: string;
  target: unknown;
  due_at: Date;
  shard: number;
  attempt_count: number;
  max_attempts: number;
  timeout_ms: number;
  created_at: Date;
  updated_at: Date;
}

const taskColumns =
  'id, owner_id, status, channel, target, due_at, shard, attempt_count, max_attempts, timeout_ms, created_at, updated_at';

const toTaskRow = (r: TaskDbRow): TaskRow => ({
  id: r.id,
  ownerId: r.owner_id,
  status: r.status,
  channel: r.channel,
  target: r.target,
  dueAt: r.due_at,
  shard: r.shard,
  attemptCount: r.attempt_count,
  maxAttempts: r.max_attempts,
  timeoutMs: r.timeout_ms,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Reserves `count` task ids in one round trip, so the shard (derived from the id) is known before insert. */
export async function reserveTaskIds(client: Pool | PoolClient, count: number): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    `SELECT nextval(pg_get_serial_sequence('tasks', 'id'))::text AS id FROM generate_series(1, $1)`,
    [count],
  );
  return rows.map((r) => r.id);
}

/** Inserts tasks as `scheduled`, in one statement. */
export async function insertTasks(client: Pool | PoolClient, tasks: NewTaskRow[]): Promise<TaskRow[]> {
  if (tasks.length === 0) return [];
  const { rows } = await client.query<TaskDbRow>(
    `INSERT INTO tasks (id, owner_id, status, channel, target, due_at, shard, max_attempts, timeout_ms)
     SELECT id, owner_id, 'scheduled', channel, target, due_at, shard, max_attempts, timeout_ms
     FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::jsonb[], $5::timestamptz[], $6::int[], $7::int[], $8::int[])
       AS v(id, owner_id, channel, target, due_at, shard, max_attempts, timeout_ms)
     RETURNING ${taskColumns}`,
    [
      tasks.map((t) => t.id),
      tasks.map((t) => t.ownerId),
      tasks.map((t) => t.channel),
      tasks.map((t) => JSON.stringify(t.target)),
      tasks.map((t) => t.dueAt),
      tasks.map((t) => t.shard),
      tasks.map((t) => t.maxAttempts),
      tasks.map((t) => t.timeoutMs),
    ],
  );
  return rows.map(toTaskRow);
}

export async function getTask(pool: Pool, ownerId: string, id: string): Promise<TaskRow | null> {
  const { rows } = await pool.query<TaskDbRow>(`SELECT ${taskColumns} FROM tasks WHERE owner_id = $1 AND id = $2`, [ownerId, id]);
  return rows[0] ? toTaskRow(rows[0]) : null;
}

export async function getAttempts(pool: Pool, taskId: string): Promise<AttemptRow[]> {
  const { rows } = await pool.query<{
    n: number;
    started_at: Date;
    finished_at: Date | null;
    outcome: AttemptRow['outcome'];
    http_status: number | null;
    error: string | null;
  }>('SELECT n, started_at, finished_at, outcome, http_status, error FROM attempts WHERE task_id = $1 ORDER BY n', [taskId]);
  return rows.map((r) => ({
    n: r.n,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    outcome: r.outcome,
    httpStatus: r.http_status,
    error: r.error,
  }));
}

/** The owner's tasks, newest first, after task id `beforeId` when given (keyset paging). */
export async function listTasks(
  pool: Pool,
  ownerId: string,
  filter: { status?: TaskStatusName; beforeId?: string; limit: number },
): Promise<TaskRow[]> {
  const { rows } = await pool.query<TaskDbRow>(
    `SELECT ${taskColumns} FROM tasks
     WHERE owner_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::bigint IS NULL OR id < $3)
     ORDER BY id DESC LIMIT $4`,
    [ownerId, filter.status ?? null, filter.beforeId ?? null, filter.limit],
  );
  return rows.map(toTaskRow);
}

/** Marks a task cancelled if its status is one of `from`; returns the updated row or null. */
export async function markCancelled(pool: Pool, ownerId: string, id: string, from: TaskStatusName[]): Promise<TaskRow | null> {
  const { rows } = await pool.query<TaskDbRow>(
    `UPDATE tasks SET status = 'cancelled', updated_at = now()
     WHERE owner_id = $1 AND id = $2 AND status = ANY($3::text[])
     RETURNING ${taskColumns}`,
    [ownerId, id, from],
  );
  return rows[0] ? toTaskRow(rows[0]) : null;
}

/** Removes tasks that were inserted but could not be queued (the caller was told 503). */
export async function deleteUnqueuedTasks(pool: Pool, ids: string[]): Promise<void> {
  await pool.query(`DELETE FROM tasks WHERE id = ANY($1::bigint[]) AND status = 'scheduled' AND attempt_count = 0`, [ids]);
}
