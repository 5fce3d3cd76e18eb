/**
 * What Redis holds for a task while it is near its time: everything a sender needs to deliver it
 * without asking Postgres, so delivery goes on while Postgres is down. Lua reads `maxAttempts`
 * and `timeoutMs` from it, so it stays JSON.
 */
export interface WebhookRequest {
  url: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers: Record<string, string>;
  /** Already serialised; absent for a request without a body. */
  body?: string;
}

export interface RetryBackoff {
  /** Delay before the second attempt (ms). */
  baseMs: number;
  /** Upper bound of any delay (ms). */
  maxMs: number;
}

export interface QueuedTask {
  ownerId: string;
  channel: 'webhook';
  webhook: WebhookRequest;
  /** When the task was due (ms), for lateness. */
  dueAt: number;
  maxAttempts: number;
  timeoutMs: number;
  backoff: RetryBackoff;
}

export const encodeQueuedTask = (task: QueuedTask): string => JSON.stringify(task);
export const decodeQueuedTask = (encoded: string): QueuedTask => JSON.parse(encoded) as QueuedTask;
