import express from 'express';
import { hostname } from 'node:os';
import { EgressPolicy } from '@later/egress';
import {
  DisabledDestinationsView,
  Heartbeat,
  QueueScripts,
  describeTaskFormats,
  allShards,
  connectRedis,
  ensureRedisMode,
  ensureShardCount,
  subscriberConnection,
} from '@later/queue';
import {
  createLogger,
  createMetricsRegistry,
  healthRoutes,
  listen,
  metricsRoute,
  onShutdown,
  probe,
} from '@later/runtime';
import type { Channel } from './channels/channel.js';
import { EmailChannel } from './channels/email.js';
import { SmsChannel } from './channels/sms.js';
import { UnconfiguredChannel } from './channels/unconfigured.js';
import { WebhookChannel } from './channels/webhook.js';
import { loadConfig, shutdownDeadlineMs } from './config.js';
import { DeliveryLoop } from './deliveryLoop.js';
import { DeliverySigner } from './deliverySigner.js';
import { SenderMetrics } from './metrics.js';
import { ProcessHealth } from './processHealth.js';

const log = createLogger('sender');
const config = loadConfig();
// Registered before the first await on Redis or Postgres: a signal, or a dead parent, during start-up
// ends the process by its deadline too.
const atShutdown = onShutdown(log, shutdownDeadlineMs(config));
const replica = `${hostname()}-${process.pid}`;

// No command timeout: a take given up on would still lease its tasks when Redis wakes (see connectRedis).
const redis = connectRedis(
  config.REDIS_URL,
  `later-sender-${replica}`,
  (err) => log.warn({ err }, 'redis connection error'),
  config.REDIS_CLUSTER,
);
const subscriber = subscriberConnection(redis);
subscriber.on('error', () => undefined); // the main connection already reports the same outage
await ensureRedisMode(redis, config.REDIS_CLUSTER);
await ensureShardCount(redis, config.REDIS_PREFIX, config.SHARD_COUNT);
const scripts = new QueueScripts(redis, config.REDIS_PREFIX);

const webhook = new WebhookChannel(new EgressPolicy(config.EGRESS_ALLOW_CIDRS), config.REDIRECT_LIMIT);
const email: Channel & { close?: () => void } = config.SMTP_HOST
  ? new EmailChannel({
      host: config.SMTP_HOST,
      port: config.SMTP_PORT,
      secure: config.SMTP_SECURE,
      user: config.SMTP_USER,
      password: config.SMTP_PASSWORD,
      from: config.SMTP_FROM,
      rejectUnauthorized: config.SMTP_TLS_REJECT_UNAUTHORIZED,
    })
  : new UnconfiguredChannel('SMTP_HOST');
const sms: Channel & { close?: () => Promise<void> } =
  config.SMS_ACCOUNT_SID && config.SMS_AUTH_TOKEN && config.SMS_FROM
    ? new SmsChannel({
        baseUrl: config.SMS_BASE_URL,
        accountSid: config.SMS_ACCOUNT_SID,
        authToken: config.SMS_AUTH_TOKEN,
        from: config.SMS_FROM,
      })
    : new UnconfiguredChannel('SMS_ACCOUNT_SID, SMS_AUTH_TOKEN and SMS_FROM');
const signer = new DeliverySigner(redis, config.REDIS_PREFIX, config.SIGNING_SECRET);
const metrics = new SenderMetrics(createMetricsRegistry());
const health = new ProcessHealth({
  maxEventLoopDelayMs: config.MAX_EVENT_LOOP_DELAY_MS,
  maxHeapPercent: config.MAX_HEAP_PERCENT,
  maxRssMb: config.MAX_RSS_MB,
});
health.start();
const disabled = new DisabledDestinationsView(redis, subscriber, config.REDIS_PREFIX);
await disabled.start();
const loop = new DeliveryLoop(scripts, subscriber, { webhook, email, sms }, signer, log, {
  shards: allShards(config.SHARD_COUNT),
  lanes: [
    { channel: 'webhook', concurrency: config.CONCURRENCY },
    { channel: 'email', concurrency: config.EMAIL_CONCURRENCY, ratePerSecond: config.EMAIL_RATE_PER_SECOND },
    { channel: 'sms', concurrency: config.SMS_CONCURRENCY, ratePerSecond: config.SMS_RATE_PER_SECOND },
  ],
  perDestination: config.PER_DESTINATION_CONCURRENCY,
  destinationBusyDelayMs: config.DESTINATION_BUSY_DELAY_MS,
  disabled,
  disabledDestinationDelayMs: config.DISABLED_DESTINATION_DELAY_MS,
  leaseMarginMs: config.LEASE_MARGIN_MS,
  maxIdleMs: config.MAX_IDLE_MS,
  observer: metrics,
  gate: health,
});
metrics.watchInFlight(loop);
metrics.watchLoad(loop.load.state);

const app = express();
app.disable('x-powered-by');
app.use(
  healthRoutes('sender', async () => {
    const redisOk = await probe(() => redis.ping());
    const { overload, saturated, overdue } = loop.load.state;
    return {
      // Overloaded or saturated, a sender still works: it is degraded, not to be restarted.
      state: !redisOk ? 'unready' : overload || saturated.length > 0 ? 'degraded' : 'ready',
      checks: {
        redis: redisOk ? 'ok' : 'unreachable',
        inFlight: String(loop.deliveriesInFlight),
        load: overload ?? 'ok',
        slots:
          saturated.length === 0
            ? 'free'
            : `all busy for ${saturated.join(', ')}${overdue === undefined ? '' : `; ${overdue} tasks overdue`}`,
        taskFormat: describeTaskFormats(loop.newerFormatTotal),
      },
    };
  }),
);
app.use(metricsRoute(metrics.registry));
const server = await listen(app, config.PORT, config.HOST);

await loop.start();
const heartbeat = new Heartbeat(scripts, 'sender', replica);
await heartbeat.start();
log.info({ port: config.PORT, concurrency: config.CONCURRENCY, replica }, 'sender started');

atShutdown(async () => {
  await webhook.close();
  email.close?.();
  await sms.close?.();
  redis.disconnect();
  subscriber.disconnect();
});
atShutdown(() => loop.stop(config.SHUTDOWN_GRACE_MS));
atShutdown(() => health.stop());
atShutdown(() => disabled.stop());
atShutdown(() => heartbeat.stop());
atShutdown(() => new Promise<void>((resolve) => server.close(() => resolve())));
