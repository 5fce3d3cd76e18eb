import {
  getTask,
  inTransaction,
  lockEventShards,
  lockTask,
  markReplayed,
  updateWaitingTask,
  type TaskRow,
} from '@later/store';
import type { Task, TaskCreated, UpdateTaskInput } from '@later/types';
import { SchedulingError } from '../schedulingError.js';
import { computeDueAt } from '../time/dueTime.js';
import { queueCommitted, queueTasks, withinHorizon } from './queueTasks.js';
import type { TaskDeps } from './taskDeps.js';
import { targetHost, updatedTarget, type ChannelName } from './channelTarget.js';
import { checkUrlTargets, deliverySettings } from './deliverySettings.js';
import { taskDetail } from './taskView.js';

/**
 * Changes a task that has not run: Redis gives it up atomically (refused if a sender took it
 * meanwhile), Postgres records the change, and it is queued again as changed.
 */
export async function updateTask(deps: TaskDeps, ownerId: string, id: string, changes: UpdateTaskInput): Promise<Task> {
  const now = deps.clock.now();
  checkUrlTargets(deps.egress, changes);
  const updated = await inTransaction(deps.pool, async (client) => {
    const row = await lockTask(client, ownerId, id);
    if (!row) throw new SchedulingError('not_found', `no task ${id}`);
    if (row.status !== 'scheduled' || row.attemptCount > 0) {
      throw new SchedulingError(
        'conflict',
        `task ${id} has already run (${row.status}); only a task that has not run can be changed`,
      );
    }
    const timingGiven = changes.runAt !== undefined || changes.delay !== undefined || changes.within !== undefined;
    const dueAt = timingGiven ? computeDueAt(changes, now, deps.random) : row.dueAt.getTime();
    const settings = deliverySettings(changes, row);
    const target = updatedTarget(row.channel as ChannelName, row.target, changes);
    const verdict = await deps.scripts.cancelTask(row.shard, id);
    if (verdict === 'running' || verdict === 'finishing') {
      throw new SchedulingError('conflict', `task ${id} started running and can no longer be changed`);
    }
    return updateWaitingTask(client, id, {
      dueAt: new Date(dueAt),
      target,
      targetHost: targetHost(row.channel as ChannelName, target),
      priority: settings.priority,
      deadline:
        changes.deadline === undefined ? row.deadline : changes.deadline === null ? null : new Date(changes.deadline),
      maxAttempts: settings.maxAttempts,
      timeoutMs: settings.timeoutMs,
      retry: settings.retry,
      queued: withinHorizon(deps, dueAt),
    });
  });
  await queueCommitted(deps, [updated]);
  return taskDetail(updated, []);
}

/**
 * Runs a delivered or dead task again as its next attempt, keeping its history. Redis may hold
 * the task's counter for a moment after its last attempt (until that attempt is recorded), so
 * queuing is retried briefly before it is left to the reconciler. With `onlyIf`, a task in the
 * other final state is refused (a conflict) too: a bulk replay of dead tasks must not replay one that
 * was replayed meanwhile and delivered.
 */
export async function replayTask(
  deps: TaskDeps,
  ownerId: string,
  id: string,
  onlyIf?: 'delivered' | 'dead',
): Promise<TaskCreated> {
  const found = await getTask(deps.pool, ownerId, id);
  if (!found) throw new SchedulingError('not_found', `no task ${id}`);
  const replayed = await inTransaction(deps.pool, async (client) => {
    await lockEventShards(client, [found.shard]);
    const row = await lockTask(client, ownerId, id);
    if (!row) throw new SchedulingError('not_found', `no task ${id}`);
    if (row.status !== 'delivered' && row.status !== 'dead') {
      throw new SchedulingError(
        'conflict',
        `task ${id} is ${row.status}; only a delivered or dead task can be replayed`,
      );
    }
    if (onlyIf !== undefined && row.status !== onlyIf)
      throw new SchedulingError('conflict', `task ${id} is ${row.status}, no longer ${onlyIf}`);
    return markReplayed(client, id, new Date(deps.clock.now()));
  });
  const attemptsMade = (row: TaskRow) => row.attemptCount;
  for (let tries = 0; tries < 10; tries++) {
    const taken = await queueTasks(deps, [replayed], attemptsMade).catch(() => new Set<string>());
    if (taken.has(id)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { id: replayed.id, status: replayed.status, dueAt: replayed.dueAt.toISOString() };
}
