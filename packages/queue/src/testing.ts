import type { QueuedTask } from './queuedTask.js';

type WebhookTask = Extract<QueuedTask, { channel: 'webhook' }>;

/**
 * A small webhook task to an unreachable port, for tests that queue tasks through the scripts
 * (this package's and the services'); a test overrides what it is about.
 */
export const queuedTask = (over: Partial<WebhookTask> = {}): WebhookTask => ({
  ownerId: 'owner',
  channel: 'webhook',
  webhook: { url: 'http://127.0.0.1:1/hook', method: 'POST', headers: {} },
  priority: 1,
  maxAttempts: 3,
  timeoutMs: 1000,
  backoff: { kind: 'exponential', baseMs: 1000, maxMs: 60_000, jitter: 0 },
  ...over,
});
