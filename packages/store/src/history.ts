import type { Pool, PoolClient } from './pool.js';
import { inTransaction } from './pool.js';
import type { FollowUps } from './taskRow.js';
import { insertTaskEvents, lockEventShards, type NewTaskEvent } from './taskEvents.js';

/** One attempt as far as it is known; a later record for the same (task, n) completes it. */
export interface AttemptRecord {
  taskId: string;
  n: number;
  /** When the attempt was due, and when a claim made it ready (ms); null when not known. */
  dueAt: number | null;
  claimedAt: number | null;
  startedAt: number;
  finishedAt: number | null;
  outcome: 'running' | 'success' | 'retryable' | 'permanent' | 'lost' | 'skipped';
  httpStatus: number | null;
  error: string | null;
  /** For a failure: its kind (http_5xx, timeout, ...), what the error report groups by. */
  errorClass?: string | null;
  /** What the attempt sent and got back (see @later/queue's AttemptExcerpt), when the sender reported it. */
  requestExcerpt?: object | null;
  responseExcerpt?: object | null;
}

/** The newest thing known about a task: attempt `n` started, or finished leaving `status`. */
export interface TaskProgress {
  taskId: string;
  n: number;
  kind: 'start' | 'finish';
  status: 'running' | 'delivered' | 'retrying' | 'dead' | 'cancelled';
  /** For a retry: when the next attempt is due (ms). */
  nextDueAt: number | null;
}

/** A task whose status a batch changed, and what a callback of its outcome needs. */
export interface RecordedChange {
  taskId: string;
  ownerId: string;
  status: string;
  /** The attempt the change belongs to (the task's attempt count after it). */
  attempt: number;
  callbackUrl: string | null;
  scheduleId: string | null;
  /** What the task creates when it ends (its `onDead`, `onDelivered`). */
  followUps: FollowUps | null;
}

/** A start or finish of an attempt, as it happened: what the event log is written from. */
export interface TaskTransition {
  taskId: string;
  n: number;
  kind: 'start' | 'finish';
  /** `running` for a start; for a finish, the status it left the task in. */
  status: 'running' | 'delivered' | 'retrying' | 'dead' | 'cancelled';
  /** When it happened (ms). */
  at: number;
  outcome: AttemptRecord['outcome'] | null;
  httpStatus: number | null;
  error: string | null;
}

export interface HistoryBatch {
  /** Every shard the batch's tasks live in: their event locks are taken first. */
  shards: number[];
  attempts: AttemptRecord[];
  progress: TaskProgress[];
  /** Every start and finish, each task's in the order they happened. */
  transitions: TaskTransition[];
}

/** What the event log needs to know of a task before a batch: where it stands. */
export interface TaskStanding {
  ownerId: string;
  status: string;
  attemptCount: number;
  replayFloor: number;
  scheduleId: string | null;
}

const finished = new Set(['delivered', 'dead', 'cancelled']);

/**
 * The events a batch of transitions records: only those that move their task forward from where
 * Postgres has it (the same fence as the status: never out of a final status, never an attempt
 * from before the last replay, never a start or finish already recorded). So writing a batch
 * twice records its events once, and a report that arrives after a later one is left out rather
 * than shown out of order.
 */
export function eventsToRecord(standing: Map<string, TaskStanding>, transitions: TaskTransition[]): NewTaskEvent[] {
  const now = new Map<string, TaskStanding>();
  const events: NewTaskEvent[] = [];
  for (const t of transitions) {
    const task = now.get(t.taskId) ?? standing.get(t.taskId);
    if (!task || finished.has(task.status) || t.n <= task.replayFloor) continue;
    const forward =
      t.n > task.attemptCount || (t.kind === 'finish' && t.n === task.attemptCount && task.status === 'running');
    if (!forward) continue;
    now.set(t.taskId, { ...task, status: t.status, attemptCount: t.n });
    events.push({
      ownerId: task.ownerId,
      taskId: t.taskId,
      status: t.status,
      attempt: t.n,
      at: t.at,
      outcome: t.kind === 'finish' ? t.outcome : null,
      httpStatus: t.httpStatus,
      error: t.error,
      scheduleId: task.scheduleId,
    });
  }
  return events;
}

async function standingOf(client: PoolClient, taskIds: string[]): Promise<Map<string, TaskStanding>> {
  const { rows } = await client.query<{
    id: string;
    owner_id: string;
    status: string;
    attempt_count: number;
    replay_floor: number;
    schedule_id: string | null;
  }>('SELECT id, owner_id, status, attempt_count, replay_floor, schedule_id FROM tasks WHERE id = ANY($1::bigint[])', [
    [...new Set(taskIds)],
  ]);
  return new Map(
    rows.map((r) => [
      r.id,
      {
        ownerId: r.owner_id,
        status: r.status,
        attemptCount: r.attempt_count,
        replayFloor: r.replay_floor,
        scheduleId: r.schedule_id,
      },
    ]),
  );
}

/** `writeHistory` in a transaction of its own. */
export async function recordHistory(pool: Pool, batch: HistoryBatch): Promise<RecordedChange[]> {
  return inTransaction(pool, (client) => writeHistory(client, batch));
}

