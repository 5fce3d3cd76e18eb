import { createHash, randomBytes } from 'node:crypto';
import { findApiKey, storeApiKeyDigest, touchApiKey, type Pool } from '@later/store';
import { verifySecret } from './secretHash.js';

/** `lk_<prefix>.<secret>`: the prefix is shown in listings; the secret is stored as a SHA-256 digest. */
const keyPattern = /^lk_([a-f0-9]{12})\.([A-Za-z0-9_-]{43})$/;

/**
 * A secret of 256 random bits cannot be guessed or brute-forced from its digest, so unlike a
 * password it needs no slow hash (GitHub and Stripe store tokens the same way): checking a key,
 * right or wrong, costs one indexed query and a SHA-256, never a scrypt.
 */
const digestOf = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export interface IssuedKey {
  key: string;
  prefix: string;
  secretDigest: string;
}

export function issueApiKey(): IssuedKey {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { key: `lk_${prefix}.${secret}`, prefix, secretDigest: digestOf(secret) };
}

export interface KeyOwner {
  keyId: string;
  userId: string;
}

interface Verified extends KeyOwner {
  checkedAt: number;
}

/**
 * Checks API keys against Postgres by the digest of their secret. A key that verified is
 * remembered (by its SHA-256, never in clear) and looked up again every `recheckMs` only, which
 * saves a query per request: revoking a key takes effect within that time on every replica.
 * A key made before digests still has a scrypt hash: its first check costs one scrypt and
 * stores the digest in its place. Requests carrying one key while it is being checked share that
 * check, so a client opening with 16 parallel requests costs one scrypt there too.
 */
export class ApiKeyVerifier {
  private readonly verified = new Map<string, Verified>();
  private readonly touchedAt = new Map<string, number>();
  private readonly checking = new Map<string, Promise<KeyOwner | null>>();

  constructor(
    private readonly pool: Pool,
    private readonly recheckMs: number,
    private readonly maxCached = 10_000,
  ) {}

  async verify(key: string): Promise<KeyOwner | null> {
    const match = keyPattern.exec(key);
    if (!match) return null;
    const [, prefix, secret] = match as unknown as [string, string, string];
    const fingerprint = createHash('sha256').update(key).digest('hex');
    const cached = this.verified.get(fingerprint);
    if (cached && Date.now() - cached.checkedAt < this.recheckMs) return cached;
    const running = this.checking.get(fingerprint);
    if (running) return running;
    const check = this.check(prefix, secret, fingerprint, cached).finally(() => this.checking.delete(fingerprint));
    this.checking.set(fingerprint, check);
    return check;
  }

  private async check(
    prefix: string,
    secret: string,
    fingerprint: string,
    cached: Verified | undefined,
  ): Promise<KeyOwner | null> {
    const now = Date.now();
    const digest = digestOf(secret);
    const record = await findApiKey(this.pool, prefix, digest);
    if (!record || record.revokedAt) {
      this.verified.delete(fingerprint);
      return null;
    }
    if (record.legacyScryptHash !== null) {
      if (!cached && !(await verifySecret(secret, record.legacyScryptHash))) return null;
      await storeApiKeyDigest(this.pool, record.id, digest);
    }
    this.remember(fingerprint, { keyId: record.id, userId: record.userId, checkedAt: now });
    this.touch(record.id, now);
    return { keyId: record.id, userId: record.userId };
  }

  /** Forgets a key at once in this process (the revoking replica need not wait for the recheck). */
  forget(keyId: string): void {
    for (const [fingerprint, entry] of this.verified) if (entry.keyId === keyId) this.verified.delete(fingerprint);
  }

  private remember(fingerprint: string, entry: Verified): void {
    if (this.verified.size >= this.maxCached) {
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(fingerprint, entry);
  }

  /** Records last use at most once a minute per key, off the request path. */
  private touch(keyId: string, now: number): void {
    if (now - (this.touchedAt.get(keyId) ?? 0) < 60_000) return;
    this.touchedAt.set(keyId, now);
    void touchApiKey(this.pool, keyId).catch(() => undefined);
  }
}
