import express, { type Router } from 'express';
import { HttpError, parseOr400, type Logger } from '@later/runtime';
import { EventId, StreamEventsQuery, type DestinationEvent, type TaskEvent } from '@later/types';
import type { IdentifyCaller } from '../auth/authenticate.js';
import type { SchedulerClient } from '../schedulerClient.js';

export interface EventStreamOptions {
  /** A comment line this often keeps proxies from closing an idle stream; the caller's key or session is checked again then too. */
  heartbeatMs: number;
  /** How long one long poll of the scheduler waits for events. */
  waitMs: number;
}

/** One SSE message per event: its id (to resume from), its type, and the event as JSON (never a raw newline). */
export const sseMessage = (event: TaskEvent | DestinationEvent): string =>
  `id: ${event.id}\nevent: ${'url' in event ? 'destination' : 'task'}\ndata: ${JSON.stringify(event)}\n\n`;

/**
 * The event streams open now on this replica, so shutdown can end them (they never end by
 * themselves), counted per account so one account cannot hold them by the thousand.
 */
export class OpenStreams {
  private readonly ends = new Set<() => void>();
  private readonly perOwner = new Map<string, number>();

  constructor(private readonly maxPerOwner = Infinity) {}

  /** Counts a stream of `ownerId` until the returned function is called; a 409 when the owner has the most allowed open. */
  add(ownerId: string, end: () => void): () => void {
    const open = this.perOwner.get(ownerId) ?? 0;
    if (open >= this.maxPerOwner) {
      throw new HttpError(
        409,
        `this account already has ${this.maxPerOwner} open event streams, the most it may hold: close one first`,
      );
    }
    this.perOwner.set(ownerId, open + 1);
    this.ends.add(end);
    let forgotten = false;
    return () => {
      if (forgotten) return;
      forgotten = true;
      this.ends.delete(end);
      const left = this.perOwner.get(ownerId)! - 1;
      if (left === 0) this.perOwner.delete(ownerId);
      else this.perOwner.set(ownerId, left);
    };
  }

  endAll(): void {
    for (const end of this.ends) end();
  }
}

const eventsPath = '/internal/v1/owners/{ownerId}/events';

/**
 * `GET /v1/events`: the caller's task events as Server-Sent Events. The frontend keeps no events
 * and reads no scheduler table: it long-polls the scheduler's internal API (which any replica
 * answers from the Postgres event log) and writes each event it gets, keeping the cursor.
 */
export function eventStreamRoutes(
  scheduler: SchedulerClient,
  identify: IdentifyCaller,
  streams: OpenStreams,
  options: EventStreamOptions,
  log: Logger,
): Router {
  const router = express.Router();

  router.get('/v1/events', async (req, res) => {
    const query = parseOr400(StreamEventsQuery, req.query);
    const header = req.header('last-event-id');
    // A browser's EventSource sends Last-Event-ID on its own reconnects, with the URL (and its
    // ?after=) it first opened: the header is the newer of the two.
    const resumeAfter = header ? parseOr400(EventId, header, 'Last-Event-ID') : query.after;
    const ownerId = res.locals.ownerId as string;
    const poll = (after: string | undefined, waitMs: number, signal?: AbortSignal) =>
      scheduler.request((api) =>
        api.GET(eventsPath, { params: { path: { ownerId }, query: { after, waitMs, limit: 500 } }, signal }),
      );
    const closed = new AbortController();
    const end = () => {
      closed.abort();
      if (!res.writableEnded) res.end();
    };
    res.on('close', () => closed.abort());
    // Counted from before the first poll, so streams opened at once cannot all slip under the limit.
    const forget = streams.add(ownerId, end);
    let cursor: string;
    try {
      // Asked before the 200, so a scheduler that cannot answer is a 503 rather than a dead stream.
      cursor = resumeAfter ?? (await poll(undefined, 0)).cursor;
    } catch (err) {
      forget();
      throw err;
    }
    if (closed.signal.aborted) return forget();

    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx would otherwise buffer the stream.
      'x-accel-buffering': 'no',
    });
    // An id without data is no event, but browsers keep it as the last event id: a reconnect
    // before the first event then resumes from here instead of from its own present.
    res.write(resumeAfter === undefined ? `id: ${cursor}\n\n` : ': resuming\n\n');

    const heartbeat = setInterval(() => {
      identify(req).then(
        (caller) => (caller.ownerId === ownerId ? res.write(': keep-alive\n\n') : end()),
        (err: unknown) => (err instanceof HttpError && err.status === 401 ? end() : res.write(': keep-alive\n\n')),
      );
    }, options.heartbeatMs);
    try {
      while (!closed.signal.aborted) {
        try {
          const page = await poll(cursor, options.waitMs, closed.signal);
          for (const event of page.events) res.write(sseMessage(event));
          cursor = page.cursor;
        } catch (err) {
          if (closed.signal.aborted) break;
          log.warn({ err }, 'reading task events from the scheduler failed; trying again');
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      }
    } finally {
      clearInterval(heartbeat);
      forget();
      end();
    }
  });

  return router;
}
