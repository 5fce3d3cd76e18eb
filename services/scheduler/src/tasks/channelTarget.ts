import type { ChannelTarget, WebhookRequest } from '@later/queue';
import type { EmailMessageSpec, SmsMessageSpec, WebhookTargetSpec } from '@later/types';
import { fieldError } from '../schedulingError.js';

export type ChannelName = 'webhook' | 'email' | 'sms';
type Targets = { webhook?: WebhookTargetSpec; email?: EmailMessageSpec; sms?: SmsMessageSpec };

/** The target object a request gives for its channel (the schemas made sure it is there). */
export function targetOf(channel: ChannelName, request: Targets): unknown {
  return request[channel];
}

/**
 * A task update may replace the target of the task's own channel only; the schemas cannot
 * know the channel of an existing task, so it is checked here.
 */
export function updatedTarget(channel: ChannelName, current: unknown, changes: Targets): unknown {
  for (const field of ['webhook', 'email', 'sms'] as const) {
    if (field !== channel && changes[field] !== undefined)
      throw fieldError(field, `is only for channel ${field}; this task is ${channel}`);
  }
  return changes[channel] ?? current;
}

/** What failures of this target are grouped by: a webhook's host, an email's domain, or the channel. */
export function targetHost(channel: ChannelName, target: unknown): string {
  if (channel === 'webhook') return new URL((target as WebhookTargetSpec).url).host;
  if (channel === 'email') return (target as EmailMessageSpec).to.split('@').pop()!.toLowerCase();
  return channel;
}

/** What a sender delivers for this target. */
export function channelTarget(channel: ChannelName, target: unknown): ChannelTarget {
  switch (channel) {
    case 'webhook':
      return { channel, webhook: webhookRequest(target as WebhookTargetSpec) };
    case 'email': {
      const { to, subject, text, html } = target as EmailMessageSpec;
      return { channel, email: { to, subject, text, ...(html !== undefined ? { html } : {}) } };
    }
    case 'sms': {
      const { to, body } = target as SmsMessageSpec;
      return { channel, sms: { to, body } };
    }
  }
}

const hasHeader = (headers: Record<string, string>, name: string) =>
  Object.keys(headers).some((h) => h.toLowerCase() === name);

/** The HTTP request a webhook task sends, with its body serialised once, here. */
function webhookRequest(spec: WebhookTargetSpec): WebhookRequest {
  const headers: Record<string, string> = { ...spec.headers };
  const request: WebhookRequest = { url: spec.url, method: spec.method ?? 'POST', headers };
  if (spec.body !== undefined) {
    const isText = typeof spec.body === 'string';
    request.body = isText ? (spec.body as string) : JSON.stringify(spec.body);
    if (!hasHeader(headers, 'content-type')) {
      headers['content-type'] = isText ? 'text/plain; charset=utf-8' : 'application/json';
    }
  }
  return request;
}
