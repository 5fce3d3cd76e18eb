import { randomBytes, randomUUID } from 'node:crypto';
import { createLogger } from '@later/runtime';
import type { QueueScripts } from '@later/queue';
import { HorizonQueuer, ItemFailures, loadConfig, type RedisClock } from '@later/scheduler/engine';
import type { Pool } from '@later/store';
import type { BenchEnvironment } from '../environment.js';
import { noopChannel, startLaterEngine } from '../laterEngine.js';
import { latenessOf, until, usedMemory } from '../measure.js';
import type { ResultRow } from '../report.js';
import { concurrency, shardCount } from './drain.js';

const log = createLogger('bench-horizon', { level: process.env.LOG_LEVEL ?? 'warn' });
const yearMs = 365 * 86_400_000;

/**
 * Inserts `count` waiting webhook tasks, not queued (Postgres only), due from `firstDueMs` over
 * `spanMs`, in one server-side statement per million rows; returns rows per second.
 */
async function insertPending(pool: Pool, count: number, firstDueMs: number, spanMs: number): Promise<number> {
  const owner = randomUUID();
  const started = Date.now();
  for (let offset = 0; offset < count; offset += 1_000_000) {
    const rows = Math.min(1_000_000, count - offset);
    await pool.query(
      `INSERT INTO tasks (owner_id, status, channel, target, target_host, due_at, shard, max_attempts, timeout_ms, retry, queued)
       SELECT $1::uuid, 'scheduled', 'webhook', jsonb_build_object('url', 'http://127.0.0.1:40123/hook', 'body', jsonb_build_object('n', g)),
              '127.0.0.1:40123', to_timestamp(($3 + (g::float8 / $4) * $5) / 1000.0), g % $6, 5, 30000,
              '{"backoff":"exponential","baseMs":2000,"maxMs":600000,"jitter":0.5}', false
       FROM generate_series($2::bigint + 1, $2::bigint + $7) AS g`,
      [owner, offset, firstDueMs, count, spanMs, shardCount, rows],
    );
  }
  return (count * 1000) / (Date.now() - started);
}

function horizonQueuer(env: BenchEnvironment, horizonMs: number, scripts: QueueScripts, clock: RedisClock) {
  const config = loadConfig({
    DATABASE_URL: env.db.url,
    SCHEDULER_TOKEN: randomBytes(16).toString('hex'),
    SIGNING_SECRET: randomBytes(32).toString('hex'),
    SHARD_COUNT: String(shardCount),
    HORIZON_MS: String(horizonMs),
    HORIZON_INTERVAL_MS: '1000',
  });
  return new HorizonQueuer(env.pool, { scripts, clock, config, log }, config, log, new ItemFailures(log));
}

/**
 * Memory that follows the horizon, not the backlog: `count` tasks spread over a year go into
 * Postgres only; the horizon queuer moves the next hour's into Redis, and Redis' used_memory is read.
 * Then the horizon queuer keeping up with a burst: `burst` tasks due within 10 s, 20 s ahead, are queued
 * by one timed horizon queuer pass (horizon 60 s) while the engine runs, and delivered.
 */
export async function horizonScenario(env: BenchEnvironment, count: number, burst: number): Promise<ResultRow[]> {
  await env.flush();
  await env.pool.query('TRUNCATE tasks CASCADE');
  const scenario = `horizon: ${count.toLocaleString('en')} pending over a year`;
  const insertRate = await insertPending(env.pool, count, Date.now(), yearMs);
  await env.pool.query('VACUUM ANALYZE tasks');

  const engine = await startLaterEngine({
    redisUrl: env.redisServer.url,
    prefix: 'later',
    shardCount,
    channel: noopChannel(() => undefined),
    concurrency,
  });
  const hourQueuer = horizonQueuer(env, 3_600_000, engine.scripts, engine.clock);
  const before = await usedMemory(env.redis);
  const queueStarted = Date.now();
  const queued = await hourQueuer.queueDue();
  const queueMs = Date.now() - queueStarted;
  const used = await usedMemory(env.redis);
  await engine.stop();

  await env.flush();
  await env.pool.query('TRUNCATE tasks CASCADE');
  const lateness: number[] = [];
  const dueById = new Map<string, number>();
  let now = () => Date.now();
  const burstEngine = await startLaterEngine({
    redisUrl: env.redisServer.url,
    prefix: 'later',
    shardCount,
    concurrency,
    channel: noopChannel((id) => lateness.push(now() - dueById.get(id)!)),
  });
  now = () => burstEngine.clock.now();
  const firstDue = burstEngine.clock.now() + 20_000;
  await insertPending(env.pool, burst, firstDue, 10_000);
  const { rows } = await env.pool.query<{ id: string; due: string }>(
    `SELECT id::text, (extract(epoch FROM due_at) * 1000)::float8::text AS due FROM tasks`,
  );
  for (const row of rows) dueById.set(row.id, Number(row.due));
  // All of the burst is within this horizon: one horizon queuer pass moves it, and is timed.
  const burstQueuer = horizonQueuer(env, 60_000, burstEngine.scripts, burstEngine.clock);
  const burstQueueStarted = Date.now();
  const burstQueued = await burstQueuer.queueDue();
  const burstQueueMs = Date.now() - burstQueueStarted;
  const burstQueuedAhead = firstDue - burstEngine.clock.now();
  await until(() => burstEngine.delivered() >= burst, 120_000, 'the burst to be delivered', 5);
  await burstEngine.stop();
  const burstLateness = latenessOf(lateness);
  return [
    { scenario, metric: 'rows/s inserted into Postgres', later: insertRate, higherIsBetter: true },
    { scenario, metric: `tasks queued (due within 1 h)`, later: queued, higherIsBetter: true },
    { scenario, metric: 'rows/s queued', later: (queued * 1000) / Math.max(1, queueMs), higherIsBetter: true },
    { scenario, metric: 'Redis used_memory (MB), whole server', later: used / 1e6, higherIsBetter: false },
    {
      scenario,
      metric: 'Redis used_memory added by queuing them (MB)',
      later: (used - before) / 1e6,
      higherIsBetter: false,
    },
    {
      scenario: `horizon: burst of ${burst.toLocaleString('en')} within 10 s`,
      metric: 'rows/s queued (one horizon queuer pass)',
      later: (burstQueued * 1000) / Math.max(1, burstQueueMs),
      higherIsBetter: true,
    },
    {
      scenario: `horizon: burst of ${burst.toLocaleString('en')} within 10 s`,
      metric: 'all queued, seconds before the first was due',
      later: burstQueuedAhead / 1000,
      higherIsBetter: true,
    },
    {
      scenario: `horizon: burst of ${burst.toLocaleString('en')} within 10 s`,
      metric: 'lateness p50 (ms)',
      later: burstLateness.p50,
      higherIsBetter: false,
    },
    {
      scenario: `horizon: burst of ${burst.toLocaleString('en')} within 10 s`,
      metric: 'lateness p99 (ms)',
      later: burstLateness.p99,
      higherIsBetter: false,
    },
    {
      scenario: `horizon: burst of ${burst.toLocaleString('en')} within 10 s`,
      metric: 'lateness max (ms)',
      later: burstLateness.max,
      higherIsBetter: false,
    },
  ];
}
