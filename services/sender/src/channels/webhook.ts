import { Agent, request } from 'undici';
import { guardedConnector, type EgressPolicy } from '@later/egress';
import { deliveryIdOf, type AttemptExcerpt, type ExcerptRequest, type QueuedTask } from '@later/queue';
import type { Channel, DeliveryContext, DeliveryResult } from './channel.js';
import { deliverySignal } from './deliverySignal.js';
import { bodyExcerpt, errorSnippet, readBodyExcerpt, redactHeaders, redactUrl } from './excerpt.js';
import { classifyStatus, parseRetryAfter } from './httpAnswer.js';
import { httpFailureClass, networkFailureClass } from './failureClass.js';
import { redirectTarget } from './redirectTarget.js';
import { deliveryHeaders } from './webhookHeaders.js';

/** Failures that are ours to refuse, not the receiver's to fix later: never retried. */
const permanentErrorCodes = new Set(['ETARGETBLOCKED', 'UND_ERR_INVALID_ARG', 'ERR_INVALID_URL']);

export class WebhookChannel implements Channel {
  private readonly agent: Agent;

  /**
   * Connections go through the egress guard (checked on the resolved address, for every
   * redirect hop too); at most `redirectLimit` redirects (307 or 308 only) are followed, after
   * which the next 3xx is a permanent failure.
   */
  constructor(
    policy: EgressPolicy,
    private readonly redirectLimit: number,
  ) {
    this.agent = new Agent({
      connections: 256,
      keepAliveTimeout: 4000,
      connect: guardedConnector(policy, { timeout: 5000 }),
    });
  }

  async deliver(task: QueuedTask, context: DeliveryContext): Promise<DeliveryResult> {
    if (task.channel !== 'webhook')
      return { outcome: 'permanent', error: 'not a webhook task', errorClass: 'invalid_request' };
    const { webhook } = task;
    const attempt = deliverySignal(task.timeoutMs, context.signal);
    const headers = deliveryHeaders(webhook.headers, {
      id: deliveryIdOf(context.taskId, task),
      attempt: context.attempt,
      secrets: context.signingSecrets,
      body: webhook.body ?? '',
    });
    // What the last hop sent, for the attempt's excerpt; the body is the same on every hop.
    const sentBody = webhook.body === undefined ? {} : { body: bodyExcerpt(webhook.body) };
    let sent: ExcerptRequest | undefined;
    try {
      let url = new URL(webhook.url);
      let crossedOrigin = false;
      for (let redirects = 0; ; redirects++) {
        // Once a hop left the task's origin, the rest of the chain goes without them too.
        const hopHeaders = crossedOrigin ? headers.crossOrigin : headers.signed;
        sent = { method: webhook.method, url: redactUrl(url), headers: redactHeaders(hopHeaders), ...sentBody };
        const response = await request(url, {
          method: webhook.method,
          headers: hopHeaders,
          body: webhook.body,
          signal: attempt.signal,
          dispatcher: this.agent,
        });
        const status = response.statusCode;
        const outcome = classifyStatus(status);
        const answer = await readBodyExcerpt(response.body, response.headers['content-length']);
        const excerpt: AttemptExcerpt = {
          request: sent,
          response: { status, headers: redactHeaders(response.headers), body: answer },
        };
        if (outcome === 'success') return { outcome, httpStatus: status, excerpt };
        const snippet = errorSnippet(answer);
        const fail = (error: string): DeliveryResult => ({
          outcome,
          httpStatus: status,
          errorClass: httpFailureClass(status),
          error,
          retryAfterMs: parseRetryAfter(response.headers['retry-after']),
          excerpt,
        });
        if (status < 300 || status >= 400) return fail(`HTTP ${status}${snippet ? `: ${snippet}` : ''}`);
        const target = redirectTarget(url, status, response.headers.location);
        if ('refused' in target) return fail(target.refused);
        if (redirects === this.redirectLimit)
          return fail(`HTTP ${status}: redirects are followed ${this.redirectLimit} times at most`);
        crossedOrigin ||= target.url.origin !== url.origin;
        url = target.url;
      }
    } catch (err) {
      // Nothing answered: the excerpt has the request alone (none if the URL itself was refused).
      const excerpt = sent ? { excerpt: { request: sent } } : {};
      if (attempt.timedOut())
        return {
          outcome: 'retryable',
          error: `timed out after ${task.timeoutMs} ms`,
          errorClass: 'timeout',
          ...excerpt,
        };
      if (context.signal.aborted)
        return {
          outcome: 'retryable',
          error: 'sender stopped before the receiver answered',
          errorClass: 'interrupted',
          ...excerpt,
        };
      const { code, message } = err as { code?: string; message?: string };
      const outcome = code && permanentErrorCodes.has(code) ? 'permanent' : 'retryable';
      return {
        outcome,
        error: code ? `${code}: ${message}` : String(message ?? err),
        errorClass: networkFailureClass(code),
        ...excerpt,
      };
    } finally {
      attempt.done();
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
