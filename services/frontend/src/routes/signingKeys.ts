import express, { type Router } from 'express';
import type { SchedulerClient } from '../schedulerClient.js';

/** The caller's webhook signing keys, owned by the scheduler (which shares them with senders). */
export function signingKeyRoutes(scheduler: SchedulerClient): Router {
  const router = express.Router();
  const path = (res: express.Response) => ({ params: { path: { ownerId: res.locals.ownerId as string } } });

  router.get('/v1/signing-keys', async (_req, res) => {
    await scheduler.forward(res, (api) => api.GET('/internal/v1/owners/{ownerId}/signing-keys', path(res)));
  });
  router.post('/v1/signing-keys/rotate', async (_req, res) => {
    await scheduler.forward(res, (api) => api.POST('/internal/v1/owners/{ownerId}/signing-keys/rotate', path(res)));
  });
  router.post('/v1/signing-keys/promote', async (_req, res) => {
    await scheduler.forward(res, (api) => api.POST('/internal/v1/owners/{ownerId}/signing-keys/promote', path(res)));
  });
  return router;
}
