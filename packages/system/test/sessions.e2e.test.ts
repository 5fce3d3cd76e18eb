import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '../src/testing/index.js';

describe('web sessions, profile and password (real frontend, scheduler and Postgres)', () => {
  let system: TestSystem;
  const password = 'a long enough password';

  const login = async (pw = password) => {
    const answer = await system.api.call(
      'POST',
      '/v1/login',
      { email: 'web@example.com', password: pw },
      { key: null },
    );
    const cookie = answer.headers.get('set-cookie')?.split(';')[0];
    return { answer, cookie, csrf: answer.body?.csrfToken as string };
  };
  const asSession = (cookie: string, method: string, path: string, body?: unknown, csrf?: string) =>
    system.api.call(method, path, body, { key: null, headers: { cookie, ...(csrf ? { 'x-csrf-token': csrf } : {}) } });

  beforeAll(async () => {
    system = await startTestSystem({ env: { frontend: { LOGIN_ATTEMPTS_PER_MINUTE: '30' } } });
    await system.api.signup('web@example.com', password);
  });
  afterAll(() => system?.stop());

  it('logs in with an HttpOnly, SameSite cookie that works in place of an API key', async () => {
    const { answer, cookie, csrf } = await login();
    expect(answer.status).toBe(200);
    const [session, hint] = answer.headers.getSetCookie();
    expect(session).toMatch(/^later_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    // The UI's hint that it is signed in, so a logged-out load asks nothing and sees no 401.
    expect(hint).toMatch(/^later_signed_in=1; Path=\/; SameSite=Lax; Max-Age=\d+$/);
    expect(csrf).toMatch(/^[\w-]{20,}$/);
    expect((await asSession(cookie!, 'GET', '/v1/tasks')).status).toBe(200);
    expect((await asSession(cookie!, 'GET', '/v1/session')).body).toMatchObject({
      email: 'web@example.com',
      csrfToken: csrf,
    });
  });

  it('refuses a change made with the cookie but without the session\u2019s CSRF token', async () => {
    const { cookie, csrf } = await login();
    const task = { channel: 'webhook', webhook: { url: `${system.receiver.url}/x` }, delay: 'PT1H' };
    const forged = await asSession(cookie!, 'POST', '/v1/tasks', task);
    expect(forged.status).toBe(403);
    expect(forged.body.issues[0].path).toBe('X-CSRF-Token');
    expect((await asSession(cookie!, 'POST', '/v1/tasks', task, 'not-the-token')).status).toBe(403);
    expect((await asSession(cookie!, 'POST', '/v1/tasks', task, csrf)).status).toBe(201);
  });

  it('answers a wrong password and an unknown email alike, and logout ends the session', async () => {
    const wrong = await login('not the password');
    const unknown = await system.api.call(
      'POST',
      '/v1/login',
      { email: 'nobody@example.com', password },
      { key: null },
    );
    expect([wrong.answer.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.answer.body.error).toBe(unknown.body.error);
    const { cookie, csrf } = await login();
    const logout = await asSession(cookie!, 'POST', '/v1/logout', undefined, csrf);
    expect(logout.status).toBe(204);
    expect(logout.headers.getSetCookie().map((c) => c.split(';')[0])).toEqual(['later_session=', 'later_signed_in=']);
    expect((await asSession(cookie!, 'GET', '/v1/tasks')).status).toBe(401);
  });

  it('keeps a profile (phone, time zone, quiet hours) and checks it', async () => {
    const updated = await system.api.call('PATCH', '/v1/me', {
      phone: '+4915112345678',
      timezone: 'Europe/Berlin',
      quietHours: { start: '22:00', end: '08:00' },
    });
    expect(updated.body).toMatchObject({
      email: 'web@example.com',
      phone: '+4915112345678',
      timezone: 'Europe/Berlin',
      quietHours: { start: '22:00', end: '08:00' },
    });
    expect((await system.api.call('GET', '/v1/me')).body).toEqual(updated.body);
    for (const [body, field] of [
      [{ phone: '0151' }, 'phone'],
      [{ timezone: 'Mars/Olympus' }, 'timezone'],
      [{ quietHours: { start: '25:00', end: '08:00' } }, 'quietHours.start'],
      [{ quietHours: { start: '08:00', end: '08:00' } }, 'quietHours.end'],
    ] as const) {
      expect((await system.api.call('PATCH', '/v1/me', body)).body.issues[0].path).toBe(field);
    }
    expect((await system.api.call('PATCH', '/v1/me', { quietHours: null, phone: null })).body).toMatchObject({
      quietHours: null,
      phone: null,
    });
  });

  it('changes the password, ending every other session', async () => {
    const other = await login();
    const mine = await login();
    const wrong = await asSession(
      mine.cookie!,
      'POST',
      '/v1/me/password',
      { currentPassword: 'nope nope nope', newPassword: 'an entirely new password' },
      mine.csrf,
    );
    expect(wrong.status).toBe(403);
    const changed = await asSession(
      mine.cookie!,
      'POST',
      '/v1/me/password',
      { currentPassword: password, newPassword: 'an entirely new password' },
      mine.csrf,
    );
    expect(changed.status).toBe(204);
    expect((await asSession(other.cookie!, 'GET', '/v1/tasks')).status).toBe(401);
    expect((await asSession(mine.cookie!, 'GET', '/v1/tasks')).status).toBe(200);
    expect((await login()).answer.status).toBe(401);
    expect((await login('an entirely new password')).answer.status).toBe(200);
  });

  it('limits logins from one address', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, () => login('still wrong password')));
    const limited = answers.filter((a) => a.answer.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]!.answer.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
