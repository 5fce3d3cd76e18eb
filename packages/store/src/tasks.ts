import type { Pool, PoolClient } from './pool.js';
import { eventsForRows } from './taskEvents.js';
import {
  scheduledTaskRow,
  taskColumns,
  taskInsertColumns,
  toTaskRow,
  type NewTaskRow,
  type TaskDbRow,
  type TaskRow,
  type TaskStatusName,
} from './taskRow.js';

export interface AttemptRow {
  n: number;
  dueAt: Date | null;
  claimedAt: Date | null;
  startedAt: Date;
  finishedAt: Date | null;
  outcome: 'running' | 'success' | 'retryable' | 'permanent' | 'lost' | 'skipped';
  httpStatus: number | null;
  error: string | null;
  /** What the attempt sent and got back, as the sender cut it (see @later/queue's AttemptExcerpt). */
  requestExcerpt: object | null;
  responseExcerpt: object | null;
}

/** Reserves `count` task ids in one round trip, so the shard (derived from the id) is known before insert. */
export async function reserveTaskIds(client: Pool | PoolClient, count: number): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    `SELECT nextval(pg_get_serial_sequence('tasks', 'id'))::text AS id FROM generate_series(1, $1)`,
    [count],
  );
  return rows.map((r) => r.id);
}

/**
 * Inserts tasks as `scheduled`, with their `scheduled` events, in one statement; a task with a key
 * holds it as its pending key. Returns the rows inserted, in the order given (a callback already
 * made for its outcome is left out).
 *
 * The rows travel as one JSON document and come back as little as the caller lacks (the id, the
 * target as jsonb stored it, the creation time): building a thousand rows' worth of typed array
 * parameters and parsing every column back cost the scheduler more time than Postgres spent on
 * the insert. The target comes back so that a task queued now carries exactly the body a task
 * restored from Postgres later would.
 */
export async function insertTasks(client: Pool | PoolClient, tasks: NewTaskRow[]): Promise<TaskRow[]> {
  if (tasks.length === 0) return [];
  const { rows } = await client.query<{ id: string; target: unknown; created_ms: number }>(
    `WITH inserted AS (
       INSERT INTO tasks (${taskInsertColumns.columns})
       SELECT ${taskInsertColumns.values}
       FROM json_to_recordset($1::json) AS v(${taskInsertColumns.record})
       -- A callback already made for this outcome is not made again (and gets no event).
       ON CONFLICT (callback_for, callback_attempt) WHERE callback_for IS NOT NULL DO NOTHING
       RETURNING id, owner_id, attempt_count, schedule_id, target, created_at
     ), recorded AS (${eventsForRows('inserted', 'scheduled')})
     SELECT id, target, (extract(epoch FROM created_at) * 1000)::float8 AS created_ms FROM inserted`,
    [JSON.stringify(tasks)],
  );
  const stored = new Map(rows.map((row) => [row.id, row]));
  return tasks.flatMap((task) => {
    const row = stored.get(task.id);
    if (!row) return [];
    const createdAt = new Date(Math.floor(row.created_ms));
    return [scheduledTaskRow(task, { target: row.target, createdAt })];
  });
}

export async function getTask(client: Pool | PoolClient, ownerId: string, id: string): Promise<TaskRow | null> {
  const { rows } = await client.query<TaskDbRow>(`SELECT ${taskColumns} FROM tasks WHERE owner_id = $1 AND id = $2`, [
    ownerId,
    id,
  ]);
  return rows[0] ? toTaskRow(rows[0]) : null;
}

export async function getTasksByIds(client: Pool | PoolClient, ids: string[]): Promise<TaskRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await client.query<TaskDbRow>(`SELECT ${taskColumns} FROM tasks WHERE id = ANY($1::bigint[])`, [
    ids,
  ]);
  return rows.map(toTaskRow);
}

export async function getAttempts(pool: Pool, taskId: string): Promise<AttemptRow[]> {
  const { rows } = await pool.query<{
    n: number;
    due_at: Date | null;
    claimed_at: Date | null;
    started_at: Date;
    finished_at: Date | null;
    outcome: AttemptRow['outcome'];
    http_status: number | null;
    error: string | null;
    request_excerpt: object | null;
    response_excerpt: object | null;
  }>(
    `SELECT n, due_at, claimed_at, started_at, finished_at, outcome, http_status, error, request_excerpt, response_excerpt
     FROM attempts WHERE task_id = $1 ORDER BY n`,
    [taskId],
  );
  return rows.map((r) => ({
    n: r.n,
    dueAt: r.due_at,
    claimedAt: r.claimed_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    outcome: r.outcome,
    httpStatus: r.http_status,
    error: r.error,
    requestExcerpt: r.request_excerpt,
    responseExcerpt: r.response_excerpt,
  }));
}

