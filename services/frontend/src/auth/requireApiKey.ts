import type { RequestHandler } from 'express';
import { HttpError } from '@later/runtime';
import type { ApiKeyVerifier } from './apiKeys.js';

/** Puts the caller's user id in `res.locals.ownerId`, or answers 401. */
export function requireApiKey(verifier: ApiKeyVerifier): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers.authorization ?? '';
    const key = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (key === '') return next(new HttpError(401, 'missing API key: send Authorization: Bearer <apiKey>'));
    const owner = await verifier.verify(key);
    if (!owner) return next(new HttpError(401, 'invalid or revoked API key'));
    res.locals.ownerId = owner.userId;
    res.locals.keyId = owner.keyId;
    next();
  };
}
