import { deliveryChannels } from './keys.js';
import type { QueuedTask, RetryBackoff, WebhookRequest } from './queuedTask.js';
import { currentTaskFormat, defaultsOfFormat, type TaskFormatDefaults } from './taskFormats.js';

/**
 * The form a task takes in Redis: JSON with one-letter fields, and every field that has its usual
 * value left out, because Redis holds every task of the next hour and each byte counts once per
 * task (a full JSON task with its defaults is ~330 bytes; this form of the same task ~90).
 * Lua reads `c`, `p`, `d`, `s`, `x`, `a` and `t` (lua/includes/taskFields.lua, with the defaults
 * of src/taskFormats.ts injected); only this module writes or reads the rest.
 *
 *   v format number (src/taskFormats.ts: which defaults the absent fields take; absent: 0)
 *   c channel index (0 webhook, absent)    p priority (1, absent)      d deadline bump time (ms)
 *   s stream key                           x expiresAt (ms)            a maxAttempts (5, absent)
 *   t timeoutMs (30000, absent)            r backoff [kind, base, max, jitter] (exponential 2 s..10 min, 0.5)
 *   g replay number (absent on a task's first run, so a task never replayed pays no byte for it)
 *   o ownerId (O: a UUID as 22 base64url characters)
 *   webhook: u url, m method (POST, absent), h headers, b body, k content-type the body implied
 *            (1 application/json, 2 text/plain; charset=utf-8), left out of `h`
 *   email: E {to, subject, text, html};  sms: S {to, body}
 */
export const taskDefaults: Readonly<TaskFormatDefaults> = defaultsOfFormat(currentTaskFormat);

interface EncodedTask {
  v?: number;
  c?: number;
  p?: 0 | 2;
  d?: number;
  s?: string;
  x?: number;
  a?: number;
  t?: number;
  r?: [0 | 1, number, number, number];
  g?: number;
  o?: string;
  O?: string;
  u?: string;
  m?: WebhookRequest['method'];
  h?: Record<string, string>;
  b?: string;
  k?: 1 | 2;
  E?: Extract<QueuedTask, { channel: 'email' }>['email'];
  S?: Extract<QueuedTask, { channel: 'sms' }>['sms'];
}

const impliedContentTypes = ['application/json', 'text/plain; charset=utf-8'] as const;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const sameBackoff = (a: RetryBackoff, b: RetryBackoff) =>
  a.kind === b.kind && a.baseMs === b.baseMs && a.maxMs === b.maxMs && a.jitter === b.jitter;

function encodeWebhook(out: EncodedTask, webhook: WebhookRequest): void {
  out.u = webhook.url;
  if (webhook.method !== taskDefaults.method) out.m = webhook.method;
  const headers = { ...webhook.headers };
  const implied = impliedContentTypes.indexOf(headers['content-type'] as (typeof impliedContentTypes)[number]);
  if (webhook.body !== undefined && implied >= 0) {
    out.k = (implied + 1) as 1 | 2;
    delete headers['content-type'];
  }
  if (Object.keys(headers).length > 0) out.h = headers;
  if (webhook.body !== undefined) out.b = webhook.body;
}

// Tasks are queued in batches of one owner's: the last owner's form is kept rather than worked
// out again for each of a thousand tasks.
let lastOwner = { id: '', encoded: undefined as string | undefined };

/** A UUID owner as 22 base64url characters; undefined for an owner id of another form. */
function encodedOwner(ownerId: string): string | undefined {
  if (lastOwner.id !== ownerId) {
    const encoded = uuidPattern.test(ownerId)
      ? Buffer.from(ownerId.replaceAll('-', ''), 'hex').toString('base64url')
      : undefined;
    lastOwner = { id: ownerId, encoded };
  }
  return lastOwner.encoded;
}

export function encodeQueuedTask(task: QueuedTask): string {
  const out: EncodedTask = { v: currentTaskFormat };
  const channel = deliveryChannels.indexOf(task.channel);
  if (channel !== 0) out.c = channel;
  if (task.priority !== taskDefaults.priority) out.p = task.priority as 0 | 2;
  if (task.bumpAt !== undefined) out.d = task.bumpAt;
  if (task.streamKey !== undefined) out.s = task.streamKey;
  if (task.expiresAt !== undefined) out.x = task.expiresAt;
  if (task.replay !== undefined && task.replay > 0) out.g = task.replay;
  if (task.maxAttempts !== taskDefaults.maxAttempts) out.a = task.maxAttempts;
  if (task.timeoutMs !== taskDefaults.timeoutMs) out.t = task.timeoutMs;
  if (!sameBackoff(task.backoff, taskDefaults.backoff)) {
    const { kind, baseMs, maxMs, jitter } = task.backoff;
    out.r = [kind === 'fixed' ? 1 : 0, baseMs, maxMs, jitter];
  }
  const owner = encodedOwner(task.ownerId);
  if (owner !== undefined) out.O = owner;
  else out.o = task.ownerId;
  if (task.channel === 'webhook') encodeWebhook(out, task.webhook);
  else if (task.channel === 'email') out.E = task.email;
  else out.S = task.sms;
  return JSON.stringify(out);
}

function decodeOwner(e: EncodedTask): string {
  if (e.O === undefined) return e.o!;
  const hex = Buffer.from(e.O, 'base64url').toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function decodeWebhook(e: EncodedTask, defaults: Readonly<TaskFormatDefaults>): WebhookRequest {
  const headers: Record<string, string> = { ...e.h };
  if (e.k !== undefined) headers['content-type'] = impliedContentTypes[e.k - 1]!;
  const webhook: WebhookRequest = { url: e.u!, method: e.m ?? defaults.method, headers };
  if (e.b !== undefined) webhook.body = e.b;
  return webhook;
}

/** The task an entry holds; throws TaskFormatTooNewError for a format this release does not read. */
export function decodeQueuedTask(encoded: string): QueuedTask {
  const e = JSON.parse(encoded) as EncodedTask;
  const defaults = defaultsOfFormat(e.v ?? 0);
  const settings = {
    ownerId: decodeOwner(e),
    priority: e.p ?? defaults.priority,
    maxAttempts: e.a ?? defaults.maxAttempts,
    timeoutMs: e.t ?? defaults.timeoutMs,
    backoff: e.r
      ? ({
          kind: e.r[0] === 1 ? 'fixed' : 'exponential',
          baseMs: e.r[1],
          maxMs: e.r[2],
          jitter: e.r[3],
        } as RetryBackoff)
      : { ...defaults.backoff },
    ...(e.d !== undefined && { bumpAt: e.d }),
    ...(e.s !== undefined && { streamKey: e.s }),
    ...(e.x !== undefined && { expiresAt: e.x }),
    ...(e.g !== undefined && { replay: e.g }),
  };
  const channel = deliveryChannels[e.c ?? 0]!;
  if (channel === 'email') return { channel, email: e.E!, ...settings };
  if (channel === 'sms') return { channel, sms: e.S!, ...settings };
  return { channel, webhook: decodeWebhook(e, defaults), ...settings };
}
