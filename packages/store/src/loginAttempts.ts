import type { Pool } from './pool.js';

/** How password attempts on one account are spaced once they keep failing. */
export interface LoginBackoff {
  /** Failures allowed back to back before the first wait. */
  freeFailures: number;
  /** The first wait; each further failure doubles it, up to `maxMs`. */
  baseMs: number;
  maxMs: number;
  /** An account with no attempt for this long starts again from zero failures. */
  forgetAfterMs: number;
}

// The wait after `failures` failures (for failures >= freeFailures), in ms. The exponent is capped
// so that power() cannot overflow on an account attacked for weeks.
const waitMs = (failures: string) => `least($4::float8, $3::float8 * power(2, least(${failures} - $2::int, 40)))`;

/**
 * Counts an attempt on `account` before its password is checked, so that parallel guesses (from
 * any replica) are counted too; `clearLoginAttempts` forgets them when the password was right.
 * Returns 0 when the attempt may go ahead, else the milliseconds until the next one may.
 */
export async function beginLoginAttempt(pool: Pool, account: string, backoff: LoginBackoff): Promise<number> {
  const params = [account, backoff.freeFailures, backoff.baseMs, backoff.maxMs, backoff.forgetAfterMs];
  const counted = await pool.query(
    `INSERT INTO login_attempts AS a (account, failures, last_at) VALUES ($1, 1, now())
     ON CONFLICT (account) DO UPDATE
       SET failures = CASE WHEN a.last_at < now() - $5::float8 * interval '1 millisecond' THEN 1 ELSE a.failures + 1 END,
           last_at = now()
       WHERE a.failures < $2::int OR a.last_at + ${waitMs('a.failures')} * interval '1 millisecond' <= now()
     RETURNING failures`,
    params,
  );
  if (counted.rowCount) return 0;
  const { rows } = await pool.query<{ wait_ms: number }>(
    `SELECT ceil(extract(epoch FROM last_at + ${waitMs('failures')} * interval '1 millisecond' - now()) * 1000)::float8 AS wait_ms
     FROM login_attempts WHERE account = $1`,
    params.slice(0, 4),
  );
  return Math.max(1, rows[0]?.wait_ms ?? 1);
}

export async function clearLoginAttempts(pool: Pool, account: string): Promise<void> {
  await pool.query('DELETE FROM login_attempts WHERE account = $1', [account]);
}

/** Deletes the counts of accounts left alone for `forgetAfterMs` (most are mistyped or guessed emails). */
export async function forgetOldLoginAttempts(pool: Pool, forgetAfterMs: number, limit = 1000): Promise<number> {
  const { rowCount } = await pool.query(
    `DELETE FROM login_attempts WHERE account IN (
       SELECT account FROM login_attempts WHERE last_at < now() - $1::float8 * interval '1 millisecond' LIMIT $2)`,
    [forgetAfterMs, limit],
  );
  return rowCount ?? 0;
}
