import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const sharedRedisUrl = (): string => process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestRedis {
  url: string;
  /** A key prefix no other test uses; every Later key of this test lives under it. */
  prefix: string;
  redis: Redis;
  /** Deletes this test's keys (never FLUSHALL: the server is shared) and disconnects. */
  cleanup(): Promise<void>;
}

/** Borrows the shared Redis under a fresh key prefix. */
export async function testRedis(url = sharedRedisUrl()): Promise<TestRedis> {
  const prefix = `t${randomBytes(5).toString('hex')}`;
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined); // a test may restart its own Redis; the client reconnects
  await redis.ping();
  return {
    url,
    prefix,
    redis,
    async cleanup() {
      for (const pattern of [`{${prefix}:*`, `${prefix}:*`]) {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
          if (keys.length > 0) await redis.del(...keys);
          cursor = next;
        } while (cursor !== '0');
      }
      redis.disconnect();
    },
  };
}
