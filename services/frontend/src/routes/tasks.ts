import express, { type Router } from 'express';
import { parseOr400 } from '@later/runtime';
import { CreateTaskRequest, ListTasksQuery, TaskId } from '@later/types';
import type { SchedulerClient } from '../schedulerClient.js';

/**
 * The public task API. Input is validated here with the same schemas the scheduler uses, so a
 * bad request is answered without a round trip; the scheduler owns everything else.
 */
export function taskRoutes(scheduler: SchedulerClient): Router {
  const router = express.Router();
  const tasksPath = '/internal/v1/owners/{ownerId}/tasks';
  const taskPath = '/internal/v1/owners/{ownerId}/tasks/{id}';

  router.post('/v1/tasks', express.json({ limit: '1mb' }), async (req, res) => {
    const body = parseOr400(CreateTaskRequest, req.body);
    const ownerId = res.locals.ownerId as string;
    const created = await scheduler.request((api) => api.POST(tasksPath, { params: { path: { ownerId } }, body }));
    res.status(201).json(created);
  });

  router.get('/v1/tasks', async (req, res) => {
    const query = parseOr400(ListTasksQuery, req.query);
    const ownerId = res.locals.ownerId as string;
    res.json(await scheduler.request((api) => api.GET(tasksPath, { params: { path: { ownerId }, query } })));
  });

  router.get('/v1/tasks/:id', async (req, res) => {
    const id = parseOr400(TaskId, req.params.id, 'id');
    const ownerId = res.locals.ownerId as string;
    res.json(await scheduler.request((api) => api.GET(taskPath, { params: { path: { ownerId, id } } })));
  });

  router.delete('/v1/tasks/:id', async (req, res) => {
    const id = parseOr400(TaskId, req.params.id, 'id');
    const ownerId = res.locals.ownerId as string;
    res.json(await scheduler.request((api) => api.DELETE(taskPath, { params: { path: { ownerId, id } } })));
  });

  return router;
}
