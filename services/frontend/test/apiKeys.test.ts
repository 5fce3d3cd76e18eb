import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, createUserWithKey, migrate, revokeApiKey, type Pool } from '@later/store';
import { testDatabase, type TestDatabase } from '@later/system/testing';
import { ApiKeyVerifier, issueApiKey } from '../src/auth/apiKeys.js';
import { hashSecret, scryptDerivations } from '../src/auth/secretHash.js';

describe('ApiKeyVerifier on a real Postgres', () => {
  let db: TestDatabase;
  let pool: Pool;
  let users = 0;

  const newUser = async (key = issueApiKey()) => ({
    key,
    ...(await createUserWithKey(
      pool,
      { email: `keys${++users}@example.com`, passwordHash: 'x' },
      { name: 'k', ...key },
    ))!,
  });
  /** A key as stored before digests: only a scrypt hash of its secret. */
  const legacyKey = async () => {
    const user = await newUser();
    const secret = user.key.key.split('.')[1]!;
    await pool.query('UPDATE api_keys SET secret_digest = NULL, secret_hash = $2 WHERE id = $1', [
      user.keyId,
      await hashSecret(secret),
    ]);
    return user;
  };
  const storedSecret = async (keyId: string) =>
    (
      await pool.query<{ secret_digest: string | null; secret_hash: string | null }>(
        'SELECT secret_digest, secret_hash FROM api_keys WHERE id = $1',
        [keyId],
      )
    ).rows[0]!;
  const wrongSecret = (key: string) => `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;

  beforeAll(async () => {
    db = await testDatabase();
    pool = createPool(db.url, (err) => console.error(err));
    await migrate(pool);
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('stores a new key as the SHA-256 of its secret and checks it, right or wrong, without any scrypt', async () => {
    const user = await newUser();
    expect(await storedSecret(user.keyId)).toEqual({
      secret_digest: createHash('sha256').update(user.key.key.split('.')[1]!).digest('hex'),
      secret_hash: null,
    });
    const verifier = new ApiKeyVerifier(pool, 60_000);
    const before = scryptDerivations();
    expect(await verifier.verify(user.key.key)).toEqual({ keyId: user.keyId, userId: user.userId });
    expect(await Promise.all(Array.from({ length: 50 }, () => verifier.verify(wrongSecret(user.key.key))))).toEqual(
      Array(50).fill(null),
    );
    expect(scryptDerivations() - before).toBe(0);
  });

  it('still accepts a key stored as a scrypt hash only, with one scrypt for parallel requests, and stores its digest instead', async () => {
    const user = await legacyKey();
    const verifier = new ApiKeyVerifier(pool, 60_000);
    expect(await verifier.verify(wrongSecret(user.key.key))).toBeNull();
    expect((await storedSecret(user.keyId)).secret_digest).toBeNull();

    let before = scryptDerivations();
    const together = await Promise.all(Array.from({ length: 16 }, () => verifier.verify(user.key.key)));
    expect(together).toEqual(Array(16).fill({ keyId: user.keyId, userId: user.userId }));
    expect(scryptDerivations() - before).toBe(1);
    expect(await storedSecret(user.keyId)).toEqual({ secret_digest: user.key.secretDigest, secret_hash: null });

    // Migrated: another replica (a fresh verifier) checks it by digest, and a wrong secret costs nothing.
    before = scryptDerivations();
    const other = new ApiKeyVerifier(pool, 60_000);
    expect(await other.verify(user.key.key)).toMatchObject({ userId: user.userId });
    expect(await other.verify(wrongSecret(user.key.key))).toBeNull();
    expect(scryptDerivations() - before).toBe(0);
  });

  it('answers from memory until the key is revoked', async () => {
    const user = await newUser();
    const verifier = new ApiKeyVerifier(pool, 60_000);
    expect(await verifier.verify(user.key.key)).toMatchObject({ userId: user.userId });
    await revokeApiKey(pool, user.userId, user.keyId);
    expect(await verifier.verify(user.key.key)).toMatchObject({ userId: user.userId });
    verifier.forget(user.keyId);
    expect(await verifier.verify(user.key.key)).toBeNull();
  });
});
