import { describe, expect, it } from 'vitest';
import type { TaskForm } from '../src/tasks/taskFields';
import { blankTaskForm, requestOf } from '../src/tasks/taskForm';

const zone = 'Europe/Berlin';
const hook = 'https://example.com/hooks/later';
/** The New task form as a user leaves it: blank, with what they typed over it. */
const formWith = (typed: Partial<TaskForm>): TaskForm => ({
  ...blankTaskForm(zone, '2026-11-27T09:00'),
  webhookUrl: hook,
  ...typed,
});
const webhook = { channel: 'webhook', webhook: { url: hook, method: 'POST' } };

describe('the New task form as a request: when', () => {
  it('"in": an ISO duration from the amount and unit, time units under T', () => {
    expect(requestOf(formWith({}))).toEqual({ kind: 'task', body: { ...webhook, delay: 'PT10M' } });
    expect(requestOf(formWith({ inAmount: ' 3 ', inUnit: 'S' })).body).toEqual({ ...webhook, delay: 'PT3S' });
    expect(requestOf(formWith({ inAmount: '2', inUnit: 'D' })).body).toEqual({ ...webhook, delay: 'P2D' });
    expect(requestOf(formWith({ inAmount: '1', inUnit: 'W' })).body).toEqual({ ...webhook, delay: 'P1W' });
  });

  it('"in": a bad amount goes as typed, for the API to refuse on its field', () => {
    expect(requestOf(formWith({ inAmount: '-5', inUnit: 'M' })).body).toEqual({ ...webhook, delay: 'PT-5M' });
  });

  it('"at": the local date-time and its zone, for the scheduler to read under its DST rule', () => {
    expect(requestOf(formWith({ when: 'at', runAt: '2026-11-27T09:00' })).body).toEqual({
      ...webhook,
      runAt: '2026-11-27T09:00',
      timezone: zone,
    });
    // 02:30 does not exist in Berlin on 29 March 2026 and occurs twice on 25 October: sent as typed, not shifted here.
    expect(requestOf(formWith({ when: 'at', runAt: '2026-03-29T02:30' })).body).toEqual({
      ...webhook,
      runAt: '2026-03-29T02:30',
      timezone: zone,
    });
    expect(requestOf(formWith({ when: 'at', runAt: '2026-10-25T02:30', timezone: 'America/New_York' })).body).toEqual({
      ...webhook,
      runAt: '2026-10-25T02:30',
      timezone: 'America/New_York',
    });
  });

  it('a debounce with a key: its period and max wait in ms, in place of the time chosen', () => {
    expect(requestOf(formWith({ key: 'sync', debounceSeconds: '30', maxWaitSeconds: '300' })).body).toEqual({
      ...webhook,
      key: 'sync',
      debounce: { period: 30_000, maxWait: 300_000 },
    });
    expect(requestOf(formWith({ when: 'within', key: 'sync', debounceSeconds: '1.5' })).body).toEqual({
      ...webhook,
      key: 'sync',
      debounce: { period: 1500 },
    });
  });

  it('"within": a window as an ISO duration', () => {
    expect(requestOf(formWith({ when: 'within' })).body).toEqual({ ...webhook, within: 'P3D' });
    expect(requestOf(formWith({ when: 'within', withinAmount: '8', withinUnit: 'H' })).body).toEqual({
      ...webhook,
      within: 'PT8H',
    });
  });

  it('recurring by cron: a schedule in the chosen zone, the delivery as its task', () => {
    expect(requestOf(formWith({ when: 'recurring', cron: ' 30 8 * * 1-5 ' }))).toEqual({
      kind: 'schedule',
      body: { cron: '30 8 * * 1-5', timezone: zone, task: webhook },
    });
  });

  it('recurring every N: an ISO duration, no cron', () => {
    expect(
      requestOf(
        formWith({ when: 'recurring', recurrence: 'every', everyAmount: '15', everyUnit: 'M', timezone: 'UTC' }),
      ),
    ).toEqual({
      kind: 'schedule',
      body: { every: 'PT15M', timezone: 'UTC', task: webhook },
    });
    expect(
      requestOf(formWith({ when: 'recurring', recurrence: 'every', everyAmount: '2', everyUnit: 'W' })).body,
    ).toMatchObject({ every: 'P2W' });
  });
});