/**
 * Writes a batch of attempt history, and the task events it makes, in the caller's transaction.
 * Safe to apply twice (a writer that died before acknowledging its batch): attempts merge by
 * (task, n), and a task's status moves only forward, fenced by the attempt number, never out of
 * a final status, and never because of an attempt from before its last replay. A task that
 * started gives up its pending key. Callers pass at most one record per (task, n) and one
 * progress per task. Returns the tasks whose status changed.
 */
export async function writeHistory(client: PoolClient, batch: HistoryBatch): Promise<RecordedChange[]> {
  const { attempts, progress, transitions } = batch;
  await lockEventShards(client, batch.shards);
  if (transitions.length > 0) {
    await insertTaskEvents(
      client,
      eventsToRecord(
        await standingOf(
          client,
          transitions.map((t) => t.taskId),
        ),
        transitions,
      ),
    );
  }
  if (attempts.length > 0) {
    await client.query(
      `INSERT INTO attempts (task_id, n, due_at, claimed_at, started_at, finished_at, outcome, http_status, error, error_class,
                             request_excerpt, response_excerpt)
       SELECT v.task_id, v.n, to_timestamp(v.due_ms / 1000.0), to_timestamp(v.claimed_ms / 1000.0),
              to_timestamp(v.started_ms / 1000.0), to_timestamp(v.finished_ms / 1000.0),
              v.outcome, v.http_status, v.error, v.error_class, v.request_excerpt, v.response_excerpt
       FROM unnest($1::bigint[], $2::int[], $3::float8[], $4::float8[], $5::text[], $6::int[], $7::text[], $8::text[],
                   $9::float8[], $10::float8[], $11::jsonb[], $12::jsonb[])
         AS v(task_id, n, started_ms, finished_ms, outcome, http_status, error, error_class, due_ms, claimed_ms,
              request_excerpt, response_excerpt)
       JOIN tasks t ON t.id = v.task_id
       ON CONFLICT (task_id, n) DO UPDATE SET
         due_at      = COALESCE(attempts.due_at, EXCLUDED.due_at),
         claimed_at  = COALESCE(attempts.claimed_at, EXCLUDED.claimed_at),
         started_at  = LEAST(attempts.started_at, EXCLUDED.started_at),
         finished_at = COALESCE(EXCLUDED.finished_at, attempts.finished_at),
         outcome     = CASE WHEN EXCLUDED.finished_at IS NOT NULL THEN EXCLUDED.outcome ELSE attempts.outcome END,
         http_status = COALESCE(EXCLUDED.http_status, attempts.http_status),
         error       = COALESCE(EXCLUDED.error, attempts.error),
         error_class = COALESCE(EXCLUDED.error_class, attempts.error_class),
         request_excerpt  = COALESCE(EXCLUDED.request_excerpt, attempts.request_excerpt),
         response_excerpt = COALESCE(EXCLUDED.response_excerpt, attempts.response_excerpt)`,
      [
        attempts.map((a) => a.taskId),
        attempts.map((a) => a.n),
        attempts.map((a) => a.startedAt),
        attempts.map((a) => a.finishedAt),
        attempts.map((a) => a.outcome),
        attempts.map((a) => a.httpStatus),
        attempts.map((a) => a.error),
        attempts.map((a) => a.errorClass ?? null),
        attempts.map((a) => a.dueAt),
        attempts.map((a) => a.claimedAt),
        attempts.map((a) => (a.requestExcerpt ? JSON.stringify(a.requestExcerpt) : null)),
        attempts.map((a) => (a.responseExcerpt ? JSON.stringify(a.responseExcerpt) : null)),
      ],
    );
  }
  if (progress.length === 0) return [];
  const { rows } = await client.query<{
    id: string;
    owner_id: string;
    status: string;
    attempt_count: number;
    callback_url: string | null;
    schedule_id: string | null;
    follow_ups: FollowUps | null;
  }>(
    `UPDATE tasks t SET
       status = v.status,
       pending_key = NULL,
       attempt_count = GREATEST(t.attempt_count, v.n),
       due_at = COALESCE(to_timestamp(v.next_ms / 1000.0), t.due_at),
       updated_at = now()
     FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::float8[]) AS v(id, n, kind, status, next_ms)
     WHERE t.id = v.id
       AND t.status NOT IN ('delivered', 'dead', 'cancelled')
       AND v.n > t.replay_floor
       AND CASE WHEN v.kind = 'start' THEN t.attempt_count < v.n ELSE t.attempt_count <= v.n END
     RETURNING t.id, t.owner_id, t.status, t.attempt_count, t.callback_url, t.schedule_id, t.follow_ups`,
    [
      progress.map((p) => p.taskId),
      progress.map((p) => p.n),
      progress.map((p) => p.kind),
      progress.map((p) => p.status),
      progress.map((p) => p.nextDueAt),
    ],
  );
  return rows.map((r) => ({
    taskId: r.id,
    ownerId: r.owner_id,
    status: r.status,
    attempt: r.attempt_count,
    callbackUrl: r.callback_url,
    scheduleId: r.schedule_id,
    followUps: r.follow_ups,
  }));
}
