import type { RetryBackoff } from './queuedTask.js';

/**
 * Delay before the attempt after attempt `attempt` failed: exponential from `baseMs`, capped at
 * `maxMs`, with "full jitter" in the upper half so senders that failed together do not all
 * retry in the same millisecond against a receiver that is already struggling.
 */
export function retryDelayMs(backoff: RetryBackoff, attempt: number, random: () => number = Math.random): number {
  const exponential = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}
