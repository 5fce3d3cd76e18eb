import express, { type Router } from 'express';
import type { SchedulerClient } from '../schedulerClient.js';

/** The dashboard's figures, owned by the scheduler. */
export function statsRoutes(scheduler: SchedulerClient): Router {
  const router = express.Router();
  router.get('/v1/stats', async (_req, res) => {
    const ownerId = res.locals.ownerId as string;
    await scheduler.forward(res, (api) =>
      api.GET('/internal/v1/owners/{ownerId}/stats', { params: { path: { ownerId } } }),
    );
  });
  return router;
}
