import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, createUserWithKey, migrate, revokeApiKey, type Pool } from '@later/store';
import { testDatabase, type TestDatabase } from '@later/system/testing';
import { ApiKeyVerifier, issueApiKey } from '../src/auth/apiKeys.js';
import { verifySecret } from '../src/auth/secretHash.js';

describe('ApiKeyVerifier on a real Postgres, with real scrypt', () => {
  let db: TestDatabase;
  let pool: Pool;
  let hashes = 0;
  const countingVerify = (secret: string, stored: string) => {
    hashes++;
    return verifySecret(secret, stored);
  };

  beforeAll(async () => {
    db = await testDatabase();
    pool = createPool(db.url, (err) => console.error(err));
    await migrate(pool);
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('checks a key once for requests that arrive together, then answers from memory until revoked', async () => {
    const issued = await issueApiKey();
    const user = (await createUserWithKey(pool, { email: 'keys@example.com', passwordHash: 'x' }, { name: 'k', ...issued }))!;
    const verifier = new ApiKeyVerifier(pool, 60_000, 10_000, countingVerify);

    const together = await Promise.all(Array.from({ length: 16 }, () => verifier.verify(issued.key)));
    expect(together).toEqual(Array(16).fill({ keyId: user.keyId, userId: user.userId }));
    expect(hashes).toBe(1);
    expect(await verifier.verify(issued.key)).toMatchObject({ userId: user.userId });
    expect(hashes).toBe(1);

    // A wrong secret under the same prefix: refused, and refused together with one hash too.
    const wrong = `${issued.key.slice(0, -1)}${issued.key.endsWith('A') ? 'B' : 'A'}`;
    expect(await Promise.all(Array.from({ length: 8 }, () => verifier.verify(wrong)))).toEqual(Array(8).fill(null));
    expect(hashes).toBe(2);

    await revokeApiKey(pool, user.userId, user.keyId);
    verifier.forget(user.keyId);
    expect(await verifier.verify(issued.key)).toBeNull();
  });
});
