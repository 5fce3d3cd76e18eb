import { hostname } from 'node:os';
import { EgressPolicy } from '@later/egress';
import {
  Heartbeat,
  HistoryStream,
  QueueScripts,
  describeTaskFormats,
  allShards,
  connectRedis,
  ensureRedisMode,
  ensureShardCount,
  subscriberConnection,
} from '@later/queue';
import {
  closeServer,
  createLogger,
  createMetricsRegistry,
  listen,
  onShutdown,
  probe,
  type Readiness,
} from '@later/runtime';
import { createPool, migrate, scheduleOccurrences, SchemaWatch } from '@later/store';
import { loadConfig } from './config.js';
import { DestinationService } from './destinations/destinationService.js';
import { EventWaiters } from './events/eventWaiters.js';
import { createApp } from './http/app.js';
import { DueClaimer } from './loops/dueClaimer.js';
import { HistoryWriter } from './loops/historyWriter.js';
import { HorizonQueuer } from './loops/horizonQueuer.js';
import { ItemFailures } from './loops/itemFailures.js';
import { LeaseReaper } from './loops/leaseReaper.js';
import { Reconciler } from './loops/reconciler.js';
import { ShardOwnership } from './loops/shardOwnership.js';
import { SchedulerMetrics } from './metrics.js';
import { ScheduleService } from './schedules/scheduleService.js';
import { SigningService } from './signing/signingService.js';
import { finalOutcomes, recordCallbacks } from './tasks/callbacks.js';
import { recordFollowUps } from './tasks/followUps.js';
import { queueCreated } from './tasks/queueTasks.js';
import type { TaskDeps } from './tasks/taskDeps.js';
import { randomSource } from './time/randomSource.js';
import { RedisClock } from './time/redisClock.js';

const log = createLogger('scheduler');
const config = loadConfig();
// Registered before the first await on Redis or Postgres: a signal, or a dead parent, during start-up
// ends the process by its deadline too.
const atShutdown = onShutdown(log, config.SHUTDOWN_GRACE_MS);
const replica = `${hostname()}-${process.pid}`;
const shards = allShards(config.SHARD_COUNT);

const pool = createPool(
  config.DATABASE_URL,
  (err) => log.warn({ err }, 'postgres connection error'),
  10,
  config.DATABASE_STATEMENT_TIMEOUT_MS,
);
await migrate(pool);
const redis = connectRedis(
  config.REDIS_URL,
  `later-scheduler-${replica}`,
  (err) => log.warn({ err }, 'redis connection error'),
  config.REDIS_CLUSTER,
  config.REDIS_COMMAND_TIMEOUT_MS,
);
const subscriber = subscriberConnection(redis);
subscriber.on('error', () => undefined); // the main connection already reports the same outage
await ensureRedisMode(redis, config.REDIS_CLUSTER);
await ensureShardCount(redis, config.REDIS_PREFIX, config.SHARD_COUNT);

const scripts = new QueueScripts(redis, config.REDIS_PREFIX);
const stream = new HistoryStream(redis, config.REDIS_PREFIX);

const clock = new RedisClock();
await clock.sync(redis);
const metrics = new SchedulerMetrics(createMetricsRegistry());
const deps: TaskDeps = {
  pool,
  scripts,
  config,
  log,
  random: randomSource(config.RANDOM_SEED),
  clock,
  egress: new EgressPolicy(config.EGRESS_ALLOW_CIDRS),
  metrics,
};
const schedules = new ScheduleService(deps);
const signing = new SigningService(pool, scripts, config.SIGNING_SECRET);
await signing.restoreMirror();
const destinations = new DestinationService(deps);
await destinations.restoreMirror();

