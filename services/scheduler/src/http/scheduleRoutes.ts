import express, { type Router } from 'express';
import { HttpError, jsonBody, parseOr400 } from '@later/runtime';
import { getSchedule, listSchedules } from '@later/store';
import { CreateScheduleRequest, ListSchedulesQuery, ScheduleId, SchedulePreviewRequest } from '@later/types';
import { previewRuns } from '../schedules/schedulePreview.js';
import type { ScheduleService } from '../schedules/scheduleService.js';
import { scheduleView } from '../schedules/scheduleView.js';
import type { TaskDeps } from '../tasks/taskDeps.js';
import { beforeIdOf, page } from './paging.js';
import { ownerOf } from './taskRoutes.js';

const scheduleIdOf = (params: Record<string, string>) => parseOr400(ScheduleId, params.id, 'id');

export function scheduleRoutes(deps: TaskDeps, schedules: ScheduleService): Router {
  const router = express.Router();
  const base = '/internal/v1/owners/:ownerId/schedules';

  router.post(base, jsonBody('1mb'), async (req, res) => {
    const ownerId = ownerOf(req.params);
    const { row, created } = await schedules.upsert(ownerId, parseOr400(CreateScheduleRequest, req.body));
    res.status(created ? 201 : 200).json(scheduleView(row));
  });

  router.post('/internal/v1/schedules/preview', jsonBody('16kb'), (req, res) => {
    res.json(previewRuns(parseOr400(SchedulePreviewRequest, req.body), deps.clock.now()));
  });

  router.get(base, async (req, res) => {
    const ownerId = ownerOf(req.params);
    const query = parseOr400(ListSchedulesQuery, req.query);
    const rows = await listSchedules(deps.pool, ownerId, {
      beforeId: beforeIdOf(query.cursor),
      limit: query.limit + 1,
    });
    const { items, nextCursor } = page(rows, query.limit, scheduleView);
    res.json({ schedules: items, nextCursor });
  });

  router.get(`${base}/:id`, async (req, res) => {
    const id = scheduleIdOf(req.params);
    const row = await getSchedule(deps.pool, ownerOf(req.params), id);
    if (!row) throw new HttpError(404, `no schedule ${id}`);
    res.json(scheduleView(row));
  });

  router.put(`${base}/:id`, jsonBody('1mb'), async (req, res) => {
    const id = scheduleIdOf(req.params);
    res.json(
      scheduleView(await schedules.replace(ownerOf(req.params), id, parseOr400(CreateScheduleRequest, req.body))),
    );
  });

  router.delete(`${base}/:id`, async (req, res) => {
    res.json(scheduleView(await schedules.end(ownerOf(req.params), scheduleIdOf(req.params))));
  });

  router.post(`${base}/:id/pause`, async (req, res) => {
    res.json(scheduleView(await schedules.pause(ownerOf(req.params), scheduleIdOf(req.params))));
  });

  router.post(`${base}/:id/resume`, async (req, res) => {
    res.json(scheduleView(await schedules.resume(ownerOf(req.params), scheduleIdOf(req.params))));
  });

  return router;
}
