import type { QueuedTask } from '@later/queue';
import { queuedTaskFromRow } from '@later/scheduler/engine';
import { scheduledTaskRow } from '@later/store';

/**
 * The task every scenario uses: a webhook with a small JSON body, every other setting at its
 * default, turned into what Redis holds by the scheduler's own mapping (so the bench measures
 * the encoding real tasks get). BullMQ jobs carry the same url and body as their data.
 */
export function benchTask(ownerId: string, url: string, n: number): QueuedTask {
  const now = new Date();
  const target = { url, body: { n } };
  const row = scheduledTaskRow(
    {
      id: String(n),
      ownerId,
      channel: 'webhook',
      target,
      targetHost: new URL(url).host,
      dueAt: now,
      shard: 0,
      priority: 'medium',
      position: 'back',
      maxAttempts: 5,
      timeoutMs: 30_000,
      retry: { backoff: 'exponential', baseMs: 2000, maxMs: 600_000, jitter: 0.5 },
    },
    { target, createdAt: now },
  );
  return queuedTaskFromRow(row, 60_000);
}

export const bullmqJobData = (url: string, n: number) => ({ url, body: { n } });
