import express, { type Router } from 'express';
import { jsonBody, parseOr400 } from '@later/runtime';
import { CreateScheduleRequest, ListSchedulesQuery, ScheduleId, SchedulePreviewRequest } from '@later/types';
import type { SchedulerClient } from '../schedulerClient.js';

/** The public schedule API: validated here, owned by the scheduler. */
export function scheduleRoutes(scheduler: SchedulerClient): Router {
  const router = express.Router();
  const owner = (res: express.Response) => res.locals.ownerId as string;
  const idOf = (req: express.Request) => parseOr400(ScheduleId, req.params.id, 'id');
  const path = { params: (res: express.Response, id: string) => ({ params: { path: { ownerId: owner(res), id } } }) };

  router.post('/v1/schedules', jsonBody('1mb'), async (req, res) => {
    const body = parseOr400(CreateScheduleRequest, req.body);
    await scheduler.forward(res, (api) =>
      api.POST('/internal/v1/owners/{ownerId}/schedules', { params: { path: { ownerId: owner(res) } }, body }),
    );
  });

  // Registered before /v1/schedules/:id routes, so "preview" is never read as an id.
  router.post('/v1/schedules/preview', jsonBody('16kb'), async (req, res) => {
    const body = parseOr400(SchedulePreviewRequest, req.body);
    await scheduler.forward(res, (api) => api.POST('/internal/v1/schedules/preview', { body }));
  });

  router.get('/v1/schedules', async (req, res) => {
    const query = parseOr400(ListSchedulesQuery, req.query);
    await scheduler.forward(res, (api) =>
      api.GET('/internal/v1/owners/{ownerId}/schedules', { params: { path: { ownerId: owner(res) }, query } }),
    );
  });

  router.get('/v1/schedules/:id', async (req, res) => {
    const id = idOf(req);
    await scheduler.forward(res, (api) =>
      api.GET('/internal/v1/owners/{ownerId}/schedules/{id}', path.params(res, id)),
    );
  });

  router.put('/v1/schedules/:id', jsonBody('1mb'), async (req, res) => {
    const id = idOf(req);
    const body = parseOr400(CreateScheduleRequest, req.body);
    await scheduler.forward(res, (api) =>
      api.PUT('/internal/v1/owners/{ownerId}/schedules/{id}', { ...path.params(res, id), body }),
    );
  });

  router.delete('/v1/schedules/:id', async (req, res) => {
    const id = idOf(req);
    await scheduler.forward(res, (api) =>
      api.DELETE('/internal/v1/owners/{ownerId}/schedules/{id}', path.params(res, id)),
    );
  });

  router.post('/v1/schedules/:id/pause', async (req, res) => {
    const id = idOf(req);
    await scheduler.forward(res, (api) =>
      api.POST('/internal/v1/owners/{ownerId}/schedules/{id}/pause', path.params(res, id)),
    );
  });

  router.post('/v1/schedules/:id/resume', async (req, res) => {
    const id = idOf(req);
    await scheduler.forward(res, (api) =>
      api.POST('/internal/v1/owners/{ownerId}/schedules/{id}/resume', path.params(res, id)),
    );
  });

  return router;
}
