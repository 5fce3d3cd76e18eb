import type { Schemas } from '../api/client';
import { isoDuration, type DurationUnit } from '../forms/durations';
import {
  bodyOf,
  chosen,
  headersOf,
  instantIfGiven,
  msIfGiven,
  numberIfGiven,
  trimmed,
  trimmedIfGiven,
} from './typedText';

export type When = 'at' | 'in' | 'within' | 'recurring';
export type Recurrence = 'cron' | 'every';

/** Where the New task form starts: the user's zone, and the date-time "At" offers first. */
export interface FormStart {
  timezone: string;
  runAt: string;
}

/** `retry` and `retry.jitter` for `{ retry?: { jitter?: number } }`: the API paths of a request. */
type PathsOf<T> = {
  [K in keyof T & string]-?:
    K | (NonNullable<T[K]> extends Record<string, unknown> ? `${K}.${keyof NonNullable<T[K]> & string}` : never);
}[keyof T & string];
type DeliveryPath = PathsOf<Schemas['TaskTemplate']>;
type RequestPath = Exclude<
  PathsOf<Schemas['CreateTaskRequest']> | PathsOf<Schemas['CreateScheduleRequest']>,
  DeliveryPath | `task${string}`
>;

interface Sent<V> {
  /** Whether the form, as it stands (the channel or kind of time chosen), sends the field; always if absent. */
  sentIf?: (form: TaskForm) => boolean;
  /** What the field sends, `undefined` for nothing; the value as it is if absent. */
  send?: (value: V, form: TaskForm) => unknown;
  /** Under "Advanced", which opens when the field has an error. */
  advanced?: true;
}

/**
 * One field of the New task form. `path` is the API path it fills; an API issue on it, or under it,
 * is shown beside its control. A delivery field goes into the task (a schedule's `task`), a request
 * field beside it (the time, the key). A field without a path is a choice of the form, not sent.
 */
export type TaskField<V> = { blank: V | ((start: FormStart) => V) } & (
  | ({ part: 'delivery'; path: DeliveryPath } & Sent<V>)
  | ({ part: 'request'; path: RequestPath } & Sent<V>)
  | { [K in 'part' | 'path' | keyof Sent<V>]?: never }
);

// The arrow functions below declare what they return: TaskForm is derived from this very object.
const field = <V>(spec: TaskField<V>) => spec;
const webhook = (form: TaskForm): boolean => form.channel === 'webhook';
const email = (form: TaskForm): boolean => form.channel === 'email';
const sms = (form: TaskForm): boolean => form.channel === 'sms';
const whenIs =
  (...modes: When[]) =>
  (form: TaskForm): boolean =>
    modes.includes(form.when);
/** A debounce decides the due time itself: the time chosen above is not sent with it. */
const debounced = (form: TaskForm): boolean => form.when !== 'recurring' && form.debounceSeconds.trim() !== '';
const timedBy =
  (mode: When) =>
  (form: TaskForm): boolean =>
    form.when === mode && !debounced(form);
const repeatedBy =
  (recurrence: Recurrence) =>
  (form: TaskForm): boolean =>
    form.when === 'recurring' && form.recurrence === recurrence;

/**
 * Every field of the New task form, in the order it shows them. A new field is one entry here (and
 * its control, named by its path): the form's state, its blank value, where its errors go and the
 * request are derived from this.
 */
