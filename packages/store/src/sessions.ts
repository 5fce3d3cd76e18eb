import type { Pool } from './pool.js';

export interface SessionRecord {
  id: string;
  userId: string;
  csrfToken: string;
}

export async function createSession(
  pool: Pool,
  userId: string,
  tokenHash: string,
  csrfToken: string,
  lifetimeMs: number,
): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO sessions (user_id, token_hash, csrf_token, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(secs => $4 / 1000.0)) RETURNING id`,
    [userId, tokenHash, csrfToken, lifetimeMs],
  );
  return rows[0]!.id;
}

/** A live session (not expired, not revoked) by its token's hash. */
export async function findSession(pool: Pool, tokenHash: string): Promise<SessionRecord | null> {
  const { rows } = await pool.query<{ id: string; user_id: string; csrf_token: string }>(
    'SELECT id, user_id, csrf_token FROM sessions WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now()',
    [tokenHash],
  );
  return rows[0] ? { id: rows[0].id, userId: rows[0].user_id, csrfToken: rows[0].csrf_token } : null;
}

export async function revokeSession(pool: Pool, id: string): Promise<void> {
  await pool.query('UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id]);
}

/** Ends every session of a user but `keepId` (after a password change). */
export async function revokeOtherSessions(pool: Pool, userId: string, keepId: string | null): Promise<void> {
  await pool.query(
    'UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR id <> $2)',
    [userId, keepId],
  );
}
