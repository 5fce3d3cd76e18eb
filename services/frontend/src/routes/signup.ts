import express, { type Router } from 'express';
import { HttpError, jsonBody, parseOr400 } from '@later/runtime';
import { createUserWithKey, type Pool } from '@later/store';
import { SignupRequest } from '@later/types';
import { issueApiKey } from '../auth/apiKeys.js';
import { hashSecret } from '../auth/secretHash.js';

/**
 * A new account's quiet hours, local times in its time zone: a reminder comes at a random moment
 * in its window, and without these that moment could be 3 a.m. Changed or cleared with PATCH /v1/me.
 */
export const defaultQuietHours = { start: '22:00', end: '08:00' };

export function signupRoutes(pool: Pool): Router {
  const router = express.Router();
  router.post('/v1/signup', jsonBody('16kb'), async (req, res) => {
    const { email, password } = parseOr400(SignupRequest, req.body);
    const passwordHash = await hashSecret(password);
    const key = issueApiKey();
    const created = await createUserWithKey(
      pool,
      { email, passwordHash, quietHours: defaultQuietHours },
      { name: 'default', prefix: key.prefix, secretDigest: key.secretDigest },
    );
    if (!created)
      throw new HttpError(409, 'this email already has an account', [{ path: 'email', message: 'is taken' }]);
    res.status(201).json({ userId: created.userId, apiKey: key.key });
  });
  return router;
}
