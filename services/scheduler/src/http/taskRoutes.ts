import express, { type Router } from 'express';
import { HttpError, parseOr400 } from '@later/runtime';
import { getAttempts, getTask, listTasks } from '@later/store';
import { BulkCreateRequest, CreateTaskRequest, ListTasksQuery, OwnerId, TaskId } from '@later/types';
import { cancelTask } from '../tasks/cancelTask.js';
import { createTasks, type TaskDeps } from '../tasks/createTasks.js';
import { decodeCursor, encodeCursor, taskDetail, taskSummary } from '../tasks/taskView.js';

const ownerOf = (params: Record<string, string>) => parseOr400(OwnerId, params.ownerId, 'ownerId');
const taskIdOf = (params: Record<string, string>) => parseOr400(TaskId, params.id, 'id');

export function taskRoutes(deps: TaskDeps): Router {
  const router = express.Router();
  const single = express.json({ limit: '1mb' });
  const bulk = express.json({ limit: '16mb' });

  router.post('/internal/v1/owners/:ownerId/tasks', single, async (req, res) => {
    const ownerId = ownerOf(req.params);
    const request = parseOr400(CreateTaskRequest, req.body);
    const [created] = await createTasks(deps, ownerId, [request]);
    res.status(201).json(created);
  });

  router.post('/internal/v1/owners/:ownerId/tasks/bulk', bulk, async (req, res) => {
    const ownerId = ownerOf(req.params);
    const { tasks } = parseOr400(BulkCreateRequest, req.body);
    res.status(201).json({ tasks: await createTasks(deps, ownerId, tasks, (i) => `tasks.${i}.`) });
  });

  router.get('/internal/v1/owners/:ownerId/tasks', async (req, res) => {
    const ownerId = ownerOf(req.params);
    const query = parseOr400(ListTasksQuery, req.query);
    const beforeId = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (beforeId === null) throw new HttpError(400, 'invalid cursor', [{ path: 'cursor', message: 'is not a cursor from this API' }]);
    const rows = await listTasks(deps.pool, ownerId, { status: query.status, beforeId, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    res.json({
      tasks: page.map(taskSummary),
      nextCursor: rows.length > query.limit ? encodeCursor(page.at(-1)!.id) : null,
    });
  });

  router.get('/internal/v1/owners/:ownerId/tasks/:id', async (req, res) => {
    const ownerId = ownerOf(req.params);
    const id = taskIdOf(req.params);
    const row = await getTask(deps.pool, ownerId, id);
    if (!row) throw new HttpError(404, `no task ${id}`);
    res.json(taskDetail(row, await getAttempts(deps.pool, id)));
  });

  router.delete('/internal/v1/owners/:ownerId/tasks/:id', async (req, res) => {
    res.json(await cancelTask(deps, ownerOf(req.params), taskIdOf(req.params)));
  });

  return router;
}
