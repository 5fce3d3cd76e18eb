import express, { type Router } from 'express';
import { HttpError, jsonBody, parseOr400 } from '@later/runtime';
import { followUpsOf, getAttempts, getTask, listTasks } from '@later/store';
import {
  BulkCreateRequest,
  CreateTaskRequest,
  IdempotencyKey,
  ListTasksQuery,
  OwnerId,
  ReplayTasksRequest,
  TaskId,
  UpdateTaskRequest,
} from '@later/types';
import { cancelTask } from '../tasks/cancelTask.js';
import { replayTask, updateTask } from '../tasks/changeTask.js';
import { CreateBatches } from '../tasks/createBatches.js';
import { createTasks } from '../tasks/createTasks.js';
import type { TaskDeps } from '../tasks/taskDeps.js';
import { replayTasks } from '../tasks/replayTasks.js';
import { taskDetail, taskSummary } from '../tasks/taskView.js';
import { beforeIdOf, page } from './paging.js';

export const ownerOf = (params: Record<string, string>) => parseOr400(OwnerId, params.ownerId, 'ownerId');
const idempotencyKeyOf = (req: express.Request) => {
  const header = req.header('idempotency-key');
  return header === undefined ? undefined : parseOr400(IdempotencyKey, header, 'Idempotency-Key');
};
const taskIdOf = (params: Record<string, string>) => parseOr400(TaskId, params.id, 'id');

export function taskRoutes(deps: TaskDeps): Router {
  const router = express.Router();
  const single = jsonBody('1mb');
  const bulk = jsonBody('16mb');
  const base = '/internal/v1/owners/:ownerId/tasks';
  const batches = new CreateBatches(deps);

  router.post(base, single, async (req, res) => {
    const ownerId = ownerOf(req.params);
    const idempotencyKey = idempotencyKeyOf(req);
    const request = parseOr400(CreateTaskRequest, req.body);
    const { tasks, repeated } = await createTasks(deps, ownerId, [request], { idempotencyKey, batches });
    res.status(repeated ? 200 : 201).json(tasks[0]);
  });

  router.post(`${base}/bulk`, bulk, async (req, res) => {
    const ownerId = ownerOf(req.params);
    const idempotencyKey = idempotencyKeyOf(req);
    const { tasks } = parseOr400(BulkCreateRequest, req.body);
    const result = await createTasks(deps, ownerId, tasks, {
      fieldPrefix: (i) => `tasks.${i}.`,
      idempotencyKey,
      batch: true,
      batches,
    });
    res.status(result.repeated ? 200 : 201).json({ tasks: result.tasks });
  });

  router.get(base, async (req, res) => {
    const ownerId = ownerOf(req.params);
    const query = parseOr400(ListTasksQuery, req.query);
    const { cursor, limit, q, ...filters } = query;
    const rows = await listTasks(deps.pool, ownerId, {
      ...filters,
      search: q,
      beforeId: beforeIdOf(cursor),
      limit: limit + 1,
    });
    const { items, nextCursor } = page(rows, limit, taskSummary);
    res.json({ tasks: items, nextCursor });
  });

  router.post(`${base}/replay`, single, async (req, res) => {
    const ownerId = ownerOf(req.params);
    // The body is optional: without one, the defaults (dead tasks, 100 at most).
    res.json(await replayTasks(deps, ownerId, parseOr400(ReplayTasksRequest, req.body ?? {})));
  });

  router.get(`${base}/:id`, async (req, res) => {
    const ownerId = ownerOf(req.params);
    const id = taskIdOf(req.params);
    const row = await getTask(deps.pool, ownerId, id);
    if (!row) throw new HttpError(404, `no task ${id}`);
    const [attempts, followUps] = await Promise.all([getAttempts(deps.pool, id), followUpsOf(deps.pool, id)]);
    res.json(taskDetail(row, attempts, followUps));
  });

  router.patch(`${base}/:id`, single, async (req, res) => {
    const ownerId = ownerOf(req.params);
    const id = taskIdOf(req.params);
    res.json(await updateTask(deps, ownerId, id, parseOr400(UpdateTaskRequest, req.body)));
  });

  router.post(`${base}/:id/replay`, async (req, res) => {
    res.json(await replayTask(deps, ownerOf(req.params), taskIdOf(req.params)));
  });

  router.delete(`${base}/:id`, async (req, res) => {
    res.json(await cancelTask(deps, ownerOf(req.params), taskIdOf(req.params)));
  });

  return router;
}
