import express, { type Router } from 'express';
import { parseOr400 } from '@later/runtime';
import {
  eventIdOf,
  readTaskEvents,
  type DestinationEventRow,
  type EventPosition,
  type Pool,
  type TaskEventRow,
} from '@later/store';
import { ReadEventsQuery, type DestinationEvent, type TaskEvent } from '@later/types';
import type { EventWaiters } from '../events/eventWaiters.js';
import { ownerOf } from './taskRoutes.js';

/** An event id (validated by the schema) as a position in the log. */
function positionOf(id: string): EventPosition {
  const [xid, seq] = id.split('-') as [string, string];
  return { xid, seq };
}

/** How an event is shown: the data of one SSE message. */
export function taskEventView(row: TaskEventRow): TaskEvent {
  return {
    id: row.id,
    taskId: row.taskId,
    status: row.status,
    attempt: row.attempt,
    at: row.at.toISOString(),
    ...(row.outcome !== null ? { outcome: row.outcome as TaskEvent['outcome'] } : {}),
    ...(row.httpStatus !== null ? { httpStatus: row.httpStatus } : {}),
    ...(row.error !== null ? { error: row.error } : {}),
    ...(row.scheduleId !== null ? { scheduleId: row.scheduleId } : {}),
  };
}

/** How a destination's event is shown: the data of one `event: destination` SSE message. */
export function destinationEventView(row: DestinationEventRow): DestinationEvent {
  return {
    id: row.id,
    type: row.type,
    url: row.url,
    at: row.at.toISOString(),
    ...(row.error !== null ? { error: row.error } : {}),
  };
}

/** The owner's task events, as a long poll: the frontend's `GET /v1/events` streams from it. */
export function eventRoutes(pool: Pool, waiters: EventWaiters): Router {
  const router = express.Router();

  router.get('/internal/v1/owners/:ownerId/events', async (req, res) => {
    const ownerId = ownerOf(req.params);
    const query = parseOr400(ReadEventsQuery, req.query);
    const after = query.after === undefined ? null : positionOf(query.after);
    const deadline = Date.now() + query.waitMs;
    // The caller hanging up ends the wait.
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    for (;;) {
      const waiter = query.waitMs > 0 && after !== null ? waiters.register(ownerId, gone.signal) : null;
      try {
        const page = await readTaskEvents(pool, ownerId, after, query.limit);
        const remaining = deadline - Date.now();
        if (page.events.length > 0 || !waiter || remaining <= 0 || gone.signal.aborted || waiters.stopping) {
          res.json({
            events: page.events.map((e) => (e.taskId === null ? destinationEventView(e) : taskEventView(e))),
            cursor: eventIdOf(page.position),
          });
          return;
        }
        await waiter.until(remaining);
      } finally {
        waiter?.cancel();
      }
    }
  });

  return router;
}
