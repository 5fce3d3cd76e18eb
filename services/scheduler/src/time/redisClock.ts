import type { RedisConnection } from '@later/queue';

/**
 * Redis' clock, as seen from this process: the one clock every replica agrees on. Due times are
 * compared with it inside the scripts; computing them here (a delay from now, a schedule's next
 * run) must use it too, or a replica whose clock is off would schedule minutes early or late.
 * The offset is refreshed by every claim reply and by `sync`.
 */
export class RedisClock {
  private offset = 0;

  now(): number {
    return Date.now() + this.offset;
  }

  /** Records a reading of Redis' clock taken between `sentAt` and now (local ms). */
  observe(redisNow: number, sentAt: number): void {
    // Half the round trip is the best estimate of when Redis read its clock.
    this.offset = redisNow - (sentAt + (Date.now() - sentAt) / 2);
  }

  async sync(redis: RedisConnection): Promise<void> {
    const sentAt = Date.now();
    const [seconds, micros] = await redis.time();
    this.observe(Number(seconds) * 1000 + Math.floor(Number(micros) / 1000), sentAt);
  }
}
