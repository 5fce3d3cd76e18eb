import { describe, expect, it } from 'vitest';
import { RedisClock } from '../src/time/redisClock.js';

/** A local clock the test moves by hand. */
function handClock(start: number) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('RedisClock', () => {
  it('keeps the offset that quick round trips show when a later answer waits in a busy event loop', () => {
    const local = handClock(1_000_000);
    const clock = new RedisClock(local.now);
    // Redis runs 5,000 ms ahead. A 2 ms round trip:
    const sent = local.now();
    local.advance(2);
    clock.observe(sent + 5_000 + 1, sent);
    expect(Math.abs(clock.offset() - 5_000)).toBeLessThanOrEqual(2);
    // An answer read at once by Redis but seen 80 ms later (a blocked event loop):
    const sentLate = local.now();
    local.advance(80);
    clock.observe(sentLate + 5_000 + 1, sentLate);
    expect(Math.abs(clock.offset() - 5_000)).toBeLessThanOrEqual(2);
    // A lone midpoint reading would have said 4,961 ms: 40 ms behind.
  });

  it('starts afresh when this clock is stepped', () => {
    const local = handClock(1_000_000);
    const clock = new RedisClock(local.now);
    const sent = local.now();
    local.advance(2);
    clock.observe(sent + 1, sent);
    local.advance(1000);
    // The local clock jumps back a minute; Redis' does not.
    const redisNow = local.now() + 1;
    local.advance(-60_000);
    const sentAfterStep = local.now();
    local.advance(2);
    clock.observe(redisNow + 2, sentAfterStep);
    expect(Math.abs(clock.offset() - 60_000)).toBeLessThanOrEqual(3);
  });

  it('tracks a slow drift between the two clocks', () => {
    const local = handClock(1_000_000);
    const clock = new RedisClock(local.now);
    let redis = local.now();
    for (let second = 0; second < 120; second++) {
      const sent = local.now();
      local.advance(1);
      clock.observe(Math.floor(redis) + 1, sent);
      local.advance(999);
      redis += 1000.05; // Redis gains 50 microseconds a second
    }
    expect(Math.abs(clock.offset() - (redis - local.now()))).toBeLessThanOrEqual(2);
  });
});
