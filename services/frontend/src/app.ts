import express, { type Express } from 'express';
import { errorHandler, healthRoutes, notFoundRoute, unavailableWhen, type Logger, type Readiness } from '@later/runtime';
import { isDatabaseUnavailable, type Pool } from '@later/store';
import type { ApiKeyVerifier } from './auth/apiKeys.js';
import { rateLimitByKey, type KeyRateLimiter } from './auth/rateLimit.js';
import { requireApiKey } from './auth/requireApiKey.js';
import { apiKeyRoutes } from './routes/apiKeys.js';
import { scheduleRoutes } from './routes/schedules.js';
import { signingKeyRoutes } from './routes/signingKeys.js';
import { signupRoutes } from './routes/signup.js';
import { taskRoutes } from './routes/tasks.js';
import type { SchedulerClient } from './schedulerClient.js';

export interface FrontendDeps {
  pool: Pool;
  scheduler: SchedulerClient;
  verifier: ApiKeyVerifier;
  limiter: KeyRateLimiter;
  log: Logger;
  readiness: () => Promise<Readiness>;
}

export function createApp(deps: FrontendDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(healthRoutes('frontend', deps.readiness));
  app.use(signupRoutes(deps.pool));
  app.use('/v1', requireApiKey(deps.verifier), rateLimitByKey(deps.limiter));
  app.use(taskRoutes(deps.scheduler));
  app.use(scheduleRoutes(deps.scheduler));
  app.use(signingKeyRoutes(deps.scheduler));
  app.use(apiKeyRoutes(deps.pool, deps.verifier));
  app.use(notFoundRoute);
  app.use(errorHandler(deps.log, unavailableWhen(isDatabaseUnavailable, 'the database')));
  return app;
}
