import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export interface DevUser {
  email: string;
  password: string;
  apiKey: string;
}

/**
 * The account `npm run dev` prints a ready API key for, so "Try it" needs no signup (which answers
 * 409 the second time). Kept in `file` (under .data, beside the database it lives in): the same
 * key from one run to the next while it still works; else logged in again for a new key, or,
 * when the database is new, signed up again. Quiet hours are off: a dev reminder comes when drawn.
 */
export async function ensureDevUser(frontendUrl: string, file: string): Promise<DevUser> {
  const saved = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<DevUser>) : {};
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${frontendUrl}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

  if (
    saved.email &&
    saved.password &&
    saved.apiKey &&
    (await call('GET', '/v1/me', undefined, bearer(saved.apiKey))).ok
  ) {
    return saved as DevUser;
  }
  const email = saved.email ?? 'dev@later.test';
  const password = saved.password ?? randomBytes(18).toString('base64url');
  let apiKey: string;
  const signup = await call('POST', '/v1/signup', { email, password });
  if (signup.status === 201) {
    apiKey = ((await signup.json()) as { apiKey: string }).apiKey;
  } else {
    const login = await call('POST', '/v1/login', { email, password });
    if (!login.ok)
      throw new Error(
        `could not sign up or log in the dev user ${email} (${signup.status}, ${login.status}): remove ${file} or the database`,
      );
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const created = await call('POST', '/v1/api-keys', { name: 'npm run dev' }, { cookie, 'x-csrf-token': csrfToken });
    if (created.status !== 201) throw new Error(`could not make an API key for the dev user (${created.status})`);
    apiKey = ((await created.json()) as { apiKey: string }).apiKey;
  }
  await call('PATCH', '/v1/me', { quietHours: null }, bearer(apiKey));
  const user = { email, password, apiKey };
  writeFileSync(file, JSON.stringify(user, null, 2), { mode: 0o600 });
  return user;
}
