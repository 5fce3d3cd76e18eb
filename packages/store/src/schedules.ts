import type { Pool, PoolClient } from './pool.js';

export type ScheduleStatusName = 'active' | 'paused' | 'ended';
export type CatchUpName = 'fireOnce' | 'skip' | 'backfill';

/** What defines a schedule's run times and what each run delivers. */
export interface ScheduleSpec {
  scheduleKey: string | null;
  cron: string | null;
  every: string | null;
  timezone: string;
  startAt: Date;
  endAt: Date | null;
  maxRuns: number | null;
  catchUp: CatchUpName;
  backfillLimit: number;
  template: unknown;
}

export interface ScheduleRow extends ScheduleSpec {
  id: string;
  ownerId: string;
  status: ScheduleStatusName;
  runs: number;
  pendingTaskId: string | null;
  pendingSlotAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

interface ScheduleDbRow {
  id: string;
  owner_id: string;
  schedule_key: string | null;
  cron: string | null;
  every: string | null;
  timezone: string;
  start_at: Date;
  end_at: Date | null;
  max_runs: number | null;
  catch_up: CatchUpName;
  backfill_limit: number;
  template: unknown;
  status: ScheduleStatusName;
  runs: number;
  pending_task_id: string | null;
  pending_slot_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const columns =
  'id, owner_id, schedule_key, cron, every, timezone, start_at, end_at, max_runs, catch_up, backfill_limit, ' +
  'template, status, runs, pending_task_id, pending_slot_at, created_at, updated_at';

const toRow = (r: ScheduleDbRow): ScheduleRow => ({
  id: r.id,
  ownerId: r.owner_id,
  scheduleKey: r.schedule_key,
  cron: r.cron,
  every: r.every,
  timezone: r.timezone,
  startAt: r.start_at,
  endAt: r.end_at,
  maxRuns: r.max_runs,
  catchUp: r.catch_up,
  backfillLimit: r.backfill_limit,
  template: r.template,
  status: r.status,
  runs: r.runs,
  pendingTaskId: r.pending_task_id,
  pendingSlotAt: r.pending_slot_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const specValues = (spec: ScheduleSpec) => [
  spec.scheduleKey,
  spec.cron,
  spec.every,
  spec.timezone,
  spec.startAt,
  spec.endAt,
  spec.maxRuns,
  spec.catchUp,
  spec.backfillLimit,
  JSON.stringify(spec.template),
];

/**
 * Inserts a schedule, or, when one with the same key exists, locks it: registering the same
 * schedule from several replicas at once yields one row, never two. `created` tells which.
 */
export async function insertOrLockSchedule(
  client: PoolClient,
  ownerId: string,
  spec: ScheduleSpec,
  status: ScheduleStatusName,
): Promise<{ row: ScheduleRow; created: boolean }> {
  const inserted = await client.query<ScheduleDbRow>(
    `INSERT INTO schedules (owner_id, schedule_key, cron, every, timezone, start_at, end_at, max_runs, catch_up,
                            backfill_limit, template, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (owner_id, schedule_key) WHERE schedule_key IS NOT NULL DO NOTHING
     RETURNING ${columns}`,
    [ownerId, ...specValues(spec), status],
  );
  if (inserted.rows[0]) return { row: toRow(inserted.rows[0]), created: true };
  const { rows } = await client.query<ScheduleDbRow>(
    `SELECT ${columns} FROM schedules WHERE owner_id = $1 AND schedule_key = $2 FOR UPDATE`,
    [ownerId, spec.scheduleKey],
  );
  return { row: toRow(rows[0]!), created: false };
}

/** Locks a schedule for the rest of the transaction; `ownerId` null means any owner (internal use). */
export async function lockSchedule(
  client: PoolClient,
  ownerId: string | null,
  id: string,
): Promise<ScheduleRow | null> {
  const { rows } = await client.query<ScheduleDbRow>(
    `SELECT ${columns} FROM schedules WHERE id = $1 AND ($2::uuid IS NULL OR owner_id = $2) FOR UPDATE`,
    [id, ownerId],
  );
  return rows[0] ? toRow(rows[0]) : null;
}

export async function getSchedule(pool: Pool, ownerId: string, id: string): Promise<ScheduleRow | null> {
  const { rows } = await pool.query<ScheduleDbRow>(`SELECT ${columns} FROM schedules WHERE owner_id = $1 AND id = $2`, [
    ownerId,
    id,
  ]);
  return rows[0] ? toRow(rows[0]) : null;
}

export async function listSchedules(
  pool: Pool,
  ownerId: string,
  filter: { beforeId?: string; limit: number },
): Promise<ScheduleRow[]> {
  const { rows } = await pool.query<ScheduleDbRow>(
    `SELECT ${columns} FROM schedules WHERE owner_id = $1 AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $3`,
    [ownerId, filter.beforeId ?? null, filter.limit],
  );
  return rows.map(toRow);
}

export interface ScheduleState {
  spec?: ScheduleSpec;
  status: ScheduleStatusName;
  runs: number;
  pendingTaskId: string | null;
  pendingSlotAt: Date | null;
}

/** Writes a locked schedule's new state (and spec, when it changed). */
export async function saveSchedule(client: PoolClient, id: string, state: ScheduleState): Promise<ScheduleRow> {
  const spec = state.spec;
  const { rows } = await client.query<ScheduleDbRow>(
    `UPDATE schedules SET status = $2, runs = $3, pending_task_id = $4, pending_slot_at = $5, updated_at = now()
       ${spec ? ', schedule_key = $6, cron = $7, every = $8, timezone = $9, start_at = $10, end_at = $11, max_runs = $12, catch_up = $13, backfill_limit = $14, template = $15' : ''}
     WHERE id = $1 RETURNING ${columns}`,
    [id, state.status, state.runs, state.pendingTaskId, state.pendingSlotAt, ...(spec ? specValues(spec) : [])],
  );
  return toRow(rows[0]!);
}

/**
 * Active schedules whose pending occurrence is no longer waiting (it ran, or was lost before its
 * next one was made) or that have none: each needs its next occurrence made.
 */
export async function schedulesNeedingNextRun(
  pool: Pool,
  afterId: string,
  limit: number,
): Promise<{ id: string; ownerId: string }[]> {
  const { rows } = await pool.query<{ id: string; owner_id: string }>(
    `SELECT s.id, s.owner_id FROM schedules s
     LEFT JOIN tasks t ON t.id = s.pending_task_id
     WHERE s.status = 'active' AND (s.pending_task_id IS NULL OR t.status NOT IN ('scheduled'))
       AND s.updated_at < now() - interval '5 seconds' AND s.id > $1
     ORDER BY s.id LIMIT $2`,
    [afterId, limit],
  );
  return rows.map((r) => ({ id: r.id, ownerId: r.owner_id }));
}

/**
 * Makes transactions that activate schedules of one owner take turns until commit, so each
 * counts the others' schedules (countActiveSchedules) and two cannot both take the last place.
 * Taken before any schedule's row lock, always in that order.
 */
export async function lockScheduleActivations(client: PoolClient, ownerId: string): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('schedule activations of ' || $1, 0))`, [ownerId]);
}

export async function countActiveSchedules(client: PoolClient, ownerId: string): Promise<number> {
  const { rows } = await client.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM schedules WHERE owner_id = $1 AND status = 'active'`,
    [ownerId],
  );
  return rows[0]!.count;
}
