import type { RetryBackoff } from './queuedTask.js';

/**
 * Delay before the attempt after attempt `attempt` failed: `baseMs` (fixed) or `baseMs` doubled
 * per failure (exponential), capped at `maxMs`; then up to `jitter` of it is drawn at random, so
 * senders that failed together do not all retry in the same millisecond against a receiver that
 * is already struggling.
 */
export function retryDelayMs(backoff: RetryBackoff, attempt: number, random: () => number = Math.random): number {
  const growth = backoff.kind === 'exponential' ? 2 ** Math.max(0, attempt - 1) : 1;
  const delay = Math.min(backoff.maxMs, backoff.baseMs * growth);
  return Math.round(delay * (1 - backoff.jitter * random()));
}
