import type { Pool } from './pool.js';

export interface DueBuckets {
  overdue: number;
  nextHour: number;
  nextDay: number;
  nextWeek: number;
  later: number;
}

export interface OwnerStats {
  at: Date;
  scheduled: DueBuckets;
  dueLag: { samples: number; p50: number | null; p95: number | null; p99: number | null; max: number | null };
  throughput: { minute: Date; delivered: number; failed: number }[];
  failures: { errorClass: string; count: number }[];
  failingHosts: { host: string; count: number }[];
}

/**
 * An attempt finished in the last hour started at most this long before it ended (the longest
 * timeout, 10 min, plus a lease margin); bounding `started_at` lets the index answer.
 */
const longestAttempt = "interval '20 minutes'";

/** One owner's tasks at a glance: waiting tasks by due time, and the last hour's (and day's) attempts. */
export async function ownerStats(pool: Pool, ownerId: string): Promise<OwnerStats> {
  const [buckets, lag, throughput, failures, hosts] = await Promise.all([
    pool.query<DueBuckets & { at: Date }>(
      `SELECT now() AS at,
              count(*) FILTER (WHERE due_at <= now())::int AS overdue,
              count(*) FILTER (WHERE due_at > now() AND due_at <= now() + interval '1 hour')::int AS "nextHour",
              count(*) FILTER (WHERE due_at > now() + interval '1 hour' AND due_at <= now() + interval '1 day')::int AS "nextDay",
              count(*) FILTER (WHERE due_at > now() + interval '1 day' AND due_at <= now() + interval '7 days')::int AS "nextWeek",
              count(*) FILTER (WHERE due_at > now() + interval '7 days')::int AS later
       FROM tasks WHERE owner_id = $1 AND status IN ('scheduled', 'retrying')`,
      [ownerId],
    ),
    // A task's due_at is the due time of its latest attempt (a retry moves it), so the lag is
    // measured on that attempt only, and not while a retry waits (due_at is then the next one).
    pool.query<{ samples: number; p50: number | null; p95: number | null; p99: number | null; max: number | null }>(
      `WITH lag AS (
         SELECT GREATEST(0, extract(epoch FROM a.started_at - t.due_at) * 1000)::bigint AS ms
         FROM attempts a JOIN tasks t ON t.id = a.task_id
         WHERE a.started_at >= now() - interval '1 hour' AND t.owner_id = $1 AND a.n = t.attempt_count
           AND t.status IN ('running', 'delivered', 'dead') AND a.outcome <> 'skipped')
       SELECT count(*)::int AS samples,
              (percentile_disc(0.5) WITHIN GROUP (ORDER BY ms))::int AS p50,
              (percentile_disc(0.95) WITHIN GROUP (ORDER BY ms))::int AS p95,
              (percentile_disc(0.99) WITHIN GROUP (ORDER BY ms))::int AS p99,
              max(ms)::int AS max
       FROM lag`,
      [ownerId],
    ),
    pool.query<{ minute: Date; delivered: number; failed: number }>(
      `WITH minutes AS (
         SELECT generate_series(date_trunc('minute', now()) - interval '59 minutes', date_trunc('minute', now()), interval '1 minute') AS minute),
       finished AS (
         SELECT date_trunc('minute', a.finished_at) AS minute, a.outcome
         FROM attempts a JOIN tasks t ON t.id = a.task_id
         WHERE a.started_at >= date_trunc('minute', now()) - interval '59 minutes' - ${longestAttempt}
           AND a.finished_at >= date_trunc('minute', now()) - interval '59 minutes'
           AND t.owner_id = $1 AND a.outcome NOT IN ('running', 'skipped'))
       SELECT m.minute,
              count(f.outcome) FILTER (WHERE f.outcome = 'success')::int AS delivered,
              count(f.outcome) FILTER (WHERE f.outcome <> 'success')::int AS failed
       FROM minutes m LEFT JOIN finished f ON f.minute = m.minute
       GROUP BY m.minute ORDER BY m.minute`,
      [ownerId],
    ),
    pool.query<{ errorClass: string; count: number }>(
      `SELECT COALESCE(a.error_class, CASE WHEN a.outcome = 'lost' THEN 'lost' ELSE 'unknown' END) AS "errorClass", count(*)::int AS count
       FROM attempts a JOIN tasks t ON t.id = a.task_id
       WHERE a.started_at >= now() - interval '1 day' AND t.owner_id = $1 AND a.outcome IN ('retryable', 'permanent', 'lost')
       GROUP BY 1 ORDER BY 2 DESC, 1`,
      [ownerId],
    ),
    pool.query<{ host: string; count: number }>(
      `SELECT t.target_host AS host, count(*)::int AS count
       FROM attempts a JOIN tasks t ON t.id = a.task_id
       WHERE a.started_at >= now() - interval '1 day' AND t.owner_id = $1 AND a.outcome IN ('retryable', 'permanent', 'lost')
       GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10`,
      [ownerId],
    ),
  ]);
  const { at, ...scheduled } = buckets.rows[0]!;
  return {
    at,
    scheduled,
    dueLag: lag.rows[0]!,
    throughput: throughput.rows,
    failures: failures.rows,
    failingHosts: hosts.rows,
  };
}
