import express, { type Router } from 'express';
import { HttpError, parseOr400 } from '@later/runtime';
import { createUserWithKey, type Pool } from '@later/store';
import { SignupRequest } from '@later/types';
import { issueApiKey } from '../auth/apiKeys.js';
import { hashSecret } from '../auth/secretHash.js';

export function signupRoutes(pool: Pool): Router {
  const router = express.Router();
  router.post('/v1/signup', express.json({ limit: '16kb' }), async (req, res) => {
    const { email, password } = parseOr400(SignupRequest, req.body);
    const [passwordHash, key] = await Promise.all([hashSecret(password), issueApiKey()]);
    const created = await createUserWithKey(
      pool,
      { email, passwordHash },
      { name: 'default', prefix: key.prefix, secretHash: key.secretHash },
    );
    if (!created) throw new HttpError(409, 'this email already has an account', [{ path: 'email', message: 'is taken' }]);
    res.status(201).json({ userId: created.userId, apiKey: key.key });
  });
  return router;
}
