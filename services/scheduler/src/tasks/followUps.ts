import { existingFollowUps, type PoolClient, type RecordedChange, type TaskRow } from '@later/store';
import type { CreateTaskInput } from '@later/types';
import { SchedulingError } from '../schedulingError.js';
import { planTasks } from './planTasks.js';
import { recordTasks } from './recordTasks.js';
import type { TaskDeps } from './taskDeps.js';
import { followUpEnds, type FollowUpField } from './followUpRequests.js';

/** The follow-up field a status waits for: `onDead` for dead, `onDelivered` for delivered. */
const fieldFor = (status: string) =>
  (Object.keys(followUpEnds) as FollowUpField[]).find((field) => followUpEnds[field] === status);

/**
 * Creates the follow-ups of the tasks a history batch ended (delivered or dead), in the batch's
 * transaction, and returns the rows to queue once it committed; as callbacks are made, so a
 * follow-up is durable the moment its parent's end is.
 *
 * Through the create pipeline a public create uses (`planTasks`, then `recordTasks`): the same
 * due time rules (`delay` counts from the parent's end), delivery settings, egress check and
 * recording, for the parent's owner. The request was validated in full with its parent, and the
 * frontend's rate limit charged that request; refusing it here could only stall history, so a
 * follow-up that can no longer be planned (its `within` window ended, its URL refused by a
 * newer egress rule) is logged and left out.
 *
 * Once per end: only the transaction whose fenced update turned the status final sees the change,
 * the one writer holding the history turn looks for an existing follow-up of that (task, attempt)
 * first, and `tasks_follow_up_once` refuses a second regardless. A replayed task that ends again
 * makes another.
 */
export async function recordFollowUps(
  deps: TaskDeps,
  client: PoolClient,
  changes: RecordedChange[],
): Promise<TaskRow[]> {
  const ends = changes.flatMap((change) => {
    const field = fieldFor(change.status);
    const request = field === undefined ? undefined : change.followUps?.[field];
    return request === undefined ? [] : [{ change, request: request as CreateTaskInput }];
  });
  if (ends.length === 0) return [];
  const existing = await existingFollowUps(
    client,
    ends.map(({ change }) => ({ taskId: change.taskId, attempt: change.attempt })),
  );
  const rows: TaskRow[] = [];
  for (const { change, request } of ends) {
    if (existing.has(`${change.taskId}:${change.attempt}`)) continue;
    let planned;
    try {
      planned = planTasks(deps, [request])[0]!;
    } catch (err) {
      if (!(err instanceof SchedulingError)) throw err;
      deps.log.warn(
        { taskId: change.taskId, status: change.status, err: err.message },
        'the follow-up of this task can no longer be created; left out',
      );
      continue;
    }
    const followUpOf = { taskId: change.taskId, attempt: change.attempt };
    rows.push(...(await recordTasks(deps, client, change.ownerId, [{ ...planned, followUpOf }], {})).rows);
  }
  return rows;
}
