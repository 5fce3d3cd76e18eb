import type { Pool, PoolClient } from './pool.js';

/**
 * Where a reader stands in the event log: the writing transaction's id, then the event's place
 * in it. Shown to callers as one opaque id, `<xid>-<seq>`.
 */
export interface EventPosition {
  xid: string;
  seq: string;
}

export type TaskEventStatus = 'scheduled' | 'running' | 'retrying' | 'delivered' | 'dead' | 'cancelled';

export interface TaskEventRow {
  id: string;
  taskId: string;
  status: TaskEventStatus;
  attempt: number;
  at: Date;
  outcome: string | null;
  httpStatus: number | null;
  error: string | null;
  scheduleId: string | null;
}

/** A destination's event in the same log: it names a webhook URL of the owner, and no task. */
export interface DestinationEventRow {
  id: string;
  taskId: null;
  type: 'destination.disabled' | 'destination.enabled';
  url: string;
  at: Date;
  error: string | null;
}

/** An event about to be written; its position is given by the transaction that writes it. */
export interface NewTaskEvent {
  ownerId: string;
  taskId: string;
  status: TaskEventStatus;
  attempt: number;
  at: number;
  outcome: string | null;
  httpStatus: number | null;
  error: string | null;
  scheduleId: string | null;
}

export const eventIdOf = (position: EventPosition): string => `${position.xid}-${position.seq}`;

// Advisory locks (two-int form): one per shard orders the event writers of that shard, and one
// more is the history writer's turn. Any constant works; it only has to be the same everywhere.
const eventLockSpace = 1_847_203_117;
const historyTurn = -1;

/**
 * Takes the event locks of `shards` for the rest of the transaction. Every transaction that
 * records events of tasks that already exist takes them before its first write, that is before
 * Postgres gives it a transaction id: so the events of one shard (and a task never changes shard)
 * are ordered by xid exactly as they committed, and the state each writer reads to decide which
 * events to record is the state its predecessors left. Sorted, so two writers never deadlock.
 */
export async function lockEventShards(client: PoolClient, shards: number[]): Promise<void> {
  const sorted = [...new Set(shards)].sort((a, b) => a - b);
  if (sorted.length === 0) return;
  await client.query('SELECT pg_advisory_xact_lock($1, s) FROM unnest($2::int[]) AS s ORDER BY s', [
    eventLockSpace,
    sorted,
  ]);
}

/**
 * The history writer's turn, for the rest of the transaction; false when another replica has it.
 * One writer at a time reads the oldest unwritten history and writes it, so batches reach
 * Postgres in the order their events happened.
 */
export async function takeHistoryTurn(client: PoolClient): Promise<boolean> {
  const { rows } = await client.query<{ taken: boolean }>('SELECT pg_try_advisory_xact_lock($1, $2) AS taken', [
    eventLockSpace,
    historyTurn,
  ]);
  return rows[0]!.taken;
}

/**
 * SQL that records a `status` event for each task row `source` names (a CTE over rows just
 * inserted or updated), in the same statement as the change. `status` is one of our own
 * constants, never input.
 */
export function eventsForRows(source: string, status: 'scheduled' | 'cancelled'): string {
  return `INSERT INTO task_events (owner_id, task_id, status, attempt, at, schedule_id)
          SELECT owner_id, id, '${status}', attempt_count, now(), schedule_id FROM ${source} ORDER BY id`;
}

/** Writes events in the order given. */
export async function insertTaskEvents(client: PoolClient, events: NewTaskEvent[]): Promise<void> {
  if (events.length === 0) return;
  const column = <K extends keyof NewTaskEvent>(key: K) => events.map((e) => e[key]);
  await client.query(
    `INSERT INTO task_events (owner_id, task_id, status, attempt, at, outcome, http_status, error, schedule_id)
     SELECT owner_id, task_id, status, attempt, to_timestamp(at_ms / 1000.0), outcome, http_status, error, schedule_id
     FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::int[], $5::float8[], $6::text[], $7::int[], $8::text[], $9::bigint[])
       WITH ORDINALITY AS v(owner_id, task_id, status, attempt, at_ms, outcome, http_status, error, schedule_id, ord)
     ORDER BY ord`,
    [
      column('ownerId'),
      column('taskId'),
      column('status'),
      column('attempt'),
      column('at'),
      column('outcome'),
      column('httpStatus'),
      column('error'),
      column('scheduleId'),
    ],
  );
}

