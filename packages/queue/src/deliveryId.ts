import type { QueuedTask } from './queuedTask.js';

/**
 * The `Later-Delivery-Id` of a task's deliveries: the same on every attempt of one run, so a
 * receiver can drop a duplicate; a replay is a new run the caller asked for, so it gets an id of
 * its own (`<task id>.r<replay number>`) that a receiver which drops ids it has seen still takes.
 */
export function deliveryIdOf(taskId: string, task: Pick<QueuedTask, 'replay'>): string {
  return task.replay ? `${taskId}.r${task.replay}` : taskId;
}
