import { Agent, request } from 'undici';
import { deliveryIdOf, type QueuedTask } from '@later/queue';
import type { Channel, DeliveryContext, DeliveryResult } from './channel.js';
import { deliverySignal } from './deliverySignal.js';
import { classifyStatus, readSnippet } from './httpAnswer.js';
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
    if (task.channel !== 'sms') return { outcome: 'permanent', error: 'not an SMS task', errorClass: 'invalid_request' };
    const attempt = deliverySignal(task.timeoutMs, context.signal);
    try {
      const response = await request(this.url, {
        method: 'POST',
        // The delivery id, as email carries it: the provider ignores it; a local catcher (npm run dev) files the message under its task by it.
        headers: {
          authorization: this.authorization,
          'content-type': 'application/x-www-form-urlencoded',
          'later-delivery-id': deliveryIdOf(context.taskId, task),
        },
        body: new URLSearchParams({ To: task.sms.to, From: this.provider.from, Body: task.sms.body }).toString(),
        signal: attempt.signal,
        dispatcher: this.agent,
      });
      const outcome = classifyStatus(response.statusCode);
      if (outcome === 'success') {
        await response.body.dump({ limit: 64 * 1024 });
        return { outcome, httpStatus: response.statusCode };
      }
      const snippet = await readSnippet(response.body);
      return {
        outcome,
        httpStatus: response.statusCode,
        error: `provider answered ${response.statusCode}${snippet ? `: ${snippet}` : ''}`,
        errorClass: httpFailureClass(response.statusCode),
      };
    } catch (err) {
      if (attempt.timedOut()) return { outcome: 'retryable', error: `timed out after ${task.timeoutMs} ms`, errorClass: 'timeout' };
      const { code, message } = err as { code?: string; message?: string };
      return { outcome: 'retryable', error: code ? `${code}: ${message}` : String(message ?? err), errorClass: networkFailureClass(code) };
    } finally {
      attempt.done();
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