/** Only transactions older than every one still running: nothing can commit before them any more. */
const settled = 'xid < pg_snapshot_xmin(pg_current_snapshot())';

/**
 * The owner's events after `after`, oldest first, at most `limit`; with `after` null, none, and
 * the position of "now" to continue from. `position` is where the next read starts.
 */
export async function readTaskEvents(
  pool: Pool,
  ownerId: string,
  after: EventPosition | null,
  limit: number,
): Promise<{ events: (TaskEventRow | DestinationEventRow)[]; position: EventPosition }> {
  if (after === null) {
    const { rows } = await pool.query<{ horizon: string }>(
      'SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon',
    );
    // Every event not yet settled has an xid at or above the horizon, so (horizon, 0) precedes it.
    return { events: [], position: { xid: rows[0]!.horizon, seq: '0' } };
  }
  const { rows } = await pool.query<{
    xid: string;
    seq: string;
    task_id: string | null;
    destination: string | null;
    status: string;
    attempt: number;
    at: Date;
    outcome: string | null;
    http_status: number | null;
    error: string | null;
    schedule_id: string | null;
  }>(
    `SELECT xid::text, seq::text, task_id::text, destination, status, attempt, at, outcome, http_status, error, schedule_id::text
     FROM task_events
     WHERE owner_id = $1 AND (xid, seq) > ($2::xid8, $3::bigint) AND ${settled}
     -- Qualified: a bare \`xid\` here would be the text column of the select list, and sort as text.
     ORDER BY task_events.xid, task_events.seq LIMIT $4`,
    [ownerId, after.xid, after.seq, limit],
  );
  const events = rows.map((r): TaskEventRow | DestinationEventRow =>
    r.destination !== null
      ? {
          id: eventIdOf(r),
          taskId: null,
          type: r.status as DestinationEventRow['type'],
          url: r.destination,
          at: r.at,
          error: r.error,
        }
      : taskEventRow(r as typeof r & { task_id: string }),
  );
  const last = rows.at(-1);
  return { events, position: last ? { xid: last.xid, seq: last.seq } : after };
}

function taskEventRow(r: {
  xid: string;
  seq: string;
  task_id: string;
  status: string;
  attempt: number;
  at: Date;
  outcome: string | null;
  http_status: number | null;
  error: string | null;
  schedule_id: string | null;
}): TaskEventRow {
  return {
    id: eventIdOf(r),
    taskId: r.task_id,
    status: r.status as TaskEventStatus,
    attempt: r.attempt,
    at: r.at,
    outcome: r.outcome,
    httpStatus: r.http_status,
    error: r.error,
    scheduleId: r.schedule_id,
  };
}

/**
 * The owners with events settled since the horizon `since` (null: every owner counts as new),
 * and the horizon now: one cheap query that lets one waiter per process serve every waiting
 * caller.
 */
export async function ownersWithNewEvents(
  pool: Pool,
  since: string | null,
): Promise<{ horizon: string; owners: string[] | 'all' }> {
  const { rows } = await pool.query<{ horizon: string; owners: string[] | null }>(
    `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon,
            CASE WHEN $1::xid8 IS NULL THEN NULL ELSE
              ARRAY(SELECT DISTINCT owner_id::text FROM task_events WHERE xid >= $1::xid8 AND ${settled}) END AS owners`,
    [since],
  );
  return { horizon: rows[0]!.horizon, owners: rows[0]!.owners ?? 'all' };
}

/** Deletes events recorded more than `olderThanMs` ago, at most `batch` of them; returns how many. */
export async function pruneTaskEvents(pool: Pool, olderThanMs: number, batch: number): Promise<number> {
  const { rowCount } = await pool.query(
    `DELETE FROM task_events WHERE (xid, seq) IN (
       SELECT xid, seq FROM task_events WHERE recorded_at < now() - make_interval(secs => $1 / 1000.0) LIMIT $2)`,
    [olderThanMs, batch],
  );
  return rowCount ?? 0;
}
