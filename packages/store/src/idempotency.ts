import type { Pool, PoolClient } from './pool.js';

export type IdempotencyClaim = { claimed: true } | { claimed: false; taskIds: string[]; requestDigest: string };

/**
 * Records that `key` created `taskIds` (one task, or a batch's in request order), or returns what
 * an earlier request with the same key created. Runs in the creating transaction, so a key never
 * points at a task that was not created.
 */
export async function claimIdempotencyKey(
  client: PoolClient,
  ownerId: string,
  key: string,
  requestDigest: string,
  taskIds: string[],
): Promise<IdempotencyClaim> {
  const inserted = await client.query(
    `INSERT INTO idempotent_requests (owner_id, idempotency_key, request_digest, task_id, task_ids)
     VALUES ($1, $2, $3, $4, $5::bigint[]) ON CONFLICT DO NOTHING`,
    [ownerId, key, requestDigest, taskIds[0], taskIds.length === 1 ? null : taskIds],
  );
  if (inserted.rowCount === 1) return { claimed: true };
  const { rows } = await client.query<{ task_ids: string[]; request_digest: string }>(
    `SELECT coalesce(task_ids, ARRAY[task_id])::text[] AS task_ids, request_digest
     FROM idempotent_requests WHERE owner_id = $1 AND idempotency_key = $2`,
    [ownerId, key],
  );
  return { claimed: false, taskIds: rows[0]!.task_ids, requestDigest: rows[0]!.request_digest };
}

/** Forgets keys older than `maxAgeMs`; returns how many. */
export async function purgeIdempotencyKeys(pool: Pool, maxAgeMs: number): Promise<number> {
  const { rowCount } = await pool.query(
    'DELETE FROM idempotent_requests WHERE created_at < now() - make_interval(secs => $1 / 1000.0)',
    [maxAgeMs],
  );
  return rowCount ?? 0;
}
