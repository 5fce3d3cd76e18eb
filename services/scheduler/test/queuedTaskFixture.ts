import type { QueuedTask } from '@later/queue';

/** A webhook task to an unreachable port, one attempt: for tests of the loops, not of delivery. */
export const webhookTask: QueuedTask = {
  ownerId: 'o',
  channel: 'webhook',
  webhook: { url: 'http://127.0.0.1:1/', method: 'POST', headers: {} },
  priority: 1,
  maxAttempts: 1,
  timeoutMs: 1000,
  backoff: { kind: 'fixed', baseMs: 1000, maxMs: 1000, jitter: 0 },
};
