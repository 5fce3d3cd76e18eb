import { describe, expect, it } from 'vitest';
import { CreateTaskRequest, ListTasksQuery, SignupRequest, TaskId } from '../src/schemas.js';

const pathsOf = (schema: { safeParse: (v: unknown) => { success: boolean; error?: { issues: { path: PropertyKey[] }[] } } }, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error!.issues.map((i) => i.path.join('.'));
};

describe('CreateTaskRequest', () => {
  const ok = { channel: 'webhook', webhook: { url: 'https://example.com/h' } };

  it('accepts a webhook with runAt, delay as a duration or as milliseconds, or neither', () => {
    expect(CreateTaskRequest.safeParse(ok).success).toBe(true);
    expect(CreateTaskRequest.safeParse({ ...ok, runAt: '2026-11-27T09:00:00+01:00' }).success).toBe(true);
    expect(CreateTaskRequest.safeParse({ ...ok, delay: 'PT2H' }).success).toBe(true);
    expect(CreateTaskRequest.safeParse({ ...ok, delay: 'P1DT0.5S' }).success).toBe(true);
    expect(CreateTaskRequest.safeParse({ ...ok, delay: 2000 }).success).toBe(true);
  });

  it.each([
    [{ ...ok, webhook: { url: 'ftp://example.com' } }, 'webhook.url'],
    [{ ...ok, webhook: { url: 'not a url' } }, 'webhook.url'],
    [{ channel: 'webhook' }, 'webhook'],
    [{ ...ok, channel: 'pigeon' }, 'channel'],
    [{ ...ok, runAt: '2026-11-27 09:00' }, 'runAt'],
    [{ ...ok, runAt: '2026-11-27T09:00:00' }, 'runAt'],
    [{ ...ok, runAt: '2026-02-30T09:00:00Z' }, 'runAt'],
    [{ ...ok, delay: 'two hours' }, 'delay'],
    [{ ...ok, delay: 'P' }, 'delay'],
    [{ ...ok, delay: -5 }, 'delay'],
    [{ ...ok, delay: 1.5 }, 'delay'],
    [{ ...ok, delay: 'PT1H', runAt: '2026-11-27T09:00:00Z' }, 'delay'],
    [{ ...ok, webhook: { url: 'https://e.com', method: 'TRACE' } }, 'webhook.method'],
    [{ ...ok, webhook: { url: 'https://e.com', headers: { Host: 'evil' } } }, 'webhook.headers.Host'],
    [{ ...ok, webhook: { url: 'https://e.com', headers: { 'bad name': 'x' } } }, 'webhook.headers.bad name'],
    [{ ...ok, webhook: { url: 'https://e.com', headers: { x: 'a\r\nb' } } }, 'webhook.headers.x'],
    [{ ...ok, webhook: { url: 'https://e.com', body: 'x'.repeat(300_000) } }, 'webhook.body'],
    [{ ...ok, webhook: { url: 'https://e.com', method: 'GET', body: 'x' } }, 'webhook.body'],
  ])('rejects %j naming %s', (value, path) => {
    expect(pathsOf(CreateTaskRequest, value)).toContain(path);
  });

  it('rejects unknown fields (a typo must not be silently ignored)', () => {
    const result = CreateTaskRequest.safeParse({ ...ok, runat: '2026-11-27T09:00:00Z' });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.code).toBe('unrecognized_keys');
  });
});

describe('other inputs', () => {
  it('signup needs a real email and a password of at least 10 characters', () => {
    expect(pathsOf(SignupRequest, { email: 'nope', password: 'long enough pw' })).toEqual(['email']);
    expect(pathsOf(SignupRequest, { email: 'a@b.co', password: 'short' })).toEqual(['password']);
  });

  it('task ids must fit a Postgres bigint', () => {
    expect(TaskId.safeParse('9223372036854775807').success).toBe(true);
    expect(TaskId.safeParse('9223372036854775808').success).toBe(false);
    expect(TaskId.safeParse('01').success).toBe(false);
    expect(TaskId.safeParse('abc').success).toBe(false);
  });

  it('list query limits are bounded and coerced from strings', () => {
    expect(ListTasksQuery.parse({ limit: '10' }).limit).toBe(10);
    expect(ListTasksQuery.parse({}).limit).toBe(50);
    expect(pathsOf(ListTasksQuery, { limit: '1000' })).toEqual(['limit']);
    expect(pathsOf(ListTasksQuery, { status: 'nope' })).toEqual(['status']);
  });
});
