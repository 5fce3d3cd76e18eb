import express, { type Express } from 'express';
import { isRedisUnavailable } from '@later/queue';
import {
  badInputWhen,
  errorHandler,
  healthRoutes,
  metricsRoute,
  notFoundRoute,
  unavailableWhen,
  type Readiness,
} from '@later/runtime';
import { isDataException, isDatabaseUnavailable } from '@later/store';
import type { DestinationService } from '../destinations/destinationService.js';
import type { EventWaiters } from '../events/eventWaiters.js';
import type { ItemFailures } from '../loops/itemFailures.js';
import type { ScheduleService } from '../schedules/scheduleService.js';
import type { SigningService } from '../signing/signingService.js';
import type { TaskDeps } from '../tasks/taskDeps.js';
import { adminRoutes } from './adminRoutes.js';
import { eventRoutes } from './eventRoutes.js';
import { reportRoutes } from './reportRoutes.js';
import { scheduleRoutes } from './scheduleRoutes.js';
import { answerSchedulingErrors } from './schedulingErrorAnswer.js';
import { requireServiceToken } from './serviceAuth.js';
import { signingRoutes } from './signingRoutes.js';
import { statsRoutes } from './statsRoutes.js';
import { taskRoutes } from './taskRoutes.js';

export function createApp(
  deps: TaskDeps & {
    schedules: ScheduleService;
    signing: SigningService;
    destinations: DestinationService;
    waiters: EventWaiters;
    itemFailures: ItemFailures;
    readiness: () => Promise<Readiness>;
  },
): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(healthRoutes('scheduler', deps.readiness));
  app.use(metricsRoute(deps.metrics.registry));
  app.use('/internal', requireServiceToken(deps.config.SCHEDULER_TOKEN));
  app.use(taskRoutes(deps));
  app.use(scheduleRoutes(deps, deps.schedules));
  app.use(signingRoutes(deps.signing));
  app.use(statsRoutes(deps.pool, deps.scripts));
  app.use(eventRoutes(deps.pool, deps.waiters));
  app.use(reportRoutes(deps.pool, deps.clock, deps.destinations));
  app.use(adminRoutes(deps.pool, deps, deps.itemFailures));
  app.use(notFoundRoute);
  app.use(answerSchedulingErrors);
  app.use(
    errorHandler(
      deps.log,
      unavailableWhen(isDatabaseUnavailable, 'the database'),
      unavailableWhen(isRedisUnavailable, 'the queue'),
      badInputWhen(isDataException, 'the database'),
    ),
  );
  return app;
}