describe('the New task form as a request: what to deliver', () => {
  it('a webhook: method, headers one per line, a JSON body as JSON and anything else as text', () => {
    const body = requestOf(
      formWith({
        webhookMethod: 'PUT',
        webhookHeaders: 'x-reminder: laundry\n\nx-empty:\nAuthorization: Bearer a:b',
        webhookBody: '{"text": "hi"}',
      }),
    ).body;
    expect(body).toEqual({
      channel: 'webhook',
      webhook: {
        url: hook,
        method: 'PUT',
        headers: { 'x-reminder': 'laundry', 'x-empty': '', Authorization: 'Bearer a:b' },
        body: { text: 'hi' },
      },
      delay: 'PT10M',
    });
    expect(requestOf(formWith({ webhookBody: 'take the laundry out' })).body).toMatchObject({
      webhook: { body: 'take the laundry out' },
    });
    expect(requestOf(formWith({ webhookBody: '{not json' })).body).toMatchObject({ webhook: { body: '{not json' } });
    expect(requestOf(formWith({ webhookBody: '[1, 2]' })).body).toMatchObject({ webhook: { body: [1, 2] } });
  });

  it('a webhook header line without a colon goes as a name, for the API to refuse naming it', () => {
    expect(requestOf(formWith({ webhookHeaders: 'not a header' })).body).toMatchObject({
      webhook: { headers: { 'not a header': '' } },
    });
  });

  it('an email: address (trimmed), subject and text; nothing of the webhook', () => {
    const form = formWith({
      channel: 'email',
      emailTo: ' ada@example.com ',
      emailSubject: 'Quarterly report',
      emailText: 'Send it.\nToday.',
    });
    expect(requestOf(form).body).toEqual({
      channel: 'email',
      email: { to: 'ada@example.com', subject: 'Quarterly report', text: 'Send it.\nToday.' },
      delay: 'PT10M',
    });
  });

  it('an SMS: number (trimmed) and message', () => {
    const form = formWith({
      channel: 'sms',
      smsTo: ' +4915112345678',
      smsBody: 'Pick up the keys',
      when: 'within',
      withinAmount: '1',
      withinUnit: 'D',
    });
    expect(requestOf(form).body).toEqual({
      channel: 'sms',
      sms: { to: '+4915112345678', body: 'Pick up the keys' },
      within: 'P1D',
    });
  });
});

describe('the New task form as a request: "Advanced"', () => {
  const advanced: Partial<TaskForm> = {
    priority: 'high',
    position: 'front',
    deadline: '2026-11-27T18:00',
    key: ' invoice-77 ',
    stream: ' billing ',
    maxAttempts: '4',
    backoff: 'fixed',
    baseDelaySeconds: '1.5',
    maxDelaySeconds: '600',
    jitter: '0.25',
    timeoutSeconds: '2.5',
  };
  /** What `advanced` asks of the delivery itself, for a task or a schedule's task alike. */
  const advancedDelivery = {
    priority: 'high',
    position: 'front',
    stream: 'billing',
    retry: { maxAttempts: 4, backoff: 'fixed', baseDelay: 1500, maxDelay: 600_000, jitter: 0.25 },
    timeout: 2500,
  };

  it('priority, position, deadline (an instant), key, stream, retry policy and timeout (seconds as ms)', () => {
    expect(requestOf(formWith(advanced)).body).toEqual({
      ...webhook,
      ...advancedDelivery,
      delay: 'PT10M',
      deadline: '2026-11-27T17:00:00.000Z',
      key: 'invoice-77',
    });
  });

  it('a deadline in the DST gap moves on by the gap, one in the repeated hour is its first pass', () => {
    expect(requestOf(formWith({ deadline: '2026-03-29T02:30' })).body).toMatchObject({
      deadline: '2026-03-29T01:30:00.000Z',
    });
    expect(requestOf(formWith({ deadline: '2026-10-25T02:30' })).body).toMatchObject({
      deadline: '2026-10-25T00:30:00.000Z',
    });
  });

  it('only what was filled in: a lone retry field makes a retry policy of one field', () => {
    expect(requestOf(formWith({ jitter: '0' })).body).toEqual({ ...webhook, retry: { jitter: 0 }, delay: 'PT10M' });
    expect(Object.keys(requestOf(formWith({ key: '  ', stream: '' })).body)).toEqual(['channel', 'webhook', 'delay']);
  });

  it('numbers that are not numbers go as typed, for the API to name the field it refuses', () => {
    expect(
      requestOf(formWith({ maxAttempts: 'five', baseDelaySeconds: 'soon', timeoutSeconds: 'x', deadline: 'someday' }))
        .body,
    ).toMatchObject({
      retry: { maxAttempts: 'five', baseDelay: 'soon' },
      timeout: 'x',
      deadline: 'someday',
    });
  });

  it('on a recurring task: the key names the schedule, the delivery keeps the rest, a deadline is not sent', () => {
    expect(requestOf(formWith({ ...advanced, when: 'recurring' }))).toEqual({
      kind: 'schedule',
      body: {
        cron: '0 9 * * 1-5',
        timezone: zone,
        key: 'invoice-77',
        task: { ...webhook, ...advancedDelivery },
      },
    });
  });
});
