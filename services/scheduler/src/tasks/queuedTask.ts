import { streamKeyOf, type QueuedTask } from '@later/queue';
import type { TaskRow } from '@later/store';
import { channelTarget, type ChannelName } from './channelTarget.js';

const priorityIndex = { high: 0, medium: 1, low: 2 } as const;

/**
 * What Redis holds for a task, built from its Postgres row: the one place this mapping lives, so
 * a task created now and one restored from Postgres later are queued identically.
 */
export function queuedTaskFromRow(row: TaskRow, deadlineMarginMs: number): QueuedTask {
  // Filled in on the target's fresh object rather than spread into a new one: this runs once per
  // task of every bulk request.
  const task = channelTarget(row.channel as ChannelName, row.target) as QueuedTask;
  task.ownerId = row.ownerId;
  task.priority = priorityIndex[row.priority];
  task.maxAttempts = row.maxAttempts;
  task.timeoutMs = row.timeoutMs;
  task.backoff = {
    kind: row.retry.backoff,
    baseMs: row.retry.baseMs,
    maxMs: row.retry.maxMs,
    jitter: row.retry.jitter,
  };
  if (row.deadline) task.bumpAt = row.deadline.getTime() - deadlineMarginMs;
  if (row.stream) task.streamKey = streamKeyOf(row.ownerId, row.stream);
  if (row.expiresAt) task.expiresAt = row.expiresAt.getTime();
  if (row.replays > 0) task.replay = row.replays;
  return task;
}
