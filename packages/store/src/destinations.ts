import type { AttemptRecord } from './history.js';
import type { Pool, PoolClient } from './pool.js';

/** A webhook URL of one account that failed every attempt for the disable stretch. */
export interface DisabledDestination {
  ownerId: string;
  url: string;
  failingSince: Date;
  disabledAt: Date;
  lastError: string | null;
}

/** Outcomes that say the destination itself failed (`lost` is a sender that died, not the receiver). */
const failed = ['retryable', 'permanent'];

/**
 * Records a history batch's finished webhook attempts per (account, URL), in the history
 * writer's transaction: a success ends a destination's failing stretch (unless it is disabled,
 * which only a re-enable undoes); a failure starts or extends it. A stretch whose failures span
 * `disableAfterMs` or more disables the destination. Returns the destinations this disabled.
 *
 * Applying a batch twice changes nothing more: times only widen the stretch, and a destination
 * is disabled once.
 */
export async function recordDestinationOutcomes(
  client: PoolClient,
  attempts: AttemptRecord[],
  disableAfterMs: number,
): Promise<DisabledDestination[]> {
  const finished = attempts.filter(
    (a) => a.finishedAt !== null && (a.outcome === 'success' || failed.includes(a.outcome)),
  );
  if (finished.length === 0) return [];
  // A batch of successes while nothing is failing anywhere (the usual case) costs one probe.
  if (!finished.some((a) => a.outcome !== 'success')) {
    const { rows } = await client.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM destination_failures) AS any');
    if (!rows[0]!.any) return [];
  }
  const { rows: failing } = await client.query<{ owner_id: string; url: string }>(
    `WITH v AS (
       SELECT t.owner_id, t.target->>'url' AS url, v.outcome, to_timestamp(v.at_ms / 1000.0) AS at, v.error
       FROM unnest($1::bigint[], $2::text[], $3::float8[], $4::text[]) AS v(task_id, outcome, at_ms, error)
       JOIN tasks t ON t.id = v.task_id AND t.channel = 'webhook'),
     per AS (
       SELECT owner_id, url, max(at) FILTER (WHERE outcome = 'success') AS last_success FROM v GROUP BY 1, 2),
     stretch AS (
       SELECT v.owner_id, v.url, min(v.at) AS first_failure, max(v.at) AS last_failure,
              (array_agg(v.error ORDER BY v.at DESC))[1] AS last_error
       FROM v JOIN per USING (owner_id, url)
       WHERE v.outcome <> 'success' AND (per.last_success IS NULL OR v.at > per.last_success)
       GROUP BY 1, 2),
     ended AS (
       DELETE FROM destination_failures d USING per
       WHERE d.owner_id = per.owner_id AND d.url = per.url AND per.last_success IS NOT NULL
         AND d.disabled_at IS NULL AND d.last_failure_at < per.last_success
         -- Rows this batch fails again are the upsert's: one statement changes a row once.
         AND NOT EXISTS (SELECT 1 FROM stretch s WHERE s.owner_id = per.owner_id AND s.url = per.url))
     INSERT INTO destination_failures AS d (owner_id, url, failing_since, last_failure_at, last_error)
     SELECT s.owner_id, s.url, s.first_failure, s.last_failure, s.last_error FROM stretch s
     ON CONFLICT (owner_id, url) DO UPDATE SET
       -- A stretch a success in this batch ended starts again from this batch's failures.
       failing_since = CASE WHEN d.disabled_at IS NULL AND EXISTS (
           SELECT 1 FROM per WHERE per.owner_id = d.owner_id AND per.url = d.url AND per.last_success > d.last_failure_at)
         THEN EXCLUDED.failing_since ELSE LEAST(d.failing_since, EXCLUDED.failing_since) END,
       last_failure_at = GREATEST(d.last_failure_at, EXCLUDED.last_failure_at),
       last_error = CASE WHEN EXCLUDED.last_failure_at >= d.last_failure_at THEN EXCLUDED.last_error ELSE d.last_error END
     RETURNING d.owner_id, d.url`,
    [
      finished.map((a) => a.taskId),
      finished.map((a) => a.outcome),
      finished.map((a) => a.finishedAt),
      finished.map((a) => a.error),
    ],
  );
  if (failing.length === 0) return [];
  const { rows } = await client.query<DestinationRow>(
    `UPDATE destination_failures d SET disabled_at = now()
     FROM unnest($1::uuid[], $2::text[]) AS v(owner_id, url)
     WHERE d.owner_id = v.owner_id AND d.url = v.url AND d.disabled_at IS NULL
       AND d.last_failure_at - d.failing_since >= make_interval(secs => $3 / 1000.0)
     RETURNING d.owner_id, d.url, d.failing_since, d.disabled_at, d.last_error`,
    [failing.map((r) => r.owner_id), failing.map((r) => r.url), disableAfterMs],
  );
  return rows.map(toDestination);
}

