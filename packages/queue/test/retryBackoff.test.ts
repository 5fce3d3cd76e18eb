import { describe, expect, it } from 'vitest';
import type { RetryBackoff } from '../src/queuedTask.js';
import { retryDelayMs } from '../src/retryBackoff.js';

const exact = (kind: RetryBackoff['kind'], baseMs: number, maxMs: number): RetryBackoff => ({
  kind,
  baseMs,
  maxMs,
  jitter: 0,
});
/** The delays after attempts 1..n failed. */
const delaysAfter = (backoff: RetryBackoff, n: number, random?: () => number) =>
  Array.from({ length: n }, (_, i) => retryDelayMs(backoff, i + 1, random));

describe('retry backoff', () => {
  it('exponential: waits the base delay after the first failure and doubles it after each one', () => {
    expect(delaysAfter(exact('exponential', 100, 1_000_000), 6)).toEqual([100, 200, 400, 800, 1600, 3200]);
  });

  it('never waits longer than maxDelay, however many attempts failed', () => {
    expect(delaysAfter(exact('exponential', 2000, 600_000), 12)).toEqual([
      2000, 4000, 8000, 16_000, 32_000, 64_000, 128_000, 256_000, 512_000, 600_000, 600_000, 600_000,
    ]);
    // A replayed task continues its attempt numbers: the hundredth failure is still capped.
    expect(retryDelayMs(exact('exponential', 2000, 600_000), 100)).toBe(600_000);
  });

  it('fixed: waits the base delay every time', () => {
    expect(delaysAfter(exact('fixed', 300, 1000), 5)).toEqual([300, 300, 300, 300, 300]);
  });

  it('a base delay above the cap is cut to the cap, fixed or not', () => {
    expect(retryDelayMs(exact('fixed', 5000, 1000), 1)).toBe(1000);
    expect(retryDelayMs(exact('exponential', 5000, 1000), 1)).toBe(1000);
  });

  it('jitter takes at most its share off the delay, and never adds to it', () => {
    const backoff: RetryBackoff = { kind: 'exponential', baseMs: 1000, maxMs: 60_000, jitter: 0.2 };
    // The bounds, at both ends of the random draw.
    expect(retryDelayMs(backoff, 3, () => 0)).toBe(4000);
    expect(retryDelayMs(backoff, 3, () => 1)).toBe(3200);
    expect(retryDelayMs(backoff, 3, () => 0.5)).toBe(3600);
    // And with real draws: every delay within [80 %, 100 %] of 4 s, spread over that range.
    const drawn = Array.from({ length: 2000 }, () => retryDelayMs(backoff, 3));
    expect(Math.min(...drawn)).toBeGreaterThanOrEqual(3200);
    expect(Math.max(...drawn)).toBeLessThanOrEqual(4000);
    expect(Math.max(...drawn) - Math.min(...drawn)).toBeGreaterThan(700);
  });

  it('jitter applies to the capped delay, so a capped retry is never longer than maxDelay', () => {
    const backoff: RetryBackoff = { kind: 'exponential', baseMs: 1000, maxMs: 5000, jitter: 1 };
    expect(retryDelayMs(backoff, 10, () => 0)).toBe(5000);
    expect(retryDelayMs(backoff, 10, () => 1)).toBe(0);
  });

  it('no jitter: exact delays, whatever the draw', () => {
    expect(retryDelayMs(exact('fixed', 750, 1000), 4, () => 0.99)).toBe(750);
  });
});
