import type { DeliveryResult } from '../src/channels/channel.js';

/** A delivery's result without its excerpt, for tests about the outcome (excerpt.test.ts and the channel tests check excerpts). */
export function outcomeOf(result: DeliveryResult): Omit<DeliveryResult, 'excerpt'> {
  const { excerpt: _excerpt, ...outcome } = result;
  return outcome;
}
