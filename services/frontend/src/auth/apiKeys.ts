import { createHash, randomBytes } from 'node:crypto';
import { findApiKeyByPrefix, touchApiKey, type Pool } from '@later/store';
import { hashSecret, verifySecret } from './secretHash.js';

/** `lk_<prefix>.<secret>`: the prefix is shown in listings and finds the row; the secret is hashed. */
const keyPattern = /^lk_([a-f0-9]{12})\.([A-Za-z0-9_-]{43})$/;

export interface IssuedKey {
  key: string;
  prefix: string;
  secretHash: string;
}

export async function issueApiKey(): Promise<IssuedKey> {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { key: `lk_${prefix}.${secret}`, prefix, secretHash: await hashSecret(secret) };
}

export interface KeyOwner {
  keyId: string;
  userId: string;
}

interface Verified extends KeyOwner {
  checkedAt: number;
}

/**
 * Checks API keys against Postgres. scrypt makes each check cost ~100 ms on purpose, so a key
 * that verified is remembered (by its SHA-256, never in clear) and only its revocation is looked
 * up again every `recheckMs`: revoking a key takes effect within that time on every replica.
 * Requests carrying one key while it is being checked share that check: a client that opens
 * with 16 requests in parallel (or all of them after a frontend restart) costs one scrypt,
 * not 16 of 32 MiB each.
 */
export class ApiKeyVerifier {
  private readonly verified = new Map<string, Verified>();
  private readonly touchedAt = new Map<string, number>();
  private readonly checking = new Map<string, Promise<KeyOwner | null>>();

  constructor(
    private readonly pool: Pool,
    private readonly recheckMs: number,
    private readonly maxCached = 10_000,
    private readonly secretMatches: (secret: string, stored: string) => Promise<boolean> = verifySecret,
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

  private async check(prefix: string, secret: string, fingerprint: string, cached: Verified | undefined): Promise<KeyOwner | null> {
    const now = Date.now();
    const record = await findApiKeyByPrefix(this.pool, prefix);
    if (!record || record.revokedAt) {
      this.verified.delete(fingerprint);
      return null;
    }
    if (!cached && !(await this.secretMatches(secret, record.secretHash))) return null;
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
