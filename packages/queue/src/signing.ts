import { createHmac } from 'node:crypto';
import type { RedisConnection } from './scriptTypes.js';

/**
 * Webhook signing keys are never stored: the key of (owner, version) is derived from the
 * deployment's SIGNING_SECRET, which only schedulers and senders hold. What is stored is which
 * versions sign an owner's deliveries: the scheduler records it in Postgres and mirrors it here,
 * in one hash, for senders to read at delivery time. No entry means version 1 alone.
 */
export const signingVersionsKey = (prefix: string): string => `${prefix}:signing`;

export interface SigningVersions {
  current: number;
  /** During a rotation: the version that signs alongside the current one. */
  next: number | null;
}

export const initialSigningVersions: SigningVersions = { current: 1, next: null };

/**
 * The key of (owner, version) as users see it: `whsec_` and the key's 32 bytes in standard base64,
 * the Standard Webhooks form, which its libraries (`new Webhook(secret)`) take as is.
 */
export function signingKeyFor(signingSecret: string, ownerId: string, version: number): string {
  const key = createHmac('sha256', signingSecret).update(`later-signing-key:${ownerId}:${version}`).digest('base64');
  return `whsec_${key}`;
}

const encode = (v: SigningVersions) => (v.next === null ? String(v.current) : `${v.current},${v.next}`);

export async function writeSigningVersions(
  redis: RedisConnection,
  prefix: string,
  entries: [ownerId: string, versions: SigningVersions][],
): Promise<void> {
  if (entries.length === 0) return;
  await redis.hset(signingVersionsKey(prefix), Object.fromEntries(entries.map(([owner, v]) => [owner, encode(v)])));
}

export async function readSigningVersions(
  redis: RedisConnection,
  prefix: string,
  ownerId: string,
): Promise<SigningVersions> {
  const stored = await redis.hget(signingVersionsKey(prefix), ownerId);
  if (!stored) return initialSigningVersions;
  const [current, next] = stored.split(',').map(Number);
  return { current: current!, next: next ?? null };
}
