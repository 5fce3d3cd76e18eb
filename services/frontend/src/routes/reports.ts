import express, { type Router } from 'express';
import { jsonBody, parseOr400 } from '@later/runtime';
import { EnableDestinationRequest, ErrorReportQuery } from '@later/types';
import type { SchedulerClient } from '../schedulerClient.js';

/** The error report and the destinations disabled by failing: checked here, answered by the scheduler, which owns attempts. */
export function reportRoutes(scheduler: SchedulerClient): Router {
  const router = express.Router();

  router.get('/v1/reports/errors', async (req, res) => {
    const query = parseOr400(ErrorReportQuery, req.query);
    const ownerId = res.locals.ownerId as string;
    await scheduler.forward(res, (api) =>
      api.GET('/internal/v1/owners/{ownerId}/reports/errors', { params: { path: { ownerId }, query } }),
    );
  });

  router.get('/v1/destinations/disabled', async (_req, res) => {
    const ownerId = res.locals.ownerId as string;
    await scheduler.forward(res, (api) =>
      api.GET('/internal/v1/owners/{ownerId}/destinations/disabled', { params: { path: { ownerId } } }),
    );
  });

  router.post('/v1/destinations/enable', jsonBody('16kb'), async (req, res) => {
    const body = parseOr400(EnableDestinationRequest, req.body);
    const ownerId = res.locals.ownerId as string;
    await scheduler.forward(res, (api) =>
      api.POST('/internal/v1/owners/{ownerId}/destinations/enable', { params: { path: { ownerId } }, body }),
    );
  });

  return router;
}
