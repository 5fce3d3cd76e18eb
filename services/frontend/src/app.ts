import express, { type Express } from 'express';
import {
  badInputWhen,
  errorHandler,
  healthRoutes,
  metricsRoute,
  notFoundRoute,
  unavailableWhen,
  type Logger,
  type Readiness,
} from '@later/runtime';
import { isDataException, isDatabaseUnavailable, type Pool } from '@later/store';
import { apiReferenceRoutes } from './apiReference.js';
import type { ApiKeyVerifier } from './auth/apiKeys.js';
import { addressBucket } from './auth/addressBucket.js';
import { authenticate, callerIdentifier } from './auth/authenticate.js';
import type { LoginGuard } from './auth/loginGuard.js';
import { chargeTasks, rateLimit, type KeyRateLimiter, type RateLimit } from './auth/rateLimit.js';
import type { SessionStore } from './auth/sessions.js';
import { apiKeyRoutes } from './routes/apiKeys.js';
import { devCatcherRoutes } from './routes/devCatchers.js';
import { eventStreamRoutes, type OpenStreams } from './routes/events.js';
import { profileRoutes } from './routes/profile.js';
import { reminderRoutes } from './routes/reminders.js';
import { reportRoutes } from './routes/reports.js';
import { scheduleRoutes } from './routes/schedules.js';
import { sessionRoutes } from './routes/session.js';
import type { FrontendMetrics } from './metrics.js';
import { signingKeyRoutes } from './routes/signingKeys.js';
import { signupRoutes } from './routes/signup.js';
import { statsRoutes } from './routes/stats.js';
import { taskRoutes } from './routes/tasks.js';
import type { SchedulerClient } from './schedulerClient.js';
import { webUiRoutes } from './webUi.js';

export interface FrontendDeps {
  pool: Pool;
  scheduler: SchedulerClient;
  verifier: ApiKeyVerifier;
  sessions: SessionStore;
  /** Per caller (API key or session). */
  limiter: KeyRateLimiter;
  /** Per account, across all its keys and sessions. */
  accountLimiter: KeyRateLimiter;
  /** API keys one account may hold. */
  maxApiKeys: number;
  /** Per client address (an IPv6 /64), for signing up, logging in and changing the password. */
  loginLimiter: KeyRateLimiter;
  /** Per client address, the 401s it may cause before it is answered 429 at once. */
  authFailures: KeyRateLimiter;
  /** Per account, in Postgres: spaces out wrong passwords from any address. */
  loginGuard: LoginGuard;
  secureCookies: boolean;
  trustProxy: number;
  /** Open event streams (ended at shutdown) and how often they send a heartbeat. */
  streams: OpenStreams;
  heartbeatMs: number;
  log: Logger;
  readiness: () => Promise<Readiness>;
  metrics: FrontendMetrics;
  /** `npm run dev`'s catchers listing (DEV_OUTBOX_URL): the dev outbox and inbox routes exist only with it. */
  devOutboxUrl?: string;
}

export function createApp(deps: FrontendDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Behind a load balancer, per-address limits must see the client, not the balancer.
  app.set('trust proxy', deps.trustProxy);
  app.use(deps.metrics.timeRequests);
  app.use(healthRoutes('frontend', deps.readiness));
  app.use(metricsRoute(deps.metrics.registry));
  app.use(apiReferenceRoutes());
  app.use(webUiRoutes());
  const session = sessionRoutes(deps.pool, deps.sessions, deps.loginGuard, deps.secureCookies);
  const perAddress = rateLimit(deps.loginLimiter, (req) => addressBucket(req.ip), 'from this address');
  app.use(['/v1/signup', '/v1/login'], perAddress);
  app.post('/v1/me/password', perAddress);
  app.use(signupRoutes(deps.pool));
  app.use(session.open);
  const identify = callerIdentifier(deps.verifier, deps.sessions);
  const limits: RateLimit[] = [
    { limiter: deps.limiter, bucketOf: (_req, res) => res.locals.callerId as string, what: 'for this caller' },
    {
      limiter: deps.accountLimiter,
      bucketOf: (_req, res) => res.locals.ownerId as string,
      what: 'for this account, across all its keys and sessions',
    },
  ];
  app.use(
    '/v1',
    authenticate(identify, deps.authFailures),
    ...limits.map(({ limiter, bucketOf, what }) => rateLimit(limiter, bucketOf, what)),
  );
  app.use(session.authenticated);
  app.use(profileRoutes(deps.pool, deps.loginGuard));
  app.use(taskRoutes(deps.scheduler, (req, res, tasks) => chargeTasks(limits, req, res, tasks)));
  app.use(
    eventStreamRoutes(
      deps.scheduler,
      identify,
      deps.streams,
      { heartbeatMs: deps.heartbeatMs, waitMs: 25_000 },
      deps.log,
    ),
  );
  app.use(reminderRoutes(deps.pool, deps.scheduler));
  app.use(scheduleRoutes(deps.scheduler));
  app.use(reportRoutes(deps.scheduler));
  app.use(signingKeyRoutes(deps.scheduler));
  app.use(statsRoutes(deps.scheduler));
  app.use(apiKeyRoutes(deps.pool, deps.verifier, deps.maxApiKeys));
  if (deps.devOutboxUrl) app.use(devCatcherRoutes(deps.scheduler, deps.devOutboxUrl));
  app.use(notFoundRoute);
  app.use(
    errorHandler(
      deps.log,
      unavailableWhen(isDatabaseUnavailable, 'the database'),
      badInputWhen(isDataException, 'the database'),
    ),
  );
  return app;
}
