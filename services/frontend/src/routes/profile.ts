import express, { type Router } from 'express';
import { HttpError, jsonBody, parseOr400 } from '@later/runtime';
import { getLogin, getProfile, revokeOtherSessions, setPasswordHash, updateProfile, type Pool } from '@later/store';
import { ChangePasswordRequest, UpdateProfileRequest } from '@later/types';
import type { LoginGuard } from '../auth/loginGuard.js';
import { hashSecret, verifySecret } from '../auth/secretHash.js';

/** The caller's profile (where reminders go, and when not) and password. */
export function profileRoutes(pool: Pool, guard: LoginGuard): Router {
  const router = express.Router();
  const owner = (res: express.Response) => res.locals.ownerId as string;

  router.get('/v1/me', async (_req, res) => {
    res.json(await getProfile(pool, owner(res)));
  });

  router.patch('/v1/me', jsonBody('16kb'), async (req, res) => {
    res.json(await updateProfile(pool, owner(res), parseOr400(UpdateProfileRequest, req.body)));
  });

  router.post('/v1/me/password', jsonBody('16kb'), async (req, res) => {
    const { currentPassword, newPassword } = parseOr400(ChangePasswordRequest, req.body);
    const login = await getLogin(pool, owner(res));
    // A stolen session must not become a way around the login limits to guess the password.
    if (!login || !(await guard.check(login.email, () => verifySecret(currentPassword, login.passwordHash)))) {
      throw new HttpError(403, 'the current password is wrong', [{ path: 'currentPassword', message: 'is wrong' }]);
    }
    await setPasswordHash(pool, owner(res), await hashSecret(newPassword));
    // Whoever else was logged in with the old password is logged out; this session stays.
    await revokeOtherSessions(pool, owner(res), (res.locals.sessionId as string | undefined) ?? null);
    res.status(204).end();
  });

  return router;
}
