import { shardOf, type QueueScripts, type ScheduleEntry } from '@later/queue';
import { HttpError } from '@later/runtime';
import { deleteUnqueuedTasks, insertTasks, reserveTaskIds, type NewTaskRow, type Pool } from '@later/store';
import type { CreateTaskInput, TaskCreated } from '@later/types';
import type { SchedulerConfig } from '../config.js';
import { computeDueAt } from './dueTime.js';
import { queuedTaskFromRow } from './queuedTask.js';

export interface TaskDeps {
  pool: Pool;
  scripts: QueueScripts;
  config: SchedulerConfig;
}

/**
 * Accepts tasks: Postgres first (the record of what was accepted), then Redis (what will run).
 * If Redis refuses, the rows are removed again and the caller gets 503, so an answer of 201
 * always means "recorded and queued", and an error always means "nothing to clean up".
 */
export async function createTasks(
  deps: TaskDeps,
  ownerId: string,
  requests: CreateTaskInput[],
  fieldPrefix: (index: number) => string = () => '',
): Promise<TaskCreated[]> {
  const { pool, scripts, config } = deps;
  const now = Date.now();
  const dueTimes = requests.map((request, i) => computeDueAt(request, now, fieldPrefix(i)));
  const ids = await reserveTaskIds(pool, requests.length);
  const rows: NewTaskRow[] = requests.map((request, i) => ({
    id: ids[i]!,
    ownerId,
    channel: request.channel,
    target: request.webhook,
    dueAt: new Date(dueTimes[i]!),
    shard: shardOf(ids[i]!, config.SHARD_COUNT),
    maxAttempts: config.DEFAULT_MAX_ATTEMPTS,
    timeoutMs: config.DEFAULT_TIMEOUT_MS,
  }));
  const inserted = await insertTasks(pool, rows);

  const backoff = { baseMs: config.RETRY_BASE_MS, maxMs: config.RETRY_MAX_MS };
  const byShard = new Map<number, ScheduleEntry[]>();
  for (const row of inserted) {
    const entries = byShard.get(row.shard) ?? [];
    entries.push({ taskId: row.id, dueAt: row.dueAt.getTime(), task: queuedTaskFromRow(row, backoff) });
    byShard.set(row.shard, entries);
  }
  try {
    await Promise.all([...byShard].map(([shard, entries]) => scripts.scheduleTasks(shard, entries)));
  } catch (err) {
    await deleteUnqueuedTasks(pool, ids);
    throw new HttpError(503, `queue unavailable: ${(err as Error).message}`, [], { 'retry-after': '1' });
  }
  return inserted.map((row) => ({ id: row.id, status: row.status, dueAt: row.dueAt.toISOString() }));
}
