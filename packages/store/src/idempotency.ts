import type { Pool, PoolClient } from './pool.js';

export type IdempotencyClaim = { claimed: true } | { claimed: false; taskId: string; requestDigest: string };

/**
 * Records that `key` created `taskId`, or returns what an earlier request with the same key
 * created. Runs in the creating transaction, so a key never points at a task that was not created.
 */
export async function claimIdempotencyKey(
  client: PoolClient,
  ownerId: string,
  key: string,
  requestDigest: string,
  taskId: string,
): Promise<IdempotencyClaim> {
  const inserted = await client.query(
    `INSERT INTO idempotent_requests (owner_id, idempotency_key, request_digest, task_id)
     VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
    [ownerId, key, requestDigest, taskId],
  );
  if (inserted.rowCount === 1) return { claimed: true };
  const { rows } = await client.query<{ task_id: string; request_digest: string }>(
    'SELECT task_id, request_digest FROM idempotent_requests WHERE owner_id = $1 AND idempotency_key = $2',
    [ownerId, key],
  );
  return { claimed: false, taskId: rows[0]!.task_id, requestDigest: rows[0]!.request_digest };
}

/** Forgets keys older than `maxAgeMs`; returns how many. */
export async function purgeIdempotencyKeys(pool: Pool, maxAgeMs: number): Promise<number> {
  const { rowCount } = await pool.query(
    'DELETE FROM idempotent_requests WHERE created_at < now() - make_interval(secs => $1 / 1000.0)',
    [maxAgeMs],
  );
  return rowCount ?? 0;
}
