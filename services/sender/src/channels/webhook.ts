import { Agent, request } from 'undici';
import { guardedConnector, type EgressPolicy } from '@later/egress';
import { deliveryIdOf, type QueuedTask } from '@later/queue';
import type { Channel, DeliveryContext, DeliveryResult } from './channel.js';
import { deliverySignal } from './deliverySignal.js';
import { classifyStatus, parseRetryAfter, readSnippet } from './httpAnswer.js';
import { httpFailureClass, networkFailureClass } from './failureClass.js';
import { redirectTarget } from './redirectTarget.js';
import { deliveryHeaders } from './webhookHeaders.js';

/** Most of a successful response read before the connection is dropped: receivers answer, not stream. */
const successBodyLimit = 64 * 1024;
/** Failures that are ours to refuse, not the receiver's to fix later: never retried. */
const permanentErrorCodes = new Set(['ETARGETBLOCKED', 'UND_ERR_INVALID_ARG', 'ERR_INVALID_URL']);

export class WebhookChannel implements Channel {
  private readonly agent: Agent;

  /**
   * Connections go through the egress guard (checked on the resolved address, for every
   * redirect hop too); at most `redirectLimit` redirects (307 or 308 only) are followed, after
   * which the next 3xx is a permanent failure.
   */
  constructor(policy: EgressPolicy, private readonly redirectLimit: number) {
    this.agent = new Agent({ connections: 256, keepAliveTimeout: 4000, connect: guardedConnector(policy, { timeout: 5000 }) });
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
      let url = new URL(webhook.url);
      let crossedOrigin = false;
      for (let redirects = 0; ; redirects++) {
        const response = await request(url, {
          method: webhook.method,
          // Once a hop left the task's origin, the rest of the chain goes without them too.
          headers: crossedOrigin ? headers.crossOrigin : headers.signed,
          body: webhook.body,
          signal: attempt.signal,
          dispatcher: this.agent,
        });
        const status = response.statusCode;
        const outcome = classifyStatus(status);
        if (outcome === 'success') {
          await response.body.dump({ limit: successBodyLimit });
          return { outcome, httpStatus: status };
        }
        const snippet = await readSnippet(response.body);
        const fail = (error: string): DeliveryResult => ({
          outcome,
          httpStatus: status,
          errorClass: httpFailureClass(status),
          error,
          retryAfterMs: parseRetryAfter(response.headers['retry-after']),
        });
        if (status < 300 || status >= 400) return fail(`HTTP ${status}${snippet ? `: ${snippet}` : ''}`);
        const target = redirectTarget(url, status, response.headers.location);
        if ('refused' in target) return fail(target.refused);
        if (redirects === this.redirectLimit) return fail(`HTTP ${status}: redirects are followed ${this.redirectLimit} times at most`);
        crossedOrigin ||= target.url.origin !== url.origin;
        url = target.url;
      }
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