export const taskFields = {
  channel: field<Schemas['Channel']>({ blank: 'webhook', part: 'delivery', path: 'channel' }),
  webhookMethod: field<NonNullable<Schemas['WebhookTarget']['method']>>({
    blank: 'POST',
    part: 'delivery',
    path: 'webhook.method',
    sentIf: webhook,
  }),
  webhookUrl: field({ blank: '', part: 'delivery', path: 'webhook.url', sentIf: webhook, send: trimmed }),
  webhookHeaders: field({ blank: '', part: 'delivery', path: 'webhook.headers', sentIf: webhook, send: headersOf }),
  webhookBody: field({ blank: '', part: 'delivery', path: 'webhook.body', sentIf: webhook, send: bodyOf }),
  emailTo: field({ blank: '', part: 'delivery', path: 'email.to', sentIf: email, send: trimmed }),
  emailSubject: field({ blank: '', part: 'delivery', path: 'email.subject', sentIf: email }),
  emailText: field({ blank: '', part: 'delivery', path: 'email.text', sentIf: email }),
  smsTo: field({ blank: '', part: 'delivery', path: 'sms.to', sentIf: sms, send: trimmed }),
  smsBody: field({ blank: '', part: 'delivery', path: 'sms.body', sentIf: sms }),

  when: field<When>({ blank: 'in' }),
  runAt: field({ blank: (start) => start.runAt, part: 'request', path: 'runAt', sentIf: timedBy('at') }),
  inUnit: field<DurationUnit>({ blank: 'M' }),
  inAmount: field({
    blank: '10',
    part: 'request',
    path: 'delay',
    sentIf: timedBy('in'),
    send: (amount, form): string => isoDuration(amount, form.inUnit),
  }),
  withinUnit: field<DurationUnit>({ blank: 'D' }),
  withinAmount: field({
    blank: '3',
    part: 'request',
    path: 'within',
    sentIf: timedBy('within'),
    send: (amount, form): string => isoDuration(amount, form.withinUnit),
  }),
  recurrence: field<Recurrence>({ blank: 'cron' }),
  cron: field({ blank: '0 9 * * 1-5', part: 'request', path: 'cron', sentIf: repeatedBy('cron'), send: trimmed }),
  everyUnit: field<DurationUnit>({ blank: 'M' }),
  everyAmount: field({
    blank: '15',
    part: 'request',
    path: 'every',
    sentIf: repeatedBy('every'),
    send: (amount, form): string => isoDuration(amount, form.everyUnit),
  }),
  timezone: field({
    blank: (start) => start.timezone,
    part: 'request',
    path: 'timezone',
    sentIf: (form): boolean => form.when === 'recurring' || timedBy('at')(form),
  }),

  priority: field<'' | Schemas['Priority']>({
    blank: '',
    part: 'delivery',
    path: 'priority',
    send: chosen,
    advanced: true,
  }),
  position: field<'' | Schemas['Position']>({
    blank: '',
    part: 'delivery',
    path: 'position',
    send: chosen,
    advanced: true,
  }),
  deadline: field({
    blank: '',
    part: 'request',
    path: 'deadline',
    sentIf: whenIs('at', 'in', 'within'),
    send: (local, form): string | undefined => instantIfGiven(local, form.timezone),
    advanced: true,
  }),
  key: field({ blank: '', part: 'request', path: 'key', send: trimmedIfGiven, advanced: true }),
  /** With a key: due this long after the newest task of the key (trailing debounce). */
  debounceSeconds: field({
    blank: '',
    part: 'request',
    path: 'debounce.period',
    sentIf: whenIs('at', 'in', 'within'),
    send: msIfGiven,
    advanced: true,
  }),
  maxWaitSeconds: field({
    blank: '',
    part: 'request',
    path: 'debounce.maxWait',
    sentIf: debounced,
    send: msIfGiven,
    advanced: true,
  }),
  stream: field({ blank: '', part: 'delivery', path: 'stream', send: trimmedIfGiven, advanced: true }),
  timeoutSeconds: field({ blank: '', part: 'delivery', path: 'timeout', send: msIfGiven, advanced: true }),
  maxAttempts: field({ blank: '', part: 'delivery', path: 'retry.maxAttempts', send: numberIfGiven, advanced: true }),
  backoff: field<'' | 'fixed' | 'exponential'>({
    blank: '',
    part: 'delivery',
    path: 'retry.backoff',
    send: chosen,
    advanced: true,
  }),
  baseDelaySeconds: field({ blank: '', part: 'delivery', path: 'retry.baseDelay', send: msIfGiven, advanced: true }),
  maxDelaySeconds: field({ blank: '', part: 'delivery', path: 'retry.maxDelay', send: msIfGiven, advanced: true }),
  jitter: field({ blank: '', part: 'delivery', path: 'retry.jitter', send: numberIfGiven, advanced: true }),
};

/** Everything the New task form holds, as typed (strings), before it becomes a request. */
export type TaskForm = {
  -readonly [K in keyof typeof taskFields]: (typeof taskFields)[K] extends { blank: infer V }
    ? Exclude<V, (start: FormStart) => unknown>
    : never;
};
