import type { Pool } from './pool.js';

export interface UserProfile {
  userId: string;
  email: string;
  phone: string | null;
  timezone: string;
  quietHours: { start: string; end: string } | null;
}

interface UserDbRow {
  id: string;
  email: string;
  phone: string | null;
  timezone: string;
  quiet_start: string | null;
  quiet_end: string | null;
}

const toProfile = (r: UserDbRow): UserProfile => ({
  userId: r.id,
  email: r.email,
  phone: r.phone,
  timezone: r.timezone,
  quietHours: r.quiet_start && r.quiet_end ? { start: r.quiet_start, end: r.quiet_end } : null,
});

const profileColumns = 'id, email, phone, timezone, quiet_start, quiet_end';

export async function findUserForLogin(
  pool: Pool,
  email: string,
): Promise<{ userId: string; passwordHash: string } | null> {
  const { rows } = await pool.query<{ id: string; password_hash: string }>(
    'SELECT id, password_hash FROM users WHERE lower(email) = lower($1)',
    [email],
  );
  return rows[0] ? { userId: rows[0].id, passwordHash: rows[0].password_hash } : null;
}

/** What changing a user's password checks: their email (what login attempts count by) and hash. */
export async function getLogin(pool: Pool, userId: string): Promise<{ email: string; passwordHash: string } | null> {
  const { rows } = await pool.query<{ email: string; password_hash: string }>(
    'SELECT email, password_hash FROM users WHERE id = $1',
    [userId],
  );
  return rows[0] ? { email: rows[0].email, passwordHash: rows[0].password_hash } : null;
}

export async function setPasswordHash(pool: Pool, userId: string, passwordHash: string): Promise<void> {
  await pool.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, passwordHash]);
}

export async function getProfile(pool: Pool, userId: string): Promise<UserProfile | null> {
  const { rows } = await pool.query<UserDbRow>(`SELECT ${profileColumns} FROM users WHERE id = $1`, [userId]);
  return rows[0] ? toProfile(rows[0]) : null;
}

export interface ProfileChanges {
  phone?: string | null;
  timezone?: string;
  quietHours?: { start: string; end: string } | null;
}

/** Changes the given fields only; `null` clears a field. */
export async function updateProfile(pool: Pool, userId: string, changes: ProfileChanges): Promise<UserProfile> {
  const { rows } = await pool.query<UserDbRow>(
    `UPDATE users SET
       phone = CASE WHEN $2 THEN $3 ELSE phone END,
       timezone = COALESCE($4, timezone),
       quiet_start = CASE WHEN $5 THEN $6 ELSE quiet_start END,
       quiet_end = CASE WHEN $5 THEN $7 ELSE quiet_end END
     WHERE id = $1 RETURNING ${profileColumns}`,
    [
      userId,
      changes.phone !== undefined,
      changes.phone ?? null,
      changes.timezone ?? null,
      changes.quietHours !== undefined,
      changes.quietHours?.start ?? null,
      changes.quietHours?.end ?? null,
    ],
  );
  return toProfile(rows[0]!);
}