export interface TaskFilter {
  status?: TaskStatusName;
  channel?: string;
  stream?: string;
  key?: string;
  /** Only the runs of this schedule. */
  scheduleId?: string;
  /** Text to find, ignoring case, in the id, key, stream, destination or body. */
  search?: string;
  beforeId?: string;
  limit: number;
}

/** `text` as a LIKE pattern that matches it literally anywhere. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The owner's tasks, newest first, after task id `beforeId` when given (keyset paging). */
export async function listTasks(pool: Pool, ownerId: string, filter: TaskFilter): Promise<TaskRow[]> {
  // The search reads the target as text (URL, address, subject, body): a scan of the owner's
  // tasks, bounded by the owner index and the page's LIMIT, which is fine for a person's search.
  const { rows } = await pool.query<TaskDbRow>(
    `SELECT ${taskColumns} FROM tasks
     WHERE owner_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::bigint IS NULL OR id < $3)
       AND ($5::text IS NULL OR channel = $5) AND ($6::text IS NULL OR stream = $6) AND ($7::text IS NULL OR task_key = $7)
       AND ($8::text IS NULL OR id::text = $9 OR task_key ILIKE $8 OR stream ILIKE $8 OR target::text ILIKE $8)
       AND ($10::bigint IS NULL OR schedule_id = $10)
     ORDER BY id DESC LIMIT $4`,
    [
      ownerId,
      filter.status ?? null,
      filter.beforeId ?? null,
      filter.limit,
      filter.channel ?? null,
      filter.stream ?? null,
      filter.key ?? null,
      filter.search === undefined ? null : containing(filter.search),
      filter.search ?? null,
      filter.scheduleId ?? null,
    ],
  );
  return rows.map(toTaskRow);
}

/** Which of these tasks are occurrences of a schedule, and of which. */
export async function scheduleOccurrences(
  client: Pool | PoolClient,
  taskIds: string[],
): Promise<{ taskId: string; scheduleId: string }[]> {
  if (taskIds.length === 0) return [];
  const { rows } = await client.query<{ id: string; schedule_id: string }>(
    'SELECT id, schedule_id FROM tasks WHERE id = ANY($1::bigint[]) AND schedule_id IS NOT NULL',
    [taskIds],
  );
  return rows.map((r) => ({ taskId: r.id, scheduleId: r.schedule_id }));
}

/**
 * Tasks not finished that Redis must hold: running, or waiting, handed to Redis and due before
 * `dueBefore` (the horizon), in id order after `afterId`: a page of a full rebuild.
 */
export async function unfinishedTasks(pool: Pool, afterId: string, limit: number, dueBefore: Date): Promise<TaskRow[]> {
  const { rows } = await pool.query<TaskDbRow>(
    `SELECT ${taskColumns} FROM tasks
     WHERE (status = 'running' OR (status IN ('scheduled', 'retrying') AND queued AND due_at < $3)) AND id > $1
     ORDER BY id LIMIT $2`,
    [afterId, limit, dueBefore],
  );
  return rows.map(toTaskRow);
}

/** When a task's first attempt started, or null if it never started. */
export async function firstStartedAt(client: Pool | PoolClient, taskId: string): Promise<Date | null> {
  const { rows } = await client.query<{ started: Date | null }>(
    'SELECT min(started_at) AS started FROM attempts WHERE task_id = $1',
    [taskId],
  );
  return rows[0]?.started ?? null;
}

/**
 * Deletes up to `limit` tasks that finished (delivered, dead or cancelled) more than `olderThanMs`
 * ago, their attempts with them; returns how many. A task being replayed holds its row lock and is
 * skipped; one replayed meanwhile is no longer finished when the lock is taken, and stays.
 */
export async function purgeFinishedTasks(pool: Pool, olderThanMs: number, limit: number): Promise<number> {
  const { rowCount } = await pool.query(
    `DELETE FROM tasks WHERE id IN (
       SELECT id FROM tasks
       WHERE status IN ('delivered', 'dead', 'cancelled') AND updated_at < now() - make_interval(secs => $1 / 1000.0)
       ORDER BY updated_at LIMIT $2
       FOR UPDATE SKIP LOCKED)`,
    [olderThanMs, limit],
  );
  return rowCount ?? 0;
}
