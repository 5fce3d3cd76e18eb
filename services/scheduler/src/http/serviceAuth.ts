import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpError } from '@later/runtime';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Only holders of the shared service token may call the internal API. */
export function requireServiceToken(token: string): RequestHandler {
  const expected = digest(token);
  return (req, _res, next) => {
    const header = req.headers.authorization ?? '';
    const presented = header.startsWith('Bearer ') ? header.slice(7) : '';
    // Comparing digests keeps the comparison constant-time whatever the presented length.
    if (presented !== '' && timingSafeEqual(digest(presented), expected)) return next();
    next(new HttpError(401, 'missing or invalid service token'));
  };
}
