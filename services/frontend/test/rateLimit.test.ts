import { describe, expect, it } from 'vitest';
import { KeyRateLimiter } from '../src/auth/rateLimit.js';

describe('KeyRateLimiter, a batch costing one token a task', () => {
  const t0 = 1_000_000;

  it('takes a batch within the burst whole, and refuses one the bucket cannot cover until it refilled', () => {
    const limiter = new KeyRateLimiter(10, 100);
    expect(limiter.takeCost('k', 60, 0, t0)).toBe(0);
    // 40 left: 60 more is 20 short, 2 s at 10 a second; nothing is taken by the refusal.
    expect(limiter.takeCost('k', 60, 0, t0)).toBe(2);
    expect(limiter.takeCost('k', 40, 0, t0)).toBe(0);
    expect(limiter.take('k', t0)).toBe(1);
    expect(limiter.takeCost('k', 60, 0, t0 + 6000)).toBe(0);
  });

  it('lets a batch above the burst through from a full bucket only, leaving it owing the rest', () => {
    const limiter = new KeyRateLimiter(10, 100);
    expect(limiter.take('k', t0)).toBe(0);
    expect(limiter.takeCost('k', 1000, 0, t0)).toBe(1);
    expect(limiter.takeCost('k', 1000, 0, t0 + 100)).toBe(0);
    // 900 owed at 10 a second: the next single request waits 90 s, so the rate over time holds.
    expect(limiter.take('k', t0 + 100)).toBe(91);
    expect(limiter.take('k', t0 + 90_200)).toBe(0);
  });

  it('counts what the door already took: a request of one task costs exactly one token', () => {
    const limiter = new KeyRateLimiter(1, 100);
    expect(limiter.take('k', t0)).toBe(0);
    expect(limiter.secondsUntil('k', 1, 1, t0)).toBe(0);
    // A batch of the whole burst still passes from a full bucket whose door token is taken.
    expect(limiter.takeCost('k', 100, 1, t0)).toBe(0);
    expect(limiter.take('k', t0)).toBe(1);
    expect(limiter.take('k', t0 + 1000)).toBe(0);
    expect(limiter.takeCost('k', 2, 1, t0 + 1000)).toBe(1);
  });
});