/** The account's disabled destinations, most recently disabled first. */
export async function listDisabledDestinations(pool: Pool, ownerId: string): Promise<DisabledDestination[]> {
  const { rows } = await pool.query<DestinationRow>(
    `SELECT owner_id, url, failing_since, disabled_at, last_error FROM destination_failures
     WHERE owner_id = $1 AND disabled_at IS NOT NULL ORDER BY disabled_at DESC, url`,
    [ownerId],
  );
  return rows.map(toDestination);
}

/** Every disabled destination: what Redis mirrors for the senders. */
export async function allDisabledDestinations(pool: Pool): Promise<{ ownerId: string; url: string }[]> {
  const { rows } = await pool.query<{ owner_id: string; url: string }>(
    'SELECT owner_id, url FROM destination_failures WHERE disabled_at IS NOT NULL',
  );
  return rows.map((r) => ({ ownerId: r.owner_id, url: r.url }));
}

/**
 * Enables a disabled destination again, in the caller's transaction: its failing stretch starts
 * over. False when the account has no such disabled destination.
 */
export async function enableDestination(client: PoolClient, ownerId: string, url: string): Promise<boolean> {
  const { rowCount } = await client.query(
    'DELETE FROM destination_failures WHERE owner_id = $1 AND url = $2 AND disabled_at IS NOT NULL',
    [ownerId, url],
  );
  return (rowCount ?? 0) > 0;
}

/**
 * The distinct callback URLs of the owner's tasks still waiting for `url` (at most 100): who is
 * told, by callback, that it was disabled or enabled again.
 */
export async function waitingCallbackUrls(client: PoolClient, ownerId: string, url: string): Promise<string[]> {
  const { rows } = await client.query<{ callback_url: string }>(
    `SELECT DISTINCT callback_url FROM tasks
     WHERE owner_id = $1 AND status IN ('scheduled', 'retrying', 'running') AND channel = 'webhook'
       AND target->>'url' = $2 AND callback_url IS NOT NULL
     ORDER BY callback_url LIMIT 100`,
    [ownerId, url],
  );
  return rows.map((r) => r.callback_url);
}

export type DestinationEventType = 'destination.disabled' | 'destination.enabled';

/** Writes a destination's event into the event log that GET /v1/events streams. */
export async function insertDestinationEvent(
  client: PoolClient,
  ownerId: string,
  url: string,
  type: DestinationEventType,
  error: string | null,
): Promise<void> {
  await client.query(
    `INSERT INTO task_events (owner_id, task_id, destination, status, attempt, at, error) VALUES ($1, NULL, $2, $3, 0, now(), $4)`,
    [ownerId, url, type, error],
  );
}

/**
 * The address an account's notices go to. Read by the scheduler, which otherwise never reads
 * the frontend's tables: a notice about the account's own deliveries has nowhere else to go.
 */
export async function accountEmail(client: PoolClient, ownerId: string): Promise<string | null> {
  const { rows } = await client.query<{ email: string }>('SELECT email FROM users WHERE id = $1', [ownerId]);
  return rows[0]?.email ?? null;
}

interface DestinationRow {
  owner_id: string;
  url: string;
  failing_since: Date;
  disabled_at: Date;
  last_error: string | null;
}

const toDestination = (r: DestinationRow): DisabledDestination => ({
  ownerId: r.owner_id,
  url: r.url,
  failingSince: r.failing_since,
  disabledAt: r.disabled_at,
  lastError: r.last_error,
});
