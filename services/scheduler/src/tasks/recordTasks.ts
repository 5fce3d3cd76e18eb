import { createHash } from 'node:crypto';
import {
  claimIdempotencyKey,
  getTasksByIds,
  giveUpPendingKey,
  insertTasks,
  lockEventShards,
  lockPendingKeyHolder,
  pendingKeyHolderShards,
  reserveTaskIds,
  takeKeyTurns,
  type NewTaskRow,
  type PoolClient,
  type TaskRow,
} from '@later/store';
import { SchedulingError } from '../schedulingError.js';
import { cappedByMaxWait, debounceRunStart } from './debounce.js';
import { followUpsOf } from './followUpRequests.js';
import { newTaskRowOf } from './newTaskRow.js';
import type { PlannedTask } from './planTasks.js';
import type { TaskDeps } from './taskDeps.js';

export interface RecordOptions {
  /** The same key again returns what the first request created. */
  idempotencyKey?: string;
  /** A batch request (`POST .../tasks/bulk`): its Idempotency-Key stands for every task of it. */
  batch?: boolean;
}

/**
 * Writes planned tasks (and their `scheduled` events) in the caller's transaction; the caller
 * queues the rows in Redis once it committed. Returns what an Idempotency-Key repeat found instead.
 */
export async function recordTasks(
  deps: TaskDeps,
  client: PoolClient,
  ownerId: string,
  planned: PlannedTask[],
  options: RecordOptions,
): Promise<{ rows: TaskRow[]; repeated: boolean; replaced?: Map<string, string> }> {
  // A replaced key holder gets a `cancelled` event: its shard's event lock comes before any write.
  const keys = planned.flatMap(({ request }) => (request.key === undefined ? [] : [request.key]));
  await takeKeyTurns(client, ownerId, keys);
  await lockEventShards(client, await pendingKeyHolderShards(client, ownerId, keys));
  const ids = await reserveTaskIds(client, planned.length);
  if (options.idempotencyKey !== undefined) {
    // A batch's digest covers the whole list, so a batch of one never passes for a single create.
    const requested = options.batch ? planned.map((one) => one.request) : planned[0]!.request;
    const digest = createHash('sha256').update(JSON.stringify(requested)).digest('hex');
    const claim = await claimIdempotencyKey(client, ownerId, options.idempotencyKey, digest, ids);
    if (!claim.claimed) {
      if (claim.requestDigest !== digest) {
        throw new SchedulingError('key_reused', 'this Idempotency-Key was used with a different request', {
          path: 'Idempotency-Key',
          message: 'was used with a different request',
        });
      }
      return { rows: await earlierTasks(client, ownerId, claim.taskIds), repeated: true };
    }
  }
  const decided = [];
  // New task id -> the pending task it replaced, for the answer.
  const replacedIds = new Map<string, string>();
  for (const [i, one] of planned.entries()) {
    const replaced =
      one.request.key === undefined ? null : await replaceKeyHolder(deps, client, ownerId, one.request.key);
    if (replaced) replacedIds.set(ids[i]!, replaced.id);
    decided.push(one.request.debounce ? joinDebounceRun(one, replaced) : one);
  }
  return {
    rows: await insertTasks(client, newTaskRows(deps, ownerId, decided, ids)),
    repeated: false,
    replaced: replacedIds,
  };
}

/** A debounced task joins the run of the pending task it replaced: `maxWait` counts from its start. */
function joinDebounceRun(planned: PlannedTask, replaced: TaskRow | null): PlannedTask {
  const debounce = planned.request.debounce!;
  const runStart = debounceRunStart(replaced, planned.plannedAt);
  return {
    ...planned,
    dueAt: cappedByMaxWait(debounce, planned.dueAt, runStart, planned.plannedAt),
    debounceSince: runStart,
  };
}

/** What an Idempotency-Key created, in its request's order; a conflict once any of it was purged. */
async function earlierTasks(client: PoolClient, ownerId: string, ids: string[]): Promise<TaskRow[]> {
  const byId = new Map(
    (await getTasksByIds(client, ids)).filter((row) => row.ownerId === ownerId).map((row) => [row.id, row]),
  );
  const rows = ids.flatMap((id) => byId.get(id) ?? []);
  if (rows.length < ids.length) {
    throw new SchedulingError(
      'conflict',
      ids.length === 1
        ? 'the task this Idempotency-Key created no longer exists'
        : 'tasks this Idempotency-Key created no longer exist',
    );
  }
  return rows;
}

/** The rows of planned tasks of one owner, given the ids reserved for them, in order. */
export function newTaskRows(deps: TaskDeps, ownerId: string, planned: PlannedTask[], ids: string[]): NewTaskRow[] {
  return planned.map(({ request, dueAt, settings, callbackFor, debounceSince, followUpOf }, i) =>
    newTaskRowOf(
      deps,
      { id: ids[i]!, ownerId, request, settings, dueAt },
      {
        deadline: request.deadline ? new Date(request.deadline) : null,
        taskKey: request.key ?? null,
        callbackFor: callbackFor?.taskId ?? null,
        callbackAttempt: callbackFor?.attempt ?? null,
        debounceSince: debounceSince === undefined ? null : new Date(debounceSince),
        followUps: followUpsOf(request),
        followUpOf: followUpOf?.taskId ?? null,
        followUpAttempt: followUpOf?.attempt ?? null,
      },
    ),
  );
}

/**
 * The pending task holding `key` gives it up. Redis decides atomically whether it had started:
 * if not, it is taken out of Redis and cancelled as superseded (and returned); if it is running,
 * it runs on.
 */
async function replaceKeyHolder(
  deps: TaskDeps,
  client: PoolClient,
  ownerId: string,
  key: string,
): Promise<TaskRow | null> {
  const holder = await lockPendingKeyHolder(client, ownerId, key);
  if (!holder) return null;
  const verdict = await deps.scripts.cancelTask(holder.shard, holder.id);
  const superseded = verdict === 'cancelled' || verdict === 'absent';
  await giveUpPendingKey(client, holder.id, superseded);
  return superseded ? holder : null;
}
