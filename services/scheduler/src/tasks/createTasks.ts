import { createHash } from 'node:crypto';
import type { EgressPolicy } from '@later/egress';
import type { QueueScripts } from '@later/queue';
import type { Logger } from '@later/runtime';
import {
  claimIdempotencyKey,
  getTasksByIds,
  giveUpPendingKey,
  inTransaction,
  insertTasks,
  lockEventShards,
  lockPendingKeyHolder,
  lockStillScheduled,
  pendingKeyHolderShards,
  reserveTaskIds,
  takeKeyTurns,
  type NewTaskRow,
  type Pool,
  type PoolClient,
  type TaskRow,
} from '@later/store';
import type { CreateTaskInput, TaskCreated } from '@later/types';
import type { SchedulerConfig } from '../config.js';
import type { SchedulerMetrics } from '../metrics.js';
import { SchedulingError } from '../schedulingError.js';
import { computeDueAt } from '../time/dueTime.js';
import type { RandomSource } from '../time/randomSource.js';
import type { RedisClock } from '../time/redisClock.js';
import { queueCommitted, queueTasks } from './queueTasks.js';
import { cappedByMaxWait, debounceRunStart, debouncedDueAt } from './debounce.js';
import { followUpRequests, followUpsOf } from './followUpRequests.js';
import { newTaskRowOf } from './newTaskRow.js';
import {
  checkUrlTargets,
  defaultSettings,
  deliverySettings,
  judgeOncePerUrl,
  type DeliverySettings,
} from './deliverySettings.js';

export interface TaskDeps {
  pool: Pool;
  scripts: QueueScripts;
  config: SchedulerConfig;
  log: Logger;
  random: RandomSource;
  clock: RedisClock;
  egress: EgressPolicy;
  metrics: SchedulerMetrics;
}

export interface CreateOptions {
  /** Prefixes error paths per request, e.g. `tasks.3.` in a bulk request. */
  fieldPrefix?: (index: number) => string;
  /** The same key again returns what the first request created. */
  idempotencyKey?: string;
  /** A batch request (`POST .../tasks/bulk`): its Idempotency-Key stands for every task of it. */
  batch?: boolean;
  /** Where plain tasks (no key, no Idempotency-Key) share a transaction with concurrent requests. */
  batches?: TaskRecorder;
}

/**
 * What records planned tasks together with other requests' (CreateBatches), named by its shape
 * here: createBatches.ts builds on this module, so importing it back would make a cycle.
 */
export interface TaskRecorder {
  /** Records (and queues in Redis) one request's planned tasks; its rows, in request order. */
  record(ownerId: string, planned: PlannedTask[]): Promise<TaskRow[]>;
}

export interface CreateResult {
  tasks: TaskCreated[];
  /** True when an Idempotency-Key matched an earlier request: nothing new was created. */
  repeated: boolean;
}

const uniqueViolation = '23505';
const created = (row: TaskRow, replaced?: string): TaskCreated => ({
  id: row.id,
  status: row.status,
  dueAt: row.dueAt.toISOString(),
  ...(replaced !== undefined ? { replaced } : {}),
});

/** A task request checked and decided (due time, settings), not yet written. */
export interface PlannedTask {
  request: CreateTaskInput;
  dueAt: number;
  settings: DeliverySettings;
  /** On a callback: the task, and the attempt, whose final outcome it reports. */
  callbackFor?: { taskId: string; attempt: number };
  /** On a follow-up: the task, and the attempt that ended it, whose end creates it. */
  followUpOf?: { taskId: string; attempt: number };
  /** When it was planned (ms): a debounced task's run starts then unless it replaces one. */
  plannedAt: number;
  /** On a debounced task: when its run of replacements began (ms), decided under its key's turn. */
  debounceSince?: number;
}

