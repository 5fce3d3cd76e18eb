import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Headers Later sends with every delivery, per Standard Webhooks (standardwebhooks.com), so its
 * libraries verify Later's deliveries too.
 */
export const idHeader = 'webhook-id';
export const timestampHeader = 'webhook-timestamp';
export const signatureHeader = 'webhook-signature';
/** The same three values under Later's older names (aliases: same values, kept for existing receivers). */
export const laterAliases = {
  id: 'later-delivery-id',
  timestamp: 'later-timestamp',
  signature: 'later-signature',
} as const;

/** A signing secret as shown to users (`whsec_` + base64 of the key bytes), or its raw bytes. */
export type SigningSecret = string | Buffer;

function secretBytes(secret: SigningSecret): Buffer {
  if (Buffer.isBuffer(secret)) return secret;
  // Node's base64 decoder also takes the URL-safe alphabet: secrets copied before it was standard still work.
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
}

/**
 * The signature of one delivery: base64 HMAC-SHA256, keyed by the secret, of `<id>.<timestamp>.<body>`.
 * The id and timestamp are signed so that a captured delivery cannot pass as another one.
 */
export function computeSignature(secret: SigningSecret, id: string, timestamp: string, body: string | Buffer): string {
  return createHmac('sha256', secretBytes(secret)).update(`${id}.${timestamp}.`).update(body).digest('base64');
}

/** The `webhook-signature` header value: one `v1,<base64>` per active key (two while rotating), space-separated. */
export function signatureHeaderValue(
  secrets: SigningSecret[],
  id: string,
  timestamp: string,
  body: string | Buffer,
): string {
  return secrets.map((secret) => `v1,${computeSignature(secret, id, timestamp, body)}`).join(' ');
}

export interface VerifyInput {
  /** Your signing secret(s); give the current and the next while you rotate. */
  secret: SigningSecret | SigningSecret[];
  /** The `webhook-id` header. */
  id: string | undefined | null;
  /** The `webhook-timestamp` header (unix seconds). */
  timestamp: string | undefined | null;
  /** The `webhook-signature` header. */
  signature: string | undefined | null;
  /** The raw request body, exactly as received (not re-serialised JSON). */
  body: string | Buffer;
  /** Oldest accepted delivery, in seconds, against replays (default 300). */
  toleranceSeconds?: number;
  /** For tests: the time to verify at (ms). */
  now?: number;
}

/**
 * True when the delivery was signed by Later with one of your secrets, recently. Compares in
 * constant time; refuses timestamps older (or further in the future) than the tolerance.
 */
export function verifyLaterSignature(input: VerifyInput): boolean {
  const { id, timestamp, signature, body } = input;
  if (!id || !timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  const ageSeconds = Math.abs((input.now ?? Date.now()) / 1000 - Number(timestamp));
  if (ageSeconds > (input.toleranceSeconds ?? 300)) return false;
  const presented = signature
    .split(' ')
    .filter((part) => part.startsWith('v1,'))
    .map((part) => Buffer.from(part.slice(3), 'base64'));
  const secrets = Array.isArray(input.secret) ? input.secret : [input.secret];
  return secrets.some((secret) => {
    const expected = Buffer.from(computeSignature(secret, id, timestamp, body), 'base64');
    return presented.some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected));
  });
}

export type ReceivedHeaders = Record<string, string | string[] | undefined>;

/**
 * `verifyLaterSignature` with the values read from the request's headers (Node's `req.headers`,
 * names in any case): the `webhook-*` ones, or else their `Later-*` aliases.
 */
export function verifyLaterWebhook(
  input: Omit<VerifyInput, 'id' | 'timestamp' | 'signature'> & { headers: ReceivedHeaders },
): boolean {
  const lowered = new Map(
    Object.entries(input.headers).map(([name, value]) => [name.toLowerCase(), Array.isArray(value) ? value[0] : value]),
  );
  const read = (name: string, alias: string) => lowered.get(name) ?? lowered.get(alias);
  const { headers: _headers, ...rest } = input;
  return verifyLaterSignature({
    ...rest,
    id: read(idHeader, laterAliases.id),
    timestamp: read(timestampHeader, laterAliases.timestamp),
    signature: read(signatureHeader, laterAliases.signature),
  });
}
