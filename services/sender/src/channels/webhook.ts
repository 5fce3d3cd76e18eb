import { Agent, interceptors, request, type Dispatcher } from 'undici';
import { guardedConnector, type EgressPolicy } from '@later/egress';
import { deliveryIdOf, type QueuedTask } from '@later/queue';
import type { Channel, DeliveryContext, DeliveryResult } from './channel.js';
import { deliverySignal } from './deliverySignal.js';
import { classifyStatus, parseRetryAfter, readSnippet } from './httpAnswer.js';
import { httpFailureClass, networkFailureClass } from './failureClass.js';
import { deliveryHeaders } from './webhookHeaders.js';

/** Most of a successful response read before the connection is dropped: receivers answer, not stream. */
const successBodyLimit = 64 * 1024;
/** Failures that are ours to refuse, not the receiver's to fix later: never retried. */
const permanentErrorCodes = new Set(['ETARGETBLOCKED', 'UND_ERR_INVALID_ARG', 'ERR_INVALID_URL']);


export class WebhookChannel implements Channel {
  private readonly agent: Agent;
  private readonly dispatcher: Dispatcher;

  /**
   * Connections go through the egress guard (checked on the resolved address, for every
   * redirect hop too); at most `redirectLimit` redirects are followed, after which the last
   * 3xx is a permanent failure.
   */
  constructor(policy: EgressPolicy, private readonly redirectLimit: number) {
    this.agent = new Agent({ connections: 256, keepAliveTimeout: 4000, connect: guardedConnector(policy, { timeout: 5000 }) });
    this.dispatcher = redirectLimit > 0 ? this.agent.compose(interceptors.redirect({ maxRedirections: redirectLimit })) : this.agent;
  }

  async deliver(task: QueuedTask, context: DeliveryContext): Promise<DeliveryResult> {
    if (task.channel !== 'webhook') return { outcome: 'permanent', error: 'not a webhook task', errorClass: 'invalid_request' };
    const { webhook } = task;
    const attempt = deliverySignal(task.timeoutMs, context.signal);
    const headers = deliveryHeaders(webhook.headers, {
      id: deliveryIdOf(context.taskId, task),
      attempt: context.attempt,
      secrets: context.signingSecrets,
      body: webhook.body ?? '',
    });
    try {
      const response = await request(webhook.url, {
        method: webhook.method,
        headers: headers.signed,
        body: webhook.body,
        signal: attempt.signal,
        dispatcher: this.dispatcher,
      });
      const outcome = classifyStatus(response.statusCode);
      if (outcome === 'success') {
        await response.body.dump({ limit: successBodyLimit });
        return { outcome, httpStatus: response.statusCode };
      }
      const snippet = await readSnippet(response.body);
      const redirected = response.statusCode >= 300 && response.statusCode < 400;
      return {
        outcome,
        httpStatus: response.statusCode,
        errorClass: httpFailureClass(response.statusCode),
        error: redirected
          ? `HTTP ${response.statusCode}: redirects are followed ${this.redirectLimit} times at most`
          : `HTTP ${response.statusCode}${snippet ? `: ${snippet}` : ''}`,
        retryAfterMs: parseRetryAfter(response.headers['retry-after']),
      };
    } catch (err) {
      if (attempt.timedOut()) return { outcome: 'retryable', error: `timed out after ${task.timeoutMs} ms`, errorClass: 'timeout' };
      if (context.signal.aborted) return { outcome: 'retryable', error: 'sender stopped before the receiver answered', errorClass: 'interrupted' };
      const { code, message } = err as { code?: string; message?: string };
      const outcome = code && permanentErrorCodes.has(code) ? 'permanent' : 'retryable';
      return { outcome, error: code ? `${code}: ${message}` : String(message ?? err), errorClass: networkFailureClass(code) };
    } finally {
      attempt.done();
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
