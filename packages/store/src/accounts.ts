import type { Pool } from './pool.js';
import { inTransaction } from './pool.js';

export interface NewApiKey {
  name: string;
  prefix: string;
  secretHash: string;
}

export interface ApiKeyRecord {
  id: string;
  userId: string;
  secretHash: string;
  revokedAt: Date | null;
}

const uniqueViolation = '23505';

/** Creates a user and their first API key together; null when the email is taken. */
export async function createUserWithKey(
  pool: Pool,
  user: { email: string; passwordHash: string },
  key: NewApiKey,
): Promise<{ userId: string; keyId: string } | null> {
  try {
    return await inTransaction(pool, async (client) => {
      const { rows } = await client.query<{ id: string }>(
        'INSERT INTO users (email, password_hash) VALUES ($1, $2) RETURNING id',
        [user.email, user.passwordHash],
      );
      const userId = rows[0]!.id;
      const keyRow = await client.query<{ id: string }>(
        'INSERT INTO api_keys (user_id, name, prefix, secret_hash) VALUES ($1, $2, $3, $4) RETURNING id',
        [userId, key.name, key.prefix, key.secretHash],
      );
      return { userId, keyId: keyRow.rows[0]!.id };
    });
  } catch (err) {
    if ((err as { code?: string }).code === uniqueViolation) return null;
    throw err;
  }
}

export async function findApiKeyByPrefix(pool: Pool, prefix: string): Promise<ApiKeyRecord | null> {
  const { rows } = await pool.query<{ id: string; user_id: string; secret_hash: string; revoked_at: Date | null }>(
    'SELECT id, user_id, secret_hash, revoked_at FROM api_keys WHERE prefix = $1',
    [prefix],
  );
  const row = rows[0];
  return row ? { id: row.id, userId: row.user_id, secretHash: row.secret_hash, revokedAt: row.revoked_at } : null;
}

export async function touchApiKey(pool: Pool, keyId: string): Promise<void> {
  await pool.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [keyId]);
}
