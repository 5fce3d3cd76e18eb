import { describe, expect, it } from 'vitest';
import {
  BulkCreateRequest,
  CreateApiKeyRequest,
  CreateScheduleRequest,
  CreateTaskRequest,
  ListTasksQuery,
  ReminderRequest,
  SignupRequest,
  TaskId,
  UpdateTaskRequest,
  maxJsonDepth,
} from '../src/schemas/index.js';

import { HttpError, issuesFromZod, parseOr400 } from '@later/runtime';
import type { z } from 'zod';

/** The field paths the API would name for `value` (unknown fields included). */
const pathsOf = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? [] : issuesFromZod(result.error).map((i) => i.path);
};

/** The 400 the API answers for `value`, as its caller reads it. */
const refusalOf = (schema: z.ZodType, value: unknown) => {
  try {
    parseOr400(schema, value);
  } catch (err) {
    if (err instanceof HttpError) return { error: err.message, issues: err.issues };
  }
  throw new Error('not refused');
};

describe('CreateTaskRequest', () => {
  const ok = { channel: 'webhook', webhook: { url: 'https://example.com/h' } };

  it('accepts a webhook with runAt, delay as a duration or as milliseconds, or neither', () => {
    expect(CreateTaskRequest.safeParse(ok).success).toBe(true);
    expect(CreateTaskRequest.safeParse({ ...ok, runAt: '2026-11-27T09:00:00+01:00' }).success).toBe(true);
    expect(CreateTaskRequest.safeParse({ ...ok, delay: 'PT2H' }).success).toBe(true);
    expect(CreateTaskRequest.safeParse({ ...ok, delay: 'P1DT0.5S' }).success).toBe(true);
    expect(CreateTaskRequest.safeParse({ ...ok, delay: 2000 }).success).toBe(true);
    expect(CreateTaskRequest.safeParse({ ...ok, runAt: '2026-11-27T09:00', timezone: 'Europe/Berlin' }).success).toBe(
      true,
    );
    expect(CreateTaskRequest.safeParse({ ...ok, within: 'P3D' }).success).toBe(true);
    expect(CreateTaskRequest.safeParse({ ...ok, within: { to: '2026-11-28T00:00:00Z' } }).success).toBe(true);
  });

  it('accepts every delivery option together', () => {
    const full = {
      ...ok,
      delay: 'PT1H',
      deadline: '2026-11-27T10:00:00Z',
      key: 'sync-42',
      priority: 'high',
      position: 'front',
      stream: 'customer-42',
      retry: { maxAttempts: 8, backoff: 'fixed', baseDelay: 'PT5S', maxDelay: 60000, jitter: 0.2 },
      timeout: 'PT10S',
    };
    expect(CreateTaskRequest.safeParse(full).error).toBeUndefined();
  });

  it('accepts header values with tabs, spaces and Latin-1 letters, as an HTTP client sends them', () => {
    const headers = { 'x-note': 'caf\u00e9\tcr\u00e8me br\u00fbl\u00e9e', authorization: 'Bearer abc.DEF~123' };
    expect(CreateTaskRequest.safeParse({ ...ok, webhook: { url: 'https://e.com', headers } }).error).toBeUndefined();
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
    [{ ...ok, within: 'P1D', delay: 'PT1H' }, 'within'],
    [{ ...ok, within: 'tomorrow' }, 'within'],
    [{ ...ok, within: { from: '2026-11-27T09:00:00Z' } }, 'within'],
    [{ ...ok, runAt: '2026-11-27T09:00:00', timezone: 'Mars/Olympus' }, 'timezone'],
    [{ ...ok, runAt: '2026-11-27T09:00:00Z', timezone: 'Europe/Berlin' }, 'runAt'],
    [{ ...ok, timezone: 'Europe/Berlin' }, 'timezone'],
    [{ ...ok, priority: 'urgent' }, 'priority'],
    [{ ...ok, position: 'middle' }, 'position'],
    [{ ...ok, stream: '' }, 'stream'],
    [{ ...ok, key: 'k'.repeat(201) }, 'key'],
    [{ ...ok, deadline: 'soon' }, 'deadline'],
    [{ ...ok, retry: { maxAttempts: 0 } }, 'retry.maxAttempts'],
    [{ ...ok, retry: { backoff: 'linear' } }, 'retry.backoff'],
    [{ ...ok, retry: { jitter: 2 } }, 'retry.jitter'],
    [{ ...ok, retry: { tries: 3 } }, 'retry.tries'],
    [{ ...ok, timeout: 'forever' }, 'timeout'],
    [{ ...ok, webhook: { url: 'https://e.com', method: 'TRACE' } }, 'webhook.method'],
    [{ ...ok, webhook: { url: 'https://e.com', headers: { Host: 'evil' } } }, 'webhook.headers.Host'],
    [{ ...ok, webhook: { url: 'https://e.com', headers: { 'bad name': 'x' } } }, 'webhook.headers."bad name"'],
    [{ ...ok, webhook: { url: 'https://e.com', headers: { x: 'a\r\nb' } } }, 'webhook.headers.x'],
    // Control characters and what is beyond Latin-1 fail in the sender's HTTP client on every attempt.
    [{ ...ok, webhook: { url: 'https://e.com', headers: { x: 'a\u0001b' } } }, 'webhook.headers.x'],
    [{ ...ok, webhook: { url: 'https://e.com', headers: { x: 'a\u007fb' } } }, 'webhook.headers.x'],
    [{ ...ok, webhook: { url: 'https://e.com', headers: { x: 'a\u0000' } } }, 'webhook.headers.x'],
    [{ ...ok, webhook: { url: 'https://e.com', headers: { x: 'caf\u00e9 \u65e5\u672c' } } }, 'webhook.headers.x'],
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

  it('answers a typo of a known field with "did you mean", and bad values in sentences', () => {
    expect(refusalOf(CreateTaskRequest, { ...ok, runat: '2026-11-27T09:00:00Z' })).toEqual({
      error: 'runat is not a known field; did you mean runAt?',
      issues: [{ path: 'runat', message: 'is not a known field; did you mean runAt?' }],
    });
    expect(refusalOf(CreateTaskRequest, { ...ok, retry: { maxAttempt: 3 } }).issues).toEqual([
      { path: 'retry.maxAttempt', message: 'is not a known field; did you mean maxAttempts?' },
    ]);
    expect(refusalOf(CreateTaskRequest, { ...ok, webhook: { url: 'https://e.com', heders: {} } }).issues).toEqual([
      { path: 'webhook.heders', message: 'is not a known field; did you mean headers?' },
    ]);
    expect(refusalOf(CreateTaskRequest, { ...ok, channel: 'fax' }).issues).toEqual([
      { path: 'channel', message: 'must be one of webhook, email, sms' },
    ]);
    expect(refusalOf(CreateTaskRequest, { ...ok, stream: 's'.repeat(201) }).issues).toEqual([
      { path: 'stream', message: 'must be at most 200 characters' },
    ]);
    expect(refusalOf(CreateTaskRequest, { ...ok, retry: { maxAttempts: 'many' } }).issues).toEqual([
      { path: 'retry.maxAttempts', message: 'must be a number' },
    ]);
    expect(refusalOf(CreateApiKeyRequest, {}).issues).toEqual([{ path: 'name', message: 'is required' }]);
  });

  it('takes a debounce only with a key and without a time of its own', () => {
    const debounced = { ...ok, key: 'k', debounce: { period: 'PT10S', maxWait: 'PT1M' } };
    expect(CreateTaskRequest.safeParse(debounced).success).toBe(true);
    expect(refusalOf(CreateTaskRequest, { ...debounced, key: undefined }).issues).toEqual([
      { path: 'debounce', message: 'needs a key: the tasks it debounces share it' },
    ]);
    expect(refusalOf(CreateTaskRequest, { ...debounced, delay: 'PT1M' }).issues).toEqual([
      { path: 'debounce', message: 'decides the due time: give no delay with it' },
    ]);
    expect(
      refusalOf(CreateTaskRequest, { ...debounced, debounce: { period: 'soon' } }).issues.map((i) => i.path),
    ).toEqual(['debounce.period']);
  });

  it('takes follow-ups that are whole task requests, one level deep', () => {
    const sms = { channel: 'sms', sms: { to: '+15555550100', body: 'the email died' } };
    expect(CreateTaskRequest.safeParse({ ...ok, onDead: sms, onDelivered: { ...ok, delay: 'PT1H' } }).success).toBe(
      true,
    );
    expect(refusalOf(CreateTaskRequest, { ...ok, onDead: { ...sms, onDead: sms } }).issues).toEqual([
      { path: 'onDead.onDead', message: 'a follow-up cannot have follow-ups of its own' },
    ]);
    expect(refusalOf(CreateTaskRequest, { ...ok, onDead: { ...sms, key: 'k' } }).issues).toEqual([
      { path: 'onDead.key', message: 'a follow-up cannot have a key' },
    ]);
    expect(refusalOf(CreateTaskRequest, { ...ok, onDelivered: { channel: 'sms' } }).issues).toEqual([
      { path: 'onDelivered.sms', message: 'is required when channel is sms' },
    ]);
  });
});

describe('schedules and updates', () => {
  const task = { channel: 'webhook', webhook: { url: 'https://example.com/h' } };

  it('needs exactly one of cron and every, a sane cron shape, and endAt after startAt', () => {
    expect(CreateScheduleRequest.safeParse({ cron: '0 8 * * 1-5', timezone: 'Europe/Berlin', task }).success).toBe(
      true,
    );
    expect(CreateScheduleRequest.safeParse({ cron: '*/5 * * * * *', task }).success).toBe(true);
    expect(
      CreateScheduleRequest.safeParse({ every: 'PT15M', maxRuns: 3, catchUp: 'backfill', backfillLimit: 5, task })
        .success,
    ).toBe(true);
    expect(pathsOf(CreateScheduleRequest, { task })).toContain('cron');
    expect(pathsOf(CreateScheduleRequest, { cron: '* * * * *', every: 'PT1M', task })).toContain('every');
    expect(pathsOf(CreateScheduleRequest, { cron: '* * * *', task })).toContain('cron');
    expect(pathsOf(CreateScheduleRequest, { every: 'often', task })).toContain('every');
    expect(pathsOf(CreateScheduleRequest, { every: 'PT1M', catchUp: 'sometimes', task })).toContain('catchUp');
    expect(pathsOf(CreateScheduleRequest, { every: 'PT1M', task: { channel: 'webhook' } })).toContain('task.webhook');
    expect(pathsOf(CreateScheduleRequest, { every: 'PT1M', task: { ...task, key: 'x' } })).toContain('task.key');
    expect(
      pathsOf(CreateScheduleRequest, {
        every: 'PT1M',
        startAt: '2026-12-01T00:00:00Z',
        endAt: '2026-11-01T00:00:00Z',
        task,
      }),
    ).toContain('endAt');
  });

  it('updates take the same time rules and may clear a deadline', () => {
    expect(UpdateTaskRequest.safeParse({ delay: 'PT4H', priority: 'high', deadline: null }).success).toBe(true);
    expect(pathsOf(UpdateTaskRequest, { delay: 'PT4H', within: 'P1D' })).toContain('within');
    expect(pathsOf(UpdateTaskRequest, { channel: 'webhook' })).toContain('channel');
  });

  it('a bulk request may not use one key twice', () => {
    const tasks = [
      { ...task, key: 'a' },
      { ...task, key: 'b' },
      { ...task, key: 'a' },
    ];
    expect(pathsOf(BulkCreateRequest, { tasks })).toEqual(['tasks.2.key']);
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

describe('text that is stored', () => {
  const nul = 'a\u0000b';
  const lone = 'a\ud800b';
  const ok = { channel: 'webhook', webhook: { url: 'https://example.com/h' } };
  const withBody = (body: unknown) => ({ ...ok, webhook: { ...ok.webhook, body } });
  const deep = (levels: number): unknown => (levels === 0 ? 'x' : [deep(levels - 1)]);

  it.each([
    [withBody(nul), 'webhook.body'],
    [withBody({ note: nul }), 'webhook.body.note'],
    [withBody({ list: [1, { x: lone }] }), 'webhook.body.list.1.x'],
    [withBody({ [nul]: 1 }), `webhook.body.${JSON.stringify(nul)}`],
    [withBody({ [lone]: 1 }), `webhook.body.${JSON.stringify(lone)}`],
    [withBody(deep(maxJsonDepth + 1)), `webhook.body${'.0'.repeat(maxJsonDepth)}`],
    [{ ...ok, webhook: { url: `https://example.com/${nul}` } }, 'webhook.url'],
    [{ ...ok, webhook: { ...ok.webhook, headers: { 'x-note': lone } } }, 'webhook.headers.x-note'],
    [{ ...ok, key: nul }, 'key'],
    [{ ...ok, stream: lone }, 'stream'],
    [{ ...ok, callback: { url: `https://example.com/${lone}` } }, 'callback.url'],
    [{ channel: 'email', email: { to: 'a@example.com', subject: nul, text: 't' } }, 'email.subject'],
    [{ channel: 'email', email: { to: 'a@example.com', subject: 's', text: lone } }, 'email.text'],
    [{ channel: 'email', email: { to: 'a@example.com', subject: 's', text: 't', html: nul } }, 'email.html'],
    [{ channel: 'sms', sms: { to: '+4915112345678', body: lone } }, 'sms.body'],
  ])('a task refuses NUL and lone surrogates: %j names %s', (value, path) => {
    expect(pathsOf(CreateTaskRequest, value)).toEqual([path]);
  });

  it('every other stored text refuses them too, and astral characters (paired surrogates) pass', () => {
    expect(pathsOf(CreateScheduleRequest, { key: nul, every: 'PT1H', task: ok })).toEqual(['key']);
    expect(pathsOf(CreateScheduleRequest, { every: 'PT1H', task: withBody({ x: lone }) })).toEqual([
      'task.webhook.body.x',
    ]);
    expect(pathsOf(UpdateTaskRequest, { webhook: { url: 'https://example.com/h', body: [nul] } })).toEqual([
      'webhook.body.0',
    ]);
    expect(pathsOf(CreateApiKeyRequest, { name: lone })).toEqual(['name']);
    expect(pathsOf(ReminderRequest, { text: nul, within: 'P1D' })).toEqual(['text']);
    expect(pathsOf(ListTasksQuery, { q: nul })).toEqual(['q']);
    expect(
      pathsOf(CreateTaskRequest, { ...withBody({ '😀': '💥 \u202e' }), key: '😀', stream: '\ud83d\ude00' }),
    ).toEqual([]);
  });

  it('names at most 10 bad strings of one body, and still checks the size of a good one', () => {
    expect(pathsOf(CreateTaskRequest, withBody(Array.from({ length: 1000 }, () => nul)))).toHaveLength(10);
    expect(pathsOf(CreateTaskRequest, withBody({ big: 'x'.repeat(300_000) }))).toEqual(['webhook.body']);
    expect(pathsOf(CreateTaskRequest, withBody(deep(maxJsonDepth)))).toEqual([]);
  });

  it('refuses a body nested too deep to serialise without exhausting the stack', () => {
    const result = CreateTaskRequest.safeParse(withBody(JSON.parse('['.repeat(200_000) + ']'.repeat(200_000))));
    expect(result.success).toBe(false);
  });
});