/** Checks requests and decides their due times and settings, touching nothing; a refusal names a bad field. */
export function planTasks(
  deps: TaskDeps,
  requests: CreateTaskInput[],
  prefix: (index: number) => string = () => '',
): PlannedTask[] {
  const now = deps.clock.now();
  const defaults = defaultSettings(deps.config);
  const judge = judgeOncePerUrl(deps.egress);
  const withFollowUps = (request: CreateTaskInput, field: string) => [
    { request, field },
    ...followUpRequests(request, field),
  ];
  requests.forEach((request, i) =>
    withFollowUps(request, prefix(i)).forEach((one) => checkUrlTargets(judge, one.request, one.field)),
  );
  const plan = (request: CreateTaskInput, field: string): PlannedTask => ({
    request,
    dueAt: request.debounce
      ? debouncedDueAt(request.debounce, now, field)
      : computeDueAt(request, now, deps.random, field),
    settings: deliverySettings(request, defaults, field),
    plannedAt: now,
  });
  return requests.map((request, i) => {
    // A follow-up is planned now only to refuse what it could never be; it is planned again when it fires.
    for (const followUp of followUpRequests(request, prefix(i))) plan(followUp.request, followUp.field);
    return plan(request, prefix(i));
  });
}

/**
 * Accepts tasks: recorded in Postgres in one transaction (Postgres is the record of what was
 * accepted), then queued in Redis. A task with a `key` replaces the pending task holding that
 * key; a holder already running keeps running, and the new task runs too.
 */
export async function createTasks(
  deps: TaskDeps,
  ownerId: string,
  requests: CreateTaskInput[],
  options: CreateOptions = {},
): Promise<CreateResult> {
  // Everything that can be refused is checked before Postgres is touched.
  const planned = planTasks(deps, requests, options.fieldPrefix);
  if (
    options.batches &&
    options.idempotencyKey === undefined &&
    requests.every((request) => request.key === undefined)
  ) {
    const rows = await options.batches.record(ownerId, planned);
    return { tasks: rows.map((row) => created(row)), repeated: false };
  }
  for (let round = 1; ; round++) {
    try {
      const result = await inTransaction(deps.pool, (client) => recordTasks(deps, client, ownerId, planned, options));
      if (!result.repeated) await queueCreated(deps, result.rows);
      return { tasks: result.rows.map((row) => created(row, result.replaced?.get(row.id))), repeated: result.repeated };
    } catch (err) {
      // Another request took one of our keys between our check and our insert: newest wins,
      // so run again and replace it.
      if ((err as { code?: string }).code !== uniqueViolation || round >= 3) throw err;
    }
  }
}

/**
 * What follows the commit of new tasks, wherever they come from (a request, a schedule's next
 * run, a callback): they are counted, then queued in Redis if due within the horizon (a
 * task with a key under its row lock: see queueUnlessReplaced).
 */
export async function queueCreated(deps: TaskDeps, rows: TaskRow[]): Promise<void> {
  deps.metrics.tasksCreated(rows);
  await queueCommitted(
    deps,
    rows.filter((row) => row.taskKey === null),
  );
  await queueUnlessReplaced(
    deps,
    rows.filter((row) => row.taskKey !== null && row.queued),
  );
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
  options: CreateOptions,
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
 * Queues keyed tasks under their row locks. A task is queued only once its creation committed, so
 * a newer task with its key may replace it in between; that one would find it absent from Redis
 * and cancel it in Postgres alone, and queuing it afterwards would deliver a cancelled task. Under
 * the lock, either the replacement came first (the task is cancelled: not queued) or it waits
 * and then finds the task in Redis, and takes it out there.
 */
async function queueUnlessReplaced(deps: TaskDeps, rows: TaskRow[]): Promise<void> {
  if (rows.length === 0) return;
  try {
    await inTransaction(deps.pool, async (client) => {
      const scheduled = await lockStillScheduled(
        client,
        rows.map((row) => row.id),
      );
      await queueTasks(
        deps,
        rows.filter((row) => scheduled.has(row.id)),
      );
    });
  } catch (err) {
    deps.log.error({ err, tasks: rows.length }, 'queuing in Redis failed; the reconciler will queue these tasks');
  }
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
