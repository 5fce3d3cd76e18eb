import express, { type Express } from 'express';
import { errorHandler, healthRoutes, notFoundRoute, unavailableWhen, type Logger, type Readiness } from '@later/runtime';
import { isDatabaseUnavailable, type Pool } from '@later/store';
import type { ApiKeyVerifier } from './auth/apiKeys.js';
import { requireApiKey } from './auth/requireApiKey.js';
import { scheduleRoutes } from './routes/schedules.js';
import { signupRoutes } from './routes/signup.js';
import { taskRoutes } from './routes/tasks.js';
import type { SchedulerClient } from './schedulerClient.js';

export interface FrontendDeps {
  pool: Pool;
  scheduler: SchedulerClient;
  verifier: ApiKeyVerifier;
  log: Logger;
  readiness: () => Promise<Readiness>;
}

export function createApp(deps: FrontendDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(healthRoutes('frontend', deps.readiness));
  app.use(signupRoutes(deps.pool));
  app.use('/v1', requireApiKey(deps.verifier));
  app.use(taskRoutes(deps.scheduler));
  app.use(scheduleRoutes(deps.scheduler));
  app.use(notFoundRoute);
  app.use(errorHandler(deps.log, unavailableWhen(isDatabaseUnavailable, 'the database')));
  return app;
}
