import type { Schemas } from '../api/client';
import { isoDuration, type DurationUnit } from '../forms/durations';
import { zonedToInstant } from '../time/zonedTime';

export type When = 'at' | 'in' | 'within' | 'recurring';

/** Everything the New task form holds, as typed (strings), before it becomes a request. */
export interface TaskForm {
  channel: Schemas['Channel'];
  webhookUrl: string;
  webhookMethod: NonNullable<Schemas['WebhookTarget']['method']>;
  webhookHeaders: string;
  webhookBody: string;
  emailTo: string;
  emailSubject: string;
  emailText: string;
  smsTo: string;
  smsBody: string;
  when: When;
  runAt: string;
  timezone: string;
  inAmount: string;
  inUnit: DurationUnit;
  withinAmount: string;
  withinUnit: DurationUnit;
  recurrence: 'cron' | 'every';
  cron: string;
  everyAmount: string;
  everyUnit: DurationUnit;
  priority: '' | Schemas['Priority'];
  position: '' | Schemas['Position'];
  deadline: string;
  key: string;
  /** With a key: due this long after the newest task of the key (trailing debounce). */
  debounceSeconds: string;
  maxWaitSeconds: string;
  stream: string;
  maxAttempts: string;
  backoff: '' | 'fixed' | 'exponential';
  baseDelaySeconds: string;
  maxDelaySeconds: string;
  jitter: string;
  timeoutSeconds: string;
}

export const blankTaskForm = (timezone: string, runAt: string): TaskForm => ({
  channel: 'webhook',
  webhookUrl: '',
  webhookMethod: 'POST',
  webhookHeaders: '',
  webhookBody: '',
  emailTo: '',
  emailSubject: '',
  emailText: '',
  smsTo: '',
  smsBody: '',
  when: 'in',
  runAt,
  timezone,
  inAmount: '10',
  inUnit: 'M',
  withinAmount: '3',
  withinUnit: 'D',
  recurrence: 'cron',
  cron: '0 9 * * 1-5',
  everyAmount: '15',
  everyUnit: 'M',
  priority: '',
  position: '',
  deadline: '',
  key: '',
  debounceSeconds: '',
  maxWaitSeconds: '',
  stream: '',
  maxAttempts: '',
  backoff: '',
  baseDelaySeconds: '',
  maxDelaySeconds: '',
  jitter: '',
  timeoutSeconds: '',
});

/**
 * The API paths the form has a control for; the API's 400 issues are shown on these, the rest
 * (such as `webhook` missing as a whole) above the form.
 */
export const taskFormFields = [
  'channel',
  'webhook.url',
  'webhook.method',
  'webhook.headers',
  'webhook.body',
  'email.to',
  'email.subject',
  'email.text',
  'sms.to',
  'sms.body',
  'runAt',
  'timezone',
  'delay',
  'within',
  'cron',
  'every',
  'priority',
  'position',
  'deadline',
  'key',
  'debounce.period',
  'debounce.maxWait',
  'stream',
  'retry.maxAttempts',
  'retry.backoff',
  'retry.baseDelay',
  'retry.maxDelay',
  'retry.jitter',
  'timeout',
] as const;

/** Fields under "Advanced", opened when one of them has an error. */
export const advancedFields = ['priority', 'position', 'deadline', 'key', 'debounce', 'stream', 'retry', 'timeout'];

/** A number when the text is one, else the text itself, for the API to name the field it refuses. */
const numberOr = (text: string) => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text);
const secondsAsMs = (text: string) => (text.trim() !== '' && Number.isFinite(Number(text)) ? Math.round(Number(text) * 1000) : text);
const given = (text: string) => text.trim() !== '';

function headersOf(text: string): Record<string, string> | undefined {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (lines.length === 0) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    // A line without a colon goes as a name the API refuses, naming it.
    if (colon < 0) headers[line.trim()] = '';
    else headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** A body that looks like JSON is sent as JSON; anything else as plain text. */
function bodyOf(text: string): unknown {
  if (!given(text)) return undefined;
  if (/^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function targetOf(form: TaskForm): Pick<Schemas['CreateTaskRequest'], 'webhook' | 'email' | 'sms'> {
  switch (form.channel) {
    case 'webhook': {
      const headers = headersOf(form.webhookHeaders);
      const body = bodyOf(form.webhookBody);
      return {
        webhook: {
          url: form.webhookUrl.trim(),
          method: form.webhookMethod,
          ...(headers ? { headers } : {}),
          ...(body !== undefined ? { body } : {}),
        },
      };
    }
    case 'email':
      return { email: { to: form.emailTo.trim(), subject: form.emailSubject, text: form.emailText } };
    case 'sms':
      return { sms: { to: form.smsTo.trim(), body: form.smsBody } };
  }
}

function deliveryOf(form: TaskForm): Schemas['TaskTemplate'] {
  const retry = {
    ...(given(form.maxAttempts) ? { maxAttempts: numberOr(form.maxAttempts) } : {}),
    ...(form.backoff ? { backoff: form.backoff } : {}),
    ...(given(form.baseDelaySeconds) ? { baseDelay: secondsAsMs(form.baseDelaySeconds) } : {}),
    ...(given(form.maxDelaySeconds) ? { maxDelay: secondsAsMs(form.maxDelaySeconds) } : {}),
    ...(given(form.jitter) ? { jitter: numberOr(form.jitter) } : {}),
  } as Schemas['RetryPolicy'];
  return {
    channel: form.channel,
    ...targetOf(form),
    ...(form.priority ? { priority: form.priority } : {}),
    ...(form.position ? { position: form.position } : {}),
    ...(given(form.stream) ? { stream: form.stream.trim() } : {}),
    ...(Object.keys(retry).length > 0 ? { retry } : {}),
    ...(given(form.timeoutSeconds) ? { timeout: secondsAsMs(form.timeoutSeconds) as number } : {}),
  };
}

export type TaskFormRequest =
  | { kind: 'task'; body: Schemas['CreateTaskRequest'] }
  | { kind: 'schedule'; body: Schemas['CreateScheduleRequest'] };

/** The request the form stands for: a task, or a schedule when the time is recurring. */
export function requestOf(form: TaskForm): TaskFormRequest {
  const delivery = deliveryOf(form);
  if (form.when === 'recurring') {
    return {
      kind: 'schedule',
      body: {
        ...(form.recurrence === 'cron' ? { cron: form.cron.trim() } : { every: isoDuration(form.everyAmount, form.everyUnit) }),
        timezone: form.timezone,
        ...(given(form.key) ? { key: form.key.trim() } : {}),
        task: delivery,
      },
    };
  }
  // A debounce decides the due time itself: the time chosen above is not sent with it.
  const debounce = given(form.debounceSeconds)
    ? {
        period: secondsAsMs(form.debounceSeconds),
        ...(given(form.maxWaitSeconds) ? { maxWait: secondsAsMs(form.maxWaitSeconds) } : {}),
      } as Schemas['Debounce']
    : undefined;
  const deadline = given(form.deadline) ? (zonedToInstant(form.deadline, form.timezone)?.toISOString() ?? form.deadline) : undefined;
  const timing =
    form.when === 'at'
      ? { runAt: form.runAt, timezone: form.timezone }
      : form.when === 'in'
        ? { delay: isoDuration(form.inAmount, form.inUnit) }
        : { within: isoDuration(form.withinAmount, form.withinUnit) };
  return {
    kind: 'task',
    body: {
      ...delivery,
      ...(debounce ? { debounce } : timing),
      ...(deadline ? { deadline } : {}),
      ...(given(form.key) ? { key: form.key.trim() } : {}),
    },
  };
}
