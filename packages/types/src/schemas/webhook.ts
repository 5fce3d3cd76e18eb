import { z } from 'zod';
import { webhookMethods } from './enums.js';
import { StoredText, checkStoredJson } from './storedText.js';

export const maxWebhookBodyBytes = 256 * 1024;

const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$/;
/** Headers the transport sets itself; letting a caller set them would corrupt the request. */
const reservedHeaders = new Set([
  'host',
  'content-length',
  'connection',
  'transfer-encoding',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
]);

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * What an HTTP header value may hold, as the sender's HTTP client (undici, like Node) checks it:
 * tab, visible ASCII, space and Latin-1. Anything else (a control character, DEL, a line break)
 * would fail every delivery attempt, so it is refused when the task is created. It holds no NUL
 * and no surrogate, so such a value is also storable text.
 */
const headerValue = /^[\t\x20-\x7e\x80-\xff]*$/;

const WebhookHeaders = z
  .record(
    z.string(),
    z.string().max(8192).regex(headerValue, 'must be one line of printable Latin-1 text (no control characters)'),
  )
  .superRefine((headers, ctx) => {
    const names = Object.keys(headers);
    if (names.length > 50) ctx.addIssue({ code: 'custom', message: 'at most 50 headers' });
    for (const name of names) {
      if (!headerName.test(name)) {
        ctx.addIssue({ code: 'custom', path: [name], message: 'is not a valid header name' });
      } else if (reservedHeaders.has(name.toLowerCase()) || name.toLowerCase().startsWith('later-')) {
        ctx.addIssue({ code: 'custom', path: [name], message: 'is set by Later and cannot be overridden' });
      }
    }
  });

const HttpUrl = StoredText.max(2048).refine(isHttpUrl, 'must be an http or https URL');

/** A string is sent as is, any other JSON value as JSON; either is stored, so its text must be storable. */
const WebhookBody = z.unknown().superRefine((body, ctx) => {
  if (body === undefined || !checkStoredJson(body, ctx)) return;
  if (Buffer.byteLength(typeof body === 'string' ? body : JSON.stringify(body)) > maxWebhookBodyBytes) {
    ctx.addIssue({ code: 'custom', message: `must be at most ${maxWebhookBodyBytes} bytes` });
  }
});

export const WebhookTarget = z
  .strictObject({
    url: HttpUrl,
    method: z.enum(webhookMethods).optional(),
    headers: WebhookHeaders.optional(),
    body: WebhookBody.optional(),
  })
  .superRefine((target, ctx) => {
    if (target.method === 'GET' && target.body !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['body'], message: 'a GET request cannot carry a body' });
    }
  });

/** Where the outcome of a task is posted once it is delivered or dead. */
export const Callback = z.strictObject({
  url: HttpUrl,
});

export const EmailMessage = z.strictObject({
  to: z.email().max(254),
  subject: StoredText.min(1)
    .max(200)
    .regex(/^[^\r\n]*$/, 'must be one line'),
  text: StoredText.max(100_000),
  html: StoredText.max(200_000).optional(),
});

/** E.164: a plus, a country code, at most 15 digits in all. */
export const e164Pattern = /^\+[1-9][0-9]{6,14}$/;

export const SmsMessage = z.strictObject({
  to: z.string().regex(e164Pattern, 'must be an E.164 phone number such as +4915112345678'),
  body: StoredText.min(1).max(1600),
});

type ChannelTargets = { channel: string; webhook?: unknown; email?: unknown; sms?: unknown };
const targetFields = ['webhook', 'email', 'sms'] as const;

/** A task gives the target of its channel and no other: `channel: "email"` needs `email`. */
export function checkChannelTarget(task: ChannelTargets, ctx: z.RefinementCtx): void {
  for (const field of targetFields) {
    if (field === task.channel && task[field] === undefined) {
      ctx.addIssue({ code: 'custom', path: [field], message: `is required when channel is ${field}` });
    } else if (field !== task.channel && task[field] !== undefined) {
      ctx.addIssue({ code: 'custom', path: [field], message: `is only for channel ${field}` });
    }
  }
}
