import { SchedulingError } from '../schedulingError.js';
import { finalStatuses, getTask, inTransaction, lockEventShards, lockTask, markCancelled } from '@later/store';
import type { TaskSummary } from '@later/types';
import type { TaskDeps } from './taskDeps.js';
import { taskSummary } from './taskView.js';

/**
 * Cancels a task that has not started its current run. Redis decides (atomically, against a
 * sender taking it at the same moment); Postgres then records the decision. The row is locked
 * throughout, so the horizon queuer cannot hand a task to Redis after Redis answered that it does not
 * hold it. Cancelling an occurrence of a schedule skips that run; the schedule goes on with its
 * next one.
 */
export async function cancelTask(
  deps: Pick<TaskDeps, 'pool' | 'scripts'>,
  ownerId: string,
  id: string,
): Promise<TaskSummary> {
  // The shard first, unlocked (a task never changes shard): its event lock must come before the
  // row lock, which would give the transaction its id (see lockEventShards).
  const found = await getTask(deps.pool, ownerId, id);
  if (!found) throw new SchedulingError('not_found', `no task ${id}`);
  const cancelled = await inTransaction(deps.pool, async (client) => {
    await lockEventShards(client, [found.shard]);
    const row = await lockTask(client, ownerId, id);
    if (!row) throw new SchedulingError('not_found', `no task ${id}`);
    if (finalStatuses.includes(row.status))
      throw new SchedulingError('conflict', `task ${id} is already ${row.status}`);

    const verdict = await deps.scripts.cancelTask(row.shard, id);
    if (verdict === 'running' || verdict === 'finishing') {
      throw new SchedulingError('conflict', `task ${id} is running and can no longer be cancelled`);
    }
    // 'cancelled': Redis dropped it. 'absent': Redis never held it (beyond the horizon) or
    // lost it; Postgres decides.
    const from =
      verdict === 'cancelled' ? (['scheduled', 'retrying', 'running'] as const) : (['scheduled', 'retrying'] as const);
    const done = await markCancelled(client, ownerId, id, [...from]);
    if (!done) throw new SchedulingError('conflict', `task ${id} is ${row.status} and can no longer be cancelled`);
    return done;
  });
  return taskSummary(cancelled);
}
