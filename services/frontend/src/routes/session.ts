import express, { type Router } from 'express';
import { HttpError, jsonBody, parseOr400 } from '@later/runtime';
import { findUserForLogin, getProfile, revokeSession, type Pool } from '@later/store';
import { LoginRequest } from '@later/types';
import { clearedSessionCookies, sessionCookies } from '../auth/cookies.js';
import type { LoginGuard } from '../auth/loginGuard.js';
import { verifySecretOrDummy } from '../auth/secretHash.js';
import type { SessionStore } from '../auth/sessions.js';

/** Logging in and out of the web UI. */
export function sessionRoutes(
  pool: Pool,
  sessions: SessionStore,
  guard: LoginGuard,
  secureCookies: boolean,
): { open: Router; authenticated: Router } {
  const open = express.Router();
  open.post('/v1/login', jsonBody('16kb'), async (req, res) => {
    const { email, password } = parseOr400(LoginRequest, req.body);
    const user = await findUserForLogin(pool, email);
    // The same answer, the same limit and the same scrypt for an unknown email as for a wrong
    // password: neither the answer nor its timing tells which emails have accounts.
    const matches = await guard.check(email, () => verifySecretOrDummy(password, user?.passwordHash));
    if (!user || !matches) throw new HttpError(401, 'wrong email or password');
    const session = await sessions.open(user.userId);
    res.setHeader('set-cookie', sessionCookies(session.token, Math.floor(sessions.lifetimeMs / 1000), secureCookies));
    res.json({ userId: user.userId, email, csrfToken: session.csrfToken });
  });

  const authenticated = express.Router();
  authenticated.get('/v1/session', async (_req, res) => {
    const profile = await getProfile(pool, res.locals.ownerId as string);
    res.json({ userId: profile!.userId, email: profile!.email, csrfToken: res.locals.csrfToken ?? null });
  });
  authenticated.post('/v1/logout', async (_req, res) => {
    if (res.locals.sessionId) await revokeSession(pool, res.locals.sessionId as string);
    res.setHeader('set-cookie', clearedSessionCookies(secureCookies));
    res.status(204).end();
  });
  return { open, authenticated };
}
