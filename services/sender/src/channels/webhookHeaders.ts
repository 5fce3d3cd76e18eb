import { idHeader, laterAliases, signatureHeader, signatureHeaderValue, timestampHeader } from '@later/webhook-verify';

const userAgent = 'Later/0.1 (+https://later.dev)';
/** Names Later sets: a user's header of the same name (in any case) is left out, not sent twice. */
const ours = new Set([
  'user-agent',
  idHeader,
  timestampHeader,
  signatureHeader,
  laterAliases.id,
  laterAliases.timestamp,
  laterAliases.signature,
  'later-attempt',
]);

export interface DeliveryHeaders {
  /** For the task's own origin: the user's headers and the signature. */
  signed: Record<string, string>;
  /**
   * For a redirect to another origin: neither the user's headers (they may hold the user's
   * credentials for the first origin) nor the signature (another origin could replay it to the
   * first); only what describes the body and the delivery.
   */
  crossOrigin: Record<string, string>;
}

/**
 * Standard Webhooks headers (standardwebhooks.com): `webhook-id` is the delivery id, the same on
 * every attempt of a run (the spec's idempotency key); the signature covers id, timestamp and
 * body. The `Later-*` names carry the same values, for receivers written against them.
 */
export function deliveryHeaders(
  user: Record<string, string>,
  delivery: { id: string; attempt: number; secrets: string[]; body: string },
): DeliveryHeaders {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = signatureHeaderValue(delivery.secrets, delivery.id, timestamp, delivery.body);
  const userHeaders = Object.entries(user).filter(([name]) => !ours.has(name.toLowerCase()));
  const contentType = userHeaders.filter(([name]) => name.toLowerCase() === 'content-type');
  const unsigned = {
    'user-agent': userAgent,
    [idHeader]: delivery.id,
    [laterAliases.id]: delivery.id,
    'later-attempt': String(delivery.attempt),
  };
  return {
    signed: {
      ...Object.fromEntries(userHeaders),
      ...unsigned,
      [timestampHeader]: timestamp,
      [signatureHeader]: signature,
      [laterAliases.timestamp]: timestamp,
      [laterAliases.signature]: signature,
    },
    crossOrigin: { ...Object.fromEntries(contentType), ...unsigned },
  };
}
