import type { Pool } from './pool.js';
import { inTransaction } from './pool.js';

export interface NewApiKey {
  name: string;
  prefix: string;
  /** SHA-256 of the secret half, hex. */
  secretDigest: string;
}

export interface ApiKeyRecord {
  id: string;
  userId: string;
  /** A scrypt hash when the key predates digests and has not been used since; else null. */
  legacyScryptHash: string | null;
  revokedAt: Date | null;
}

const uniqueViolation = '23505';

/** Creates a user and their first API key together; null when the email is taken. */
export async function createUserWithKey(
  pool: Pool,
  user: { email: string; passwordHash: string; quietHours?: { start: string; end: string } },
  key: NewApiKey,
): Promise<{ userId: string; keyId: string } | null> {
  try {
    return await inTransaction(pool, async (client) => {
      const { rows } = await client.query<{ id: string }>(
        'INSERT INTO users (email, password_hash, quiet_start, quiet_end) VALUES ($1, $2, $3, $4) RETURNING id',
        [user.email, user.passwordHash, user.quietHours?.start ?? null, user.quietHours?.end ?? null],
      );
      const userId = rows[0]!.id;
      const keyRow = await client.query<{ id: string }>(
        'INSERT INTO api_keys (user_id, name, prefix, secret_digest) VALUES ($1, $2, $3, $4) RETURNING id',
        [userId, key.name, key.prefix, key.secretDigest],
      );
      return { userId, keyId: keyRow.rows[0]!.id };
    });
  } catch (err) {
    if ((err as { code?: string }).code === uniqueViolation) return null;
    throw err;
  }
}

/**
 * The key with this prefix whose secret has this digest, in one query; or a key with this prefix
 * still stored as a scrypt hash only (its `legacyScryptHash` then has to be checked).
 */
export async function findApiKey(pool: Pool, prefix: string, secretDigest: string): Promise<ApiKeyRecord | null> {
  const { rows } = await pool.query<{
    id: string;
    user_id: string;
    secret_hash: string | null;
    revoked_at: Date | null;
  }>(
    'SELECT id, user_id, secret_hash, revoked_at FROM api_keys WHERE prefix = $1 AND (secret_digest = $2 OR secret_digest IS NULL)',
    [prefix, secretDigest],
  );
  const row = rows[0];
  return row ? { id: row.id, userId: row.user_id, legacyScryptHash: row.secret_hash, revokedAt: row.revoked_at } : null;
}

/** Replaces a key's scrypt hash with the digest, once its secret has been verified. */
export async function storeApiKeyDigest(pool: Pool, keyId: string, secretDigest: string): Promise<void> {
  await pool.query(
    'UPDATE api_keys SET secret_digest = $2, secret_hash = NULL WHERE id = $1 AND secret_digest IS NULL',
    [keyId, secretDigest],
  );
}

export async function touchApiKey(pool: Pool, keyId: string): Promise<void> {
  await pool.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [keyId]);
}

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

interface ApiKeyDbRow {
  id: string;
  name: string;
  prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const apiKeyColumns = 'id, name, prefix, created_at, last_used_at, revoked_at';
const toApiKeyRow = (r: ApiKeyDbRow): ApiKeyRow => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

/**
 * Adds an API key unless the user already holds `maxKeys` keys not revoked; then null. The user's
 * row is locked while counting, so concurrent requests cannot both take the last place.
 */
export async function insertApiKey(
  pool: Pool,
  userId: string,
  key: NewApiKey,
  maxKeys: number,
): Promise<ApiKeyRow | null> {
  return inTransaction(pool, async (client) => {
    await client.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [userId]);
    const held = await client.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM api_keys WHERE user_id = $1 AND revoked_at IS NULL',
      [userId],
    );
    if (held.rows[0]!.count >= maxKeys) return null;
    const { rows } = await client.query<ApiKeyDbRow>(
      `INSERT INTO api_keys (user_id, name, prefix, secret_digest) VALUES ($1, $2, $3, $4) RETURNING ${apiKeyColumns}`,
      [userId, key.name, key.prefix, key.secretDigest],
    );
    return toApiKeyRow(rows[0]!);
  });
}

export async function listApiKeys(pool: Pool, userId: string): Promise<ApiKeyRow[]> {
  const { rows } = await pool.query<ApiKeyDbRow>(
    `SELECT ${apiKeyColumns} FROM api_keys WHERE user_id = $1 ORDER BY created_at DESC, id`,
    [userId],
  );
  return rows.map(toApiKeyRow);
}

/** Revokes one of the user's keys (again is harmless); null when the user has no such key. */
export async function revokeApiKey(pool: Pool, userId: string, id: string): Promise<ApiKeyRow | null> {
  const { rows } = await pool.query<ApiKeyDbRow>(
    `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE user_id = $1 AND id = $2 RETURNING ${apiKeyColumns}`,
    [userId, id],
  );
  return rows[0] ? toApiKeyRow(rows[0]) : null;
}
