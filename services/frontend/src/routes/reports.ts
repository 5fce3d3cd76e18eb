import express, { type Router } from 'express';
import { parseOr400 } from '@later/runtime';
import { ErrorReportQuery } from '@later/types';
import type { SchedulerClient } from '../schedulerClient.js';

/** `GET /v1/reports/errors`: checked here, answered by the scheduler, which owns attempts. */
export function reportRoutes(scheduler: SchedulerClient): Router {
  const router = express.Router();

  router.get('/v1/reports/errors', async (req, res) => {
    const query = parseOr400(ErrorReportQuery, req.query);
    const ownerId = res.locals.ownerId as string;
    await scheduler.forward(res, (api) => api.GET('/internal/v1/owners/{ownerId}/reports/errors', { params: { path: { ownerId }, query } }));
  });

  return router;
}
