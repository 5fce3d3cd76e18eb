import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { generationKey, shardCountKey } from './keys.js';
import type { RedisConnection } from './scripts.js';

/**
 * A Redis connection for Later. Commands issued while Redis is unreachable wait in ioredis'
 * offline queue and fail after a few retries instead of hanging forever; the connection keeps
 * reconnecting, and its errors go to `onError` (at most one a second) instead of crashing.
 */
export function connectRedis(url: string, connectionName: string, onError: (err: Error) => void): Redis {
  const redis = new Redis(url, {
    connectionName,
    maxRetriesPerRequest: 3,
    enableAutoPipelining: true,
    retryStrategy: (times) => Math.min(50 * times, 1000),
  });
  let reportedAt = 0;
  redis.on('error', (err: Error) => {
    if (Date.now() - reportedAt < 1000) return;
    reportedAt = Date.now();
    onError(err);
  });
  return redis;
}

/**
 * Records the shard count on first start and refuses to run with another one: services that
 * disagree on it would never see each other's tasks.
 */
export async function ensureShardCount(redis: RedisConnection, prefix: string, shardCount: number): Promise<void> {
  await redis.set(shardCountKey(prefix), shardCount, 'NX');
  const recorded = Number(await redis.get(shardCountKey(prefix)));
  if (recorded !== shardCount) {
    throw new Error(
      `SHARD_COUNT is ${shardCount} but this Redis (prefix "${prefix}") was set up with ${recorded}; use ${recorded}`,
    );
  }
}

/**
 * This Redis' generation: the id set when it first saw Later. Creates it when missing (an empty
 * Redis: new, wiped, or replaced). A scheduler that sees the generation change knows that what
 * Redis held is gone and must be rebuilt from Postgres.
 */
export async function redisGeneration(redis: RedisConnection, prefix: string): Promise<{ generation: string; created: boolean }> {
  const created = (await redis.set(generationKey(prefix), randomUUID(), 'NX')) === 'OK';
  return { generation: (await redis.get(generationKey(prefix)))!, created };
}
