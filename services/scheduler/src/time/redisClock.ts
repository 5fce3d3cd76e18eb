import type { RedisConnection } from '@later/queue';

/** How fast the two clocks may drift apart, at most (ms per ms): 1 ms a second, far above real drift. */
const driftPerMs = 0.001;

/**
 * Redis' clock, as seen from this process: the one clock every replica agrees on. Due times are
 * compared with it inside the scripts; computing them here (a delay from now, a schedule's next
 * run) must use it too, or a replica whose clock is off would schedule minutes early or late.
 *
 * Every reading bounds the offset: Redis read its clock after we sent and before we saw the
 * answer, so the offset lies in [redisNow - seenAt, redisNow - sentAt]. Readings are intersected
 * (each bound loosened by the drift since), so one slow round trip, or an answer that waited in
 * a busy event loop, cannot drag the estimate away as a single midpoint reading would; readings
 * that no longer overlap mean this clock was stepped, and start afresh.
 */
export class RedisClock {
  private lower = -Infinity;
  private upper = Infinity;
  private boundsAt = 0;

  constructor(private readonly localNow: () => number = Date.now) {}

  now(): number {
    return this.localNow() + this.offset();
  }

  /** The best estimate of Redis' clock minus this process' clock (ms). */
  offset(): number {
    if (!Number.isFinite(this.lower)) return 0;
    const slack = (this.localNow() - this.boundsAt) * driftPerMs;
    return (this.lower - slack + this.upper + slack) / 2;
  }

  /** Records a reading of Redis' clock (whole ms) taken between `sentAt` and now (local ms). */
  observe(redisNow: number, sentAt: number): void {
    const seenAt = this.localNow();
    const slack = (seenAt - this.boundsAt) * driftPerMs;
    // Redis' milliseconds are cut down from microseconds: its clock read up to 1 ms more.
    const lower = Math.max(this.lower - slack, redisNow - seenAt);
    const upper = Math.min(this.upper + slack, redisNow + 1 - sentAt);
    const stepped = lower > upper;
    this.lower = stepped ? redisNow - seenAt : lower;
    this.upper = stepped ? redisNow + 1 - sentAt : upper;
    this.boundsAt = seenAt;
  }

  async sync(redis: RedisConnection): Promise<void> {
    const sentAt = this.localNow();
    const [seconds, micros] = await redis.time();
    this.observe(Number(seconds) * 1000 + Math.floor(Number(micros) / 1000), sentAt);
  }
}
