import express, { type Router } from 'express';
import { jsonBody, parseOr400 } from '@later/runtime';
import {
  BulkCreateRequest,
  CreateTaskRequest,
  ListTasksQuery,
  ReplayTasksRequest,
  TaskId,
  UpdateTaskRequest,
} from '@later/types';
import type { SchedulerClient } from '../schedulerClient.js';
import { idempotencyHeader } from './idempotencyKey.js';

/** Charges the caller's rate limits for a batch of `tasks` tasks, or throws their 429. */
export type ChargeTasks = (req: express.Request, res: express.Response, tasks: number) => void;

/**
 * The public task API. Input is validated here with the same schemas the scheduler uses, so a
 * bad request is answered without a round trip; the scheduler owns everything else.
 */
export function taskRoutes(scheduler: SchedulerClient, chargeTasks: ChargeTasks): Router {
  const router = express.Router();
  const tasksPath = '/internal/v1/owners/{ownerId}/tasks';
  const taskPath = '/internal/v1/owners/{ownerId}/tasks/{id}';
  const owner = (res: express.Response) => res.locals.ownerId as string;
  const idOf = (req: express.Request) => parseOr400(TaskId, req.params.id, 'id');

  router.post('/v1/tasks', jsonBody('1mb'), async (req, res) => {
    const header = idempotencyHeader(req);
    const body = parseOr400(CreateTaskRequest, req.body);
    await scheduler.forward(res, (api) =>
      api.POST(tasksPath, { params: { path: { ownerId: owner(res) }, header }, body }),
    );
  });

  // 1,000 tasks of a few hundred bytes each fit in well under 1 MB; 16 MB leaves room for large
  // webhook bodies, as the scheduler's internal bulk route does.
  router.post('/v1/tasks/batch', jsonBody('16mb'), async (req, res) => {
    const header = idempotencyHeader(req);
    const body = parseOr400(BulkCreateRequest, req.body);
    chargeTasks(req, res, body.tasks.length);
    await scheduler.forward(res, (api) =>
      api.POST(`${tasksPath}/bulk`, { params: { path: { ownerId: owner(res) }, header }, body }),
    );
  });

  router.get('/v1/tasks', async (req, res) => {
    const query = parseOr400(ListTasksQuery, req.query);
    await scheduler.forward(res, (api) => api.GET(tasksPath, { params: { path: { ownerId: owner(res) }, query } }));
  });

  router.post('/v1/tasks/replay', jsonBody('1mb'), async (req, res) => {
    // The body is optional: without one, the defaults (dead tasks, 100 at most).
    const body = parseOr400(ReplayTasksRequest, req.body ?? {});
    await scheduler.forward(res, (api) =>
      api.POST(`${tasksPath}/replay`, { params: { path: { ownerId: owner(res) } }, body }),
    );
  });

  router.get('/v1/tasks/:id', async (req, res) => {
    const id = idOf(req);
    await scheduler.forward(res, (api) => api.GET(taskPath, { params: { path: { ownerId: owner(res), id } } }));
  });

  router.patch('/v1/tasks/:id', jsonBody('1mb'), async (req, res) => {
    const id = idOf(req);
    const body = parseOr400(UpdateTaskRequest, req.body);
    await scheduler.forward(res, (api) => api.PATCH(taskPath, { params: { path: { ownerId: owner(res), id } }, body }));
  });

  router.post('/v1/tasks/:id/replay', async (req, res) => {
    const id = idOf(req);
    await scheduler.forward(res, (api) =>
      api.POST('/internal/v1/owners/{ownerId}/tasks/{id}/replay', { params: { path: { ownerId: owner(res), id } } }),
    );
  });

  router.delete('/v1/tasks/:id', async (req, res) => {
    const id = idOf(req);
    await scheduler.forward(res, (api) => api.DELETE(taskPath, { params: { path: { ownerId: owner(res), id } } }));
  });

  return router;
}
