import type { IncomingMessage } from 'node:http';
import express, { type Request } from 'express';
import { HttpError } from './httpErrors.js';

/** Whether the request carries at least one byte of body (a chunked one is assumed to). */
function hasNonEmptyBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(req.headers['content-length']);
  return Number.isFinite(length) && length > 0;
}

function bodyError(status: number, message: string): HttpError {
  return new HttpError(status, message, [{ path: '(body)', message }]);
}

/**
 * The body parser of every route that takes JSON. A body of another type (a form, say, curl's
 * default) is refused with 415 rather than skipped: skipped, it read as no body at all, and a
 * route whose body is optional (replaying tasks by filter) ran without the caller's filters.
 * A request with no body, or an empty one, still reaches the route with `req.body` undefined.
 */
export function jsonBody(limit: string): ReturnType<typeof express.json> {
  const parse = express.json({ limit });
  // Typed like express.json, so that the route's own handler still infers its params from the path.
  return (req, res, next) => {
    if (hasNonEmptyBody(req) && !(req as Request).is('application/json')) {
      const given = req.headers['content-type'];
      next(
        bodyError(
          415,
          `send the request body as application/json${given ? `, not ${given.split(';')[0]}` : ' (no Content-Type was given)'}`,
        ),
      );
      return;
    }
    parse(req, res, (err?: unknown) => {
      // body-parser passes on a decompression failure (a body that is not the gzip, deflate or br
      // its Content-Encoding says) without the `type` it gives its other errors.
      if (
        err instanceof Error &&
        (err as { type?: unknown }).type === undefined &&
        (err as { status?: unknown }).status === 400
      ) {
        next(bodyError(400, `the request body is not valid ${req.headers['content-encoding'] ?? 'encoded'} data`));
        return;
      }
      next(err);
    });
  };
}
