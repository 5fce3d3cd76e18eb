import {
  closeServer,
  createLogger,
  createMetricsRegistry,
  listen,
  onShutdown,
  probe,
  type Readiness,
} from '@later/runtime';
import { createPool, migrate, SchemaWatch } from '@later/store';
import { createApp } from './app.js';
import { ApiKeyVerifier } from './auth/apiKeys.js';
import { LoginGuard } from './auth/loginGuard.js';
import { KeyRateLimiter } from './auth/rateLimit.js';
import { SessionStore } from './auth/sessions.js';
import { loadConfig } from './config.js';
import { FrontendMetrics } from './metrics.js';
import { OpenStreams } from './routes/events.js';
import { SchedulerClient } from './schedulerClient.js';

const log = createLogger('frontend');
const config = loadConfig();
// Registered before the first await on Redis or Postgres: a signal, or a dead parent, during start-up
// ends the process by its deadline too.
const atShutdown = onShutdown(log, config.SHUTDOWN_GRACE_MS);

const pool = createPool(
  config.DATABASE_URL,
  (err) => log.warn({ err }, 'postgres connection error'),
  10,
  config.DATABASE_STATEMENT_TIMEOUT_MS,
);
await migrate(pool);
const scheduler = new SchedulerClient(config.SCHEDULER_URL, config.SCHEDULER_TOKEN, config.SCHEDULER_TIMEOUT_MS);
const verifier = new ApiKeyVerifier(pool, config.KEY_RECHECK_MS);
const streams = new OpenStreams(config.MAX_EVENT_STREAMS_PER_ACCOUNT);

const schema = new SchemaWatch(pool, (newer) =>
  log.warn({ newer }, 'database migrated by a newer release: its additions are ignored here'),
);

async function readiness(): Promise<Readiness> {
  // In parallel, and each within its deadline: a scheduler's own checks take up to a second.
  const [postgresOk, , ...answers] = await Promise.all([
    probe(() => pool.query('SELECT 1')),
    probe(() => schema.refresh()),
    ...config.SCHEDULER_URL.map((url) =>
      fetch(new URL('/readyz', url), { signal: AbortSignal.timeout(1500) }).then(
        (res) => res.ok,
        () => false,
      ),
    ),
  ]);
  const schedulerOk = answers.some(Boolean);
  const { usable: schemaUsable, check } = schema.describe();
  return {
    state: postgresOk && schedulerOk && schemaUsable ? 'ready' : 'unready',
    checks: {
      postgres: postgresOk ? 'ok' : 'unreachable',
      scheduler: schedulerOk ? 'ok' : 'unreachable',
      schema: check,
    },
  };
}

const app = createApp({
  pool,
  scheduler,
  verifier,
  sessions: new SessionStore(pool, config.SESSION_LIFETIME_MS),
  limiter: new KeyRateLimiter(config.RATE_LIMIT_PER_SECOND, config.RATE_LIMIT_BURST),
  accountLimiter: new KeyRateLimiter(config.ACCOUNT_RATE_LIMIT_PER_SECOND, config.ACCOUNT_RATE_LIMIT_BURST),
  loginLimiter: new KeyRateLimiter(config.LOGIN_ATTEMPTS_PER_MINUTE / 60, config.LOGIN_ATTEMPTS_PER_MINUTE),
  authFailures: new KeyRateLimiter(config.AUTH_FAILURES_PER_MINUTE / 60, config.AUTH_FAILURES_PER_MINUTE),
  loginGuard: new LoginGuard(pool, {
    freeFailures: config.LOGIN_FREE_FAILURES,
    baseMs: config.LOGIN_BACKOFF_MS,
    maxMs: config.LOGIN_BACKOFF_MAX_MS,
    // A day without attempts starts an account from zero again.
    forgetAfterMs: Math.max(86_400_000, config.LOGIN_BACKOFF_MAX_MS),
  }),
  maxApiKeys: config.MAX_API_KEYS_PER_ACCOUNT,
  secureCookies: config.COOKIE_SECURE,
  trustProxy: config.TRUST_PROXY,
  streams,
  heartbeatMs: config.SSE_HEARTBEAT_MS,
  log,
  readiness,
  metrics: new FrontendMetrics(createMetricsRegistry()),
  devOutboxUrl: config.DEV_OUTBOX_URL,
});
const server = await listen(app, config.PORT, config.HOST);
log.info({ port: config.PORT }, 'frontend started');

atShutdown(() => pool.end());
// Steps run last-registered first: the server stops taking requests before its connections to the schedulers close.
atShutdown(() => scheduler.close());
atShutdown(() => {
  const closed = closeServer(server);
  // Event streams never end by themselves; clients reconnect (with Last-Event-ID) elsewhere.
  streams.endAll();
  return closed;
});
