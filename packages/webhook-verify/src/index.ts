import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers Later sends with every delivery. */
export const signatureHeader = 'later-signature';
export const timestampHeader = 'later-timestamp';
export const deliveryIdHeader = 'later-delivery-id';

/** A signing secret as shown to users (`whsec_` + base64url), or its raw bytes. */
export type SigningSecret = string | Buffer;

function secretBytes(secret: SigningSecret): Buffer {
  if (Buffer.isBuffer(secret)) return secret;
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64url');
}

/** The signature of one delivery: hex HMAC-SHA256, keyed by the secret, of `<timestamp>.<body>`. */
export function computeSignature(secret: SigningSecret, timestamp: string, body: string | Buffer): string {
  return createHmac('sha256', secretBytes(secret)).update(`${timestamp}.`).update(body).digest('hex');
}

/** The `Later-Signature` header value: one `v1=` entry per active key (two while rotating). */
export function signatureHeaderValue(secrets: SigningSecret[], timestamp: string, body: string | Buffer): string {
  return secrets.map((secret) => `v1=${computeSignature(secret, timestamp, body)}`).join(',');
}

export interface VerifyInput {
  /** Your signing secret(s); give the current and the next while you rotate. */
  secret: SigningSecret | SigningSecret[];
  /** The `Later-Timestamp` header (unix seconds). */
  timestamp: string | undefined | null;
  /** The `Later-Signature` header. */
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
  const { timestamp, signature, body } = input;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  const ageSeconds = Math.abs((input.now ?? Date.now()) / 1000 - Number(timestamp));
  if (ageSeconds > (input.toleranceSeconds ?? 300)) return false;
  const presented = signature
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith('v1='))
    .map((part) => Buffer.from(part.slice(3), 'hex'));
  const secrets = Array.isArray(input.secret) ? input.secret : [input.secret];
  return secrets.some((secret) => {
    const expected = Buffer.from(computeSignature(secret, timestamp, body), 'hex');
    return presented.some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected));
  });
}
