import { envInt } from '@later/runtime';
import { z } from 'zod';

/**
 * The environment variables of every service that talks to Later's Redis. They live here, with
 * the key layout, because all such services must agree on them (see ensureShardCount).
 */
export const queueEnv = {
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'letters, digits, - and _ only').default('later'),
  SHARD_COUNT: envInt(1, 4096).default(16),
};
