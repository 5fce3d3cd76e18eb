import express, { type Express } from 'express';
import { errorHandler, healthRoutes, notFoundRoute, type Logger, type Readiness } from '@later/runtime';
import type { TaskDeps } from '../tasks/createTasks.js';
import { requireServiceToken } from './serviceAuth.js';
import { taskRoutes } from './taskRoutes.js';

export function createApp(deps: TaskDeps & { log: Logger; readiness: () => Promise<Readiness> }): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(healthRoutes('scheduler', deps.readiness));
  app.use('/internal', requireServiceToken(deps.config.SCHEDULER_TOKEN));
  app.use(taskRoutes(deps));
  app.use(notFoundRoute);
  app.use(errorHandler(deps.log));
  return app;
}
