import { randomBytes } from 'node:crypto';
import { Cluster, Redis } from 'ioredis';

export const sharedRedisUrl = (): string => process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestRedis {
  /** One URL, or with `cluster` the nodes' URLs, comma-separated (as REDIS_URL takes them). */
  url: string;
  cluster: boolean;
  /** A key prefix no other test uses; every Later key of this test lives under it. */
  prefix: string;
  redis: Redis | Cluster;
  /** Deletes this test's keys (never FLUSHALL: the server is shared) and disconnects. */
  cleanup(): Promise<void>;
}

/** Borrows the shared Redis (or the Redis Cluster at `url`) under a fresh key prefix. */
export async function testRedis(url = sharedRedisUrl(), options: { cluster?: boolean } = {}): Promise<TestRedis> {
  const prefix = `t${randomBytes(5).toString('hex')}`;
  const cluster = options.cluster ?? false;
  const redis = cluster
    ? new Cluster(url.split(','), { redisOptions: { maxRetriesPerRequest: 1 } })
    : new Redis(url, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined); // a test may restart its own Redis; the client reconnects
  await redis.ping();
  return {
    url,
    cluster,
    prefix,
    redis,
    async cleanup() {
      // A cluster's keys are scanned node by node, and deleted one by one: one DEL of keys in
      // several slots is refused.
      for (const node of redis instanceof Cluster ? redis.nodes('master') : [redis]) {
        for (const pattern of [`{${prefix}:*`, `${prefix}:*`]) {
          let cursor = '0';
          do {
            const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
            if (keys.length > 0) await Promise.all(keys.map((key) => node.unlink(key)));
            cursor = next;
          } while (cursor !== '0');
        }
      }
      redis.disconnect();
    },
  };
}
