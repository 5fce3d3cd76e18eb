import { listTasks } from '@later/store';
import type { ReplayTasksInput, ReplayedTasks, TaskCreated } from '@later/types';
import { SchedulingError } from '../schedulingError.js';
import { replayTask } from './changeTask.js';
import type { TaskDeps } from './taskDeps.js';

/**
 * A dead-letter "retry all": replays the owner's tasks matching the filters, newest first (the
 * order `listTasks` pages in), at most `limit`. Each is `replayTask`'s own transaction, one after
 * the other, so a replay of many never holds many row locks at once. A task that stopped matching
 * after it was listed (replayed by another call, or deleted by retention) is skipped, not an
 * error: the caller asked for the tasks that match, and that one no longer does.
 */
export async function replayTasks(deps: TaskDeps, ownerId: string, request: ReplayTasksInput): Promise<ReplayedTasks> {
  const { limit, ...filters } = request;
  // One row beyond the limit says whether matching tasks are left for another call.
  const rows = await listTasks(deps.pool, ownerId, { ...filters, limit: limit + 1 });
  const replayed: TaskCreated[] = [];
  for (const row of rows.slice(0, limit)) {
    const task = await replayTask(deps, ownerId, row.id, filters.status).catch(skipStoppedMatching);
    if (task) replayed.push(task);
  }
  return { replayed, more: rows.length > limit };
}

/** `replayTask`'s refusals of a task gone or no longer in the state asked for. */
function skipStoppedMatching(error: unknown): undefined {
  if (error instanceof SchedulingError && (error.code === 'not_found' || error.code === 'conflict')) return undefined;
  throw error;
}
