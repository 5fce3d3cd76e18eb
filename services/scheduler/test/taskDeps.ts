import { EgressPolicy } from '@later/egress';
import { QueueScripts } from '@later/queue';
import { createLogger, createMetricsRegistry } from '@later/runtime';
import { createPool, migrate, type Pool } from '@later/store';
import { testDatabase, testRedis, type TestRedis } from '@later/system/testing';
import { loadConfig } from '../src/config.js';
import { SchedulerMetrics } from '../src/metrics.js';
import type { TaskDeps } from '../src/tasks/taskDeps.js';
import { randomSource } from '../src/time/randomSource.js';
import { RedisClock } from '../src/time/redisClock.js';

export interface TaskDepsFixture {
  deps: TaskDeps;
  pool: Pool;
  redis: TestRedis;
  stop(): Promise<void>;
}

/**
 * What the scheduler's task code runs on, without its HTTP server: a migrated database of its
 * own, a key prefix of its own on the shared Redis, and `shardCount` shards.
 */
export async function startTaskDeps(shardCount = 2): Promise<TaskDepsFixture> {
  const [db, redis] = await Promise.all([testDatabase(), testRedis()]);
  const pool = createPool(db.url, () => undefined);
  await migrate(pool);
  const config = loadConfig({
    DATABASE_URL: db.url,
    SCHEDULER_TOKEN: 'a-token-for-this-test-only',
    SIGNING_SECRET: 'a-signing-secret-for-this-test-only-0123',
    REDIS_URL: redis.url,
    REDIS_PREFIX: redis.prefix,
    SHARD_COUNT: String(shardCount),
  });
  const clock = new RedisClock();
  await clock.sync(redis.redis);
  const deps: TaskDeps = {
    pool,
    scripts: new QueueScripts(redis.redis, redis.prefix),
    config,
    log: createLogger('scheduler-test', { level: 'silent' }),
    random: randomSource(),
    clock,
    egress: new EgressPolicy(),
    metrics: new SchedulerMetrics(createMetricsRegistry()),
  };
  return {
    deps,
    pool,
    redis,
    async stop() {
      await pool.end();
      await redis.cleanup();
      await db.drop();
    },
  };
}
