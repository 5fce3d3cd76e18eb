import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpError } from '@later/runtime';
import type { ApiKeyVerifier } from './apiKeys.js';
import { readCookie, sessionCookieName } from './cookies.js';
import type { SessionStore } from './sessions.js';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Who is calling: a program with `Authorization: Bearer <apiKey>`, or the web UI with its session
 * cookie. A cookie is sent by the browser whatever page asks, so with a cookie every change must
 * also carry the session's CSRF token in `X-CSRF-Token`, which another site cannot read.
 * Sets res.locals.ownerId, and res.locals.callerId (what rate limits count by).
 */
export function authenticate(verifier: ApiKeyVerifier, sessions: SessionStore): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers.authorization ?? '';
    if (header.startsWith('Bearer ')) {
      const owner = await verifier.verify(header.slice(7).trim());
      if (!owner) return next(new HttpError(401, 'invalid or revoked API key'));
      res.locals.ownerId = owner.userId;
      res.locals.keyId = owner.keyId;
      res.locals.callerId = `key:${owner.keyId}`;
      return next();
    }
    const token = readCookie(req, sessionCookieName);
    if (!token) return next(new HttpError(401, 'missing API key: send Authorization: Bearer <apiKey>, or log in'));
    const session = await sessions.find(token);
    if (!session) return next(new HttpError(401, 'the session has ended: log in again'));
    if (!safeMethods.has(req.method) && !sameToken(req.header('x-csrf-token') ?? '', session.csrfToken)) {
      return next(new HttpError(403, 'missing or wrong X-CSRF-Token', [{ path: 'X-CSRF-Token', message: 'must be the token of this session' }]));
    }
    res.locals.ownerId = session.userId;
    res.locals.sessionId = session.id;
    res.locals.csrfToken = session.csrfToken;
    res.locals.callerId = `session:${session.id}`;
    next();
  };
}
