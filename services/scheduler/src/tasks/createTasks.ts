import type { CreateTaskInput, TaskCreated } from '@later/types';
import { inTransaction, type TaskRow } from '@later/store';
import { planTasks, type PlannedTask } from './planTasks.js';
import { queueCreated } from './queueTasks.js';
import { recordTasks, type RecordOptions } from './recordTasks.js';
import type { TaskDeps } from './taskDeps.js';

export interface CreateOptions extends RecordOptions {
  /** Prefixes error paths per request, e.g. `tasks.3.` in a bulk request. */
  fieldPrefix?: (index: number) => string;
  /** Where plain tasks (no key, no Idempotency-Key) share a transaction with concurrent requests. */
  batches?: TaskRecorder;
}

/**
 * What records planned tasks together with other requests' (CreateBatches), named by its shape
 * here: createBatches.ts builds on the record and queue steps, so importing it back would make a cycle.
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
