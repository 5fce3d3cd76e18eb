import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { HttpError } from '@later/runtime';
import { addressBucket } from './addressBucket.js';
import type { ApiKeyVerifier } from './apiKeys.js';
import { readCookie, sessionCookieName } from './cookies.js';
import { tooManyRequests, type KeyRateLimiter } from './rateLimit.js';
import type { SessionStore } from './sessions.js';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Who is calling, by an API key or a web session. */
export type Caller =
  | { kind: 'key'; ownerId: string; keyId: string }
  | { kind: 'session'; ownerId: string; sessionId: string; csrfToken: string };

/** Finds the caller of a request, or throws 401; long-lived answers (event streams) ask again. */
export type IdentifyCaller = (req: Request) => Promise<Caller>;

export function callerIdentifier(verifier: ApiKeyVerifier, sessions: SessionStore): IdentifyCaller {
  return async (req) => {
    const header = req.headers.authorization ?? '';
    if (header.startsWith('Bearer ')) {
      const owner = await verifier.verify(header.slice(7).trim());
      if (!owner) throw new HttpError(401, 'invalid or revoked API key');
      return { kind: 'key', ownerId: owner.userId, keyId: owner.keyId };
    }
    const token = readCookie(req, sessionCookieName);
    if (!token) throw new HttpError(401, 'missing API key: send Authorization: Bearer <apiKey>, or log in');
    const session = await sessions.find(token);
    if (!session) throw new HttpError(401, 'the session has ended: log in again');
    return { kind: 'session', ownerId: session.userId, sessionId: session.id, csrfToken: session.csrfToken };
  };
}

/**
 * Who is calling: a program with `Authorization: Bearer <apiKey>`, or the web UI with its session
 * cookie. A cookie is sent by the browser whatever page asks, so with a cookie every change must
 * also carry the session's CSRF token in `X-CSRF-Token`, which another site cannot read.
 * Sets res.locals.ownerId, and res.locals.callerId (what rate limits count by).
 *
 * A key or session cookie that is refused (401) takes a token from the client address's
 * `failures` bucket, and an address whose bucket is empty is answered 429 before the credentials
 * it brings are looked at: guessing keys or session tokens costs the guesser time, and the
 * frontend next to nothing. A request bringing no credentials (the web UI asking whether it is
 * logged in) is a plain 401 and counts for nothing.
 */
export function authenticate(identify: IdentifyCaller, failures: KeyRateLimiter): RequestHandler {
  return async (req, res, next) => {
    const address = addressBucket(req.ip);
    const presented = req.headers.authorization !== undefined || readCookie(req, sessionCookieName) !== undefined;
    const waitSeconds = presented ? failures.peek(address) : 0;
    if (waitSeconds > 0) return next(tooManyRequests('with refused credentials from this address', waitSeconds));
    let caller: Caller;
    try {
      caller = await identify(req);
    } catch (err) {
      if (presented && err instanceof HttpError && err.status === 401) failures.take(address);
      return next(err);
    }
    res.locals.ownerId = caller.ownerId;
    if (caller.kind === 'key') {
      res.locals.keyId = caller.keyId;
      res.locals.callerId = `key:${caller.keyId}`;
      return next();
    }
    if (!safeMethods.has(req.method) && !sameToken(req.header('x-csrf-token') ?? '', caller.csrfToken)) {
      return next(
        new HttpError(403, 'missing or wrong X-CSRF-Token', [
          { path: 'X-CSRF-Token', message: 'must be the token of this session' },
        ]),
      );
    }
    res.locals.sessionId = caller.sessionId;
    res.locals.csrfToken = caller.csrfToken;
    res.locals.callerId = `session:${caller.sessionId}`;
    next();
  };
}
