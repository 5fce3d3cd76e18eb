import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Redis } from 'ioredis';
import { createPool, migrate, type Pool } from '@later/store';
import { startRedisServer, type RedisServerHandle } from '@later/system';
import { adminDatabaseUrl, testDatabase, type TestDatabase } from '@later/system/testing';

export interface BenchEnvironment {
  redisServer: RedisServerHandle;
  /** A connection to the bench's own redis-server, for flushing and INFO. */
  redis: Redis;
  redisPort: number;
  db: TestDatabase;
  pool: Pool;
  /** Empties the bench's own redis-server (never any other) between runs. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A private redis-server on a free port, at Redis' defaults (hz 10) and without persistence
 * (no AOF, no RDB): the throughput runs measure Later and BullMQ, not the disk. And a database of
 * its own on the dev Postgres (DATABASE_URL, else the tests' TEST_DATABASE_URL default), dropped
 * at the end.
 */
export async function startBenchEnvironment(): Promise<BenchEnvironment> {
  const dir = mkdtempSync(`${tmpdir()}/later-bench-`);
  const redisServer = await startRedisServer({ dir, appendonly: false });
  const redis = new Redis(redisServer.url);
  const db = await testDatabase(process.env.DATABASE_URL ?? adminDatabaseUrl());
  const pool = createPool(db.url, () => undefined);
  await migrate(pool);
  return {
    redisServer,
    redis,
    redisPort: redisServer.port,
    db,
    pool,
    async flush() {
      await redis.flushall();
    },
    async close() {
      redis.disconnect();
      await pool.end();
      await db.drop();
      await redisServer.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
