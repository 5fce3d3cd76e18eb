import type { Pool } from './pool.js';

/** Failed attempts of one kind, to one destination, over one channel. */
export interface FailureGroup {
  channel: string;
  targetHost: string;
  errorClass: string;
  count: number;
  firstSeen: Date;
  lastSeen: Date;
  sampleError: string | null;
}

/**
 * The owner's failed attempts (retryable, permanent, lost) that finished at or after `since`,
 * grouped by channel, destination host and kind of failure, most recently seen first, at most
 * `limit` groups; each with its newest error message as a sample.
 */
export async function failureGroups(pool: Pool, ownerId: string, since: Date, limit: number): Promise<FailureGroup[]> {
  const { rows } = await pool.query<{
    channel: string;
    target_host: string;
    error_class: string;
    count: number;
    first_seen: Date;
    last_seen: Date;
    sample_error: string | null;
  }>(
    `SELECT t.channel, t.target_host, COALESCE(a.error_class, 'unknown') AS error_class, count(*)::int AS count,
            min(a.finished_at) AS first_seen, max(a.finished_at) AS last_seen,
            (array_agg(a.error ORDER BY a.finished_at DESC))[1] AS sample_error
     FROM attempts a JOIN tasks t ON t.id = a.task_id
     WHERE a.outcome IN ('retryable', 'permanent', 'lost') AND a.finished_at >= $2 AND t.owner_id = $1
     GROUP BY 1, 2, 3
     ORDER BY last_seen DESC, count DESC
     LIMIT $3`,
    [ownerId, since, limit],
  );
  return rows.map((r) => ({
    channel: r.channel,
    targetHost: r.target_host,
    errorClass: r.error_class,
    count: r.count,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    sampleError: r.sample_error,
  }));
}
