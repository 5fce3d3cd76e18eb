import { envInt } from '@later/runtime';
import { z } from 'zod';

const redisUrlPattern = /^rediss?:\/\/\S+$/;

/**
 * The environment variables of every service that talks to Later's Redis. They live here, with
 * the key layout, because all such services must agree on them (see ensureShardCount).
 */
export const queueEnv = {
  // Several comma-separated URLs only make sense as seed nodes of a cluster; connectRedis
  // refuses them without REDIS_CLUSTER rather than silently use the first.
  REDIS_URL: z
    .string()
    .refine(
      (value) => value.split(',').every((url) => redisUrlPattern.test(url.trim())),
      'must be a redis:// URL, or several, comma-separated, with REDIS_CLUSTER=true',
    )
    .default('redis://127.0.0.1:6379'),
  REDIS_CLUSTER: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/, 'letters, digits, - and _ only')
    .default('later'),
  SHARD_COUNT: envInt(1, 4096).default(16),
};
