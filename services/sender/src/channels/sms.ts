import { Agent, request } from 'undici';
import { deliveryIdOf, type AttemptExcerpt, type ExcerptRequest, type QueuedTask } from '@later/queue';
import type { Channel, DeliveryContext, DeliveryResult } from './channel.js';
import { deliverySignal } from './deliverySignal.js';
import { bodyExcerpt, errorSnippet, readBodyExcerpt, redactHeaders, redactUrl } from './excerpt.js';
import { classifyStatus } from './httpAnswer.js';
import { httpFailureClass, networkFailureClass } from './failureClass.js';

export interface SmsProviderSettings {
  /** Base URL of a provider speaking Twilio's Messages API (https://api.twilio.com, or a test server). */
  baseUrl: string;
  accountSid: string;
  authToken: string;
  from: string;
}

/**
 * Sends SMS through a provider speaking Twilio's Messages API: POST a form (To, From, Body) to
 * /2010-04-01/Accounts/{AccountSid}/Messages.json with HTTP Basic auth. 2xx is sent; 429 and
 * 5xx are worth retrying; other 4xx (an invalid number, say) are not.
 */
export class SmsChannel implements Channel {
  private readonly agent = new Agent({ connections: 16, keepAliveTimeout: 4000, connect: { timeout: 5000 } });
  private readonly url: string;
  private readonly authorization: string;

  constructor(private readonly provider: SmsProviderSettings) {
    this.url = `${provider.baseUrl.replace(/\/$/, '')}/2010-04-01/Accounts/${encodeURIComponent(provider.accountSid)}/Messages.json`;
    this.authorization = `Basic ${Buffer.from(`${provider.accountSid}:${provider.authToken}`).toString('base64')}`;
  }

  async deliver(task: QueuedTask, context: DeliveryContext): Promise<DeliveryResult> {
    if (task.channel !== 'sms')
      return { outcome: 'permanent', error: 'not an SMS task', errorClass: 'invalid_request' };
    const attempt = deliverySignal(task.timeoutMs, context.signal);
    // The delivery id, as email carries it: the provider ignores it; a local catcher (npm run dev) files the message under its task by it.
    const headers = {
      authorization: this.authorization,
      'content-type': 'application/x-www-form-urlencoded',
      'later-delivery-id': deliveryIdOf(context.taskId, task),
    };
    const form = new URLSearchParams({ To: task.sms.to, From: this.provider.from, Body: task.sms.body }).toString();
    // The form holds no credential (they are in the Authorization header, redacted).
    const sent: ExcerptRequest = {
      method: 'POST',
      url: redactUrl(this.url),
      headers: redactHeaders(headers),
      to: task.sms.to,
      from: this.provider.from,
      body: bodyExcerpt(form),
    };
    try {
      const response = await request(this.url, {
        method: 'POST',
        headers,
        body: form,
        signal: attempt.signal,
        dispatcher: this.agent,
      });
      const outcome = classifyStatus(response.statusCode);
      const answer = await readBodyExcerpt(response.body, response.headers['content-length']);
      const excerpt: AttemptExcerpt = {
        request: sent,
        response: { status: response.statusCode, headers: redactHeaders(response.headers), body: answer },
      };
      if (outcome === 'success') return { outcome, httpStatus: response.statusCode, excerpt };
      const snippet = errorSnippet(answer);
      return {
        outcome,
        httpStatus: response.statusCode,
        error: `provider answered ${response.statusCode}${snippet ? `: ${snippet}` : ''}`,
        errorClass: httpFailureClass(response.statusCode),
        excerpt,
      };
    } catch (err) {
      const excerpt: AttemptExcerpt = { request: sent };
      if (attempt.timedOut())
        return { outcome: 'retryable', error: `timed out after ${task.timeoutMs} ms`, errorClass: 'timeout', excerpt };
      const { code, message } = err as { code?: string; message?: string };
      return {
        outcome: 'retryable',
        error: code ? `${code}: ${message}` : String(message ?? err),
        errorClass: networkFailureClass(code),
        excerpt,
      };
    } finally {
      attempt.done();
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
