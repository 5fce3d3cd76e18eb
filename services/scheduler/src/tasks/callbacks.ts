import type { HistoryBatch, PoolClient, RecordedChange, TaskRow } from '@later/store';
import type { CallbackPayload, CreateTaskInput } from '@later/types';
import { defaultSettings } from './deliverySettings.js';
import type { PlannedTask } from './planTasks.js';
import { recordTasks } from './recordTasks.js';
import type { TaskDeps } from './taskDeps.js';

/** A task that just reached a final status worth reporting, and how its last attempt ended. */
export interface FinalOutcome {
  ownerId: string;
  taskId: string;
  attempt: number;
  callbackUrl: string;
  payload: CallbackPayload;
}

/**
 * The outcomes a history batch finished that have a callback: tasks whose status it changed to
 * delivered or dead (never cancelled), with their last attempt's details from the batch.
 */
export function finalOutcomes(changes: RecordedChange[], batch: HistoryBatch): FinalOutcome[] {
  const outcomes: FinalOutcome[] = [];
  for (const change of changes) {
    if (change.callbackUrl === null || (change.status !== 'delivered' && change.status !== 'dead')) continue;
    const last = batch.transitions.findLast(
      (t) => t.taskId === change.taskId && t.kind === 'finish' && t.n === change.attempt,
    );
    const payload: CallbackPayload = {
      taskId: change.taskId,
      status: change.status,
      attempts: change.attempt,
      outcome: last?.outcome ?? (change.status === 'delivered' ? 'success' : 'permanent'),
      ...(last?.httpStatus != null ? { httpStatus: last.httpStatus } : {}),
      ...(last?.error != null ? { error: last.error } : {}),
      finishedAt: new Date(last?.at ?? Date.now()).toISOString(),
      ...(change.scheduleId !== null ? { scheduleId: change.scheduleId } : {}),
    };
    outcomes.push({
      ownerId: change.ownerId,
      taskId: change.taskId,
      attempt: change.attempt,
      callbackUrl: change.callbackUrl,
      payload,
    });
  }
  return outcomes;
}

/**
 * Makes each outcome's callback, in the caller's transaction (the one recording the final
 * status), and returns the rows to queue once it committed.
 *
 * A callback is an ordinary webhook task of the task's owner, written by the same code as every
 * other task: one data path, so it is signed with the owner's keys, bound by the egress rules at
 * connect time, retried, recorded and streamed like any webhook, and durable (the reconciler
 * queues it even if this replica dies before it does). Exactly one per final outcome: the
 * status turns final in one transaction only (the fenced update), and `tasks_callback_once`
 * refuses a second callback for the same (task, attempt) anyway. Its own row has no callback
 * URL, so a callback never makes a callback. Its URL was checked when the task was created;
 * it is not checked again here, where a refusal could only stall history.
 */
export async function recordCallbacks(
  deps: TaskDeps,
  client: PoolClient,
  outcomes: FinalOutcome[],
): Promise<TaskRow[]> {
  const byOwner = new Map<string, PlannedTask[]>();
  const now = deps.clock.now();
  const settings = defaultSettings(deps.config);
  for (const outcome of outcomes) {
    const request: CreateTaskInput = {
      channel: 'webhook',
      webhook: { url: outcome.callbackUrl, method: 'POST', body: outcome.payload },
    };
    const planned = byOwner.get(outcome.ownerId) ?? [];
    planned.push({
      request,
      dueAt: now,
      settings,
      plannedAt: now,
      callbackFor: { taskId: outcome.taskId, attempt: outcome.attempt },
    });
    byOwner.set(outcome.ownerId, planned);
  }
  const rows: TaskRow[] = [];
  for (const [ownerId, planned] of byOwner) rows.push(...(await recordTasks(deps, client, ownerId, planned, {})).rows);
  return rows;
}