const ownership = new ShardOwnership(scripts, log, {
  shards,
  self: replica,
  takeoverDelayMs: config.TAKEOVER_DELAY_MS,
});
const claimer = new DueClaimer(scripts, subscriber, clock, log, {
  shards,
  batch: config.CLAIM_BATCH,
  readyLimit: config.READY_LIMIT,
  heldRecheckMs: config.HELD_RECHECK_MS,
  maxSleepMs: config.MAX_SLEEP_MS,
  policy: ownership,
});
const reaper = new LeaseReaper(scripts, log, shards, config.REAP_INTERVAL_MS);
const itemFailures = new ItemFailures(log);
const writer = new HistoryWriter(pool, stream, scripts, log, {
  shards,
  batchPerShard: config.HISTORY_BATCH,
  // An occurrence that ran (or was skipped) makes its schedule's next one.
  afterRecord: async (taskIds) => {
    for (const { scheduleId, taskId } of await scheduleOccurrences(pool, taskIds)) {
      await itemFailures.isolate('history_schedules', scheduleId, () => schedules.advance(scheduleId, taskId));
    }
  },
  // A task delivered or dead with a callback or a follow-up gets it in the same transaction:
  // once, durably. So does a destination's disabling, with its event and notice.
  withinRecord: async (client, changes, batch) => {
    const created = await recordCallbacks(deps, client, finalOutcomes(changes, batch));
    created.push(...(await recordFollowUps(deps, client, changes)));
    const afterDestinations = await destinations.recordOutcomes(client, batch);
    return async () => {
      await queueCreated(deps, created);
      await afterDestinations();
    };
  },
});
const horizonQueuer = new HorizonQueuer(pool, deps, config, log, itemFailures);
const reconciler = new Reconciler(pool, deps, schedules, config, log, itemFailures, async () => {
  await signing.restoreMirror();
  await destinations.restoreMirror();
});
metrics.watchLoops({ claimer, horizonQueuer, reaper, reconciler, writer, itemFailures });
metrics.watchQueue(scripts, shards, () => clock.now());

const schema = new SchemaWatch(pool, (newer) =>
  log.warn({ newer }, 'database migrated by a newer release: its additions are ignored here'),
);

async function readiness(): Promise<Readiness> {
  const checks: Record<string, string> = {};
  const [redisOk, postgresOk] = await Promise.all([
    probe(() => redis.ping()),
    probe(() => pool.query('SELECT 1')),
    probe(() => schema.refresh()),
  ]);
  checks.redis = redisOk ? 'ok' : 'unreachable';
  checks.postgres = postgresOk ? 'ok' : 'unreachable';
  checks.history = writer.healthy ? 'ok' : 'waiting for Postgres';
  checks.shards = ownership.describe();
  const { usable: schemaUsable, check } = schema.describe();
  checks.schema = check;
  checks.taskFormat = describeTaskFormats(reaper.newerFormatTotal);
  const state = !redisOk || !schemaUsable ? 'unready' : postgresOk && writer.healthy ? 'ready' : 'degraded';
  return { state, checks };
}

const waiters = new EventWaiters(pool, log, config.EVENT_POLL_MS);
const app = createApp({ ...deps, schedules, signing, destinations, waiters, itemFailures, readiness });
const server = await listen(app, config.PORT, config.HOST);

await ownership.start();
await claimer.start();
reaper.start();
writer.start();
await reconciler.start();
const heartbeat = new Heartbeat(scripts, 'scheduler', replica);
await heartbeat.start();
horizonQueuer.start();
log.info({ port: config.PORT, shards: config.SHARD_COUNT, replica }, 'scheduler started');

atShutdown(async () => {
  await pool.end();
  redis.disconnect();
  subscriber.disconnect();
});
atShutdown(() => writer.stop());
atShutdown(() => heartbeat.stop());
atShutdown(() => reconciler.stop());
atShutdown(() => horizonQueuer.stop());
atShutdown(() => reaper.stop());
atShutdown(() => ownership.stop());
atShutdown(async () => {
  await claimer.stop();
  const { claimedTotal: claimed, takenOverTotal: takenOver, claimedByShard } = claimer;
  log.info({ claimed, takenOver, shards: [...claimedByShard.keys()].sort((a, b) => a - b) }, 'due claimer stopped');
});
atShutdown(() => {
  const closed = closeServer(server);
  // Long polls for events answer now instead of holding the server open.
  waiters.stop();
  return closed;
});
