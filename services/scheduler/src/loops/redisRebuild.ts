import { markUnqueuedFrom, recordHistory, unfinishedTasks, type Pool } from '@later/store';
import { queueTasks, type QueueDeps, type RowFailure } from '../tasks/queueTasks.js';

export interface RebuildResult {
  /** Tasks Redis did not hold, queued again from Postgres. */
  queued: number;
  /** Of those, tasks Postgres showed running: their attempt was lost with Redis and is retried. */
  lost: number;
  /** Waiting tasks due beyond the horizon, left to the horizon queuer. */
  deferred: number;
}

/**
 * Puts back into Redis every unfinished task Postgres knows and Redis does not hold (after Redis
 * was wiped or replaced): running ones, and waiting ones due within the horizon that were
 * in Redis; the rest are marked not queued, for the horizon queuer (which also takes the waiting ones it
 * had not queued yet). Tasks Postgres shows delivered, dead or cancelled are never touched,
 * and queuing skips tasks Redis still holds, so a rebuild never runs a task twice and may run
 * while everything else goes on. Attempt numbers continue from Postgres; an attempt that was
 * running is recorded as lost.
 */
export async function rebuildFromPostgres(
  pool: Pool,
  deps: QueueDeps,
  horizonMs: number,
  pageSize = 2000,
  onRowFailure?: RowFailure,
): Promise<RebuildResult> {
  const horizon = new Date(deps.clock.now() + horizonMs);
  const result: RebuildResult = { queued: 0, lost: 0, deferred: await markUnqueuedFrom(pool, horizon) };
  for (let afterId = '0'; ;) {
    const rows = await unfinishedTasks(pool, afterId, pageSize, horizon);
    if (rows.length === 0) return result;
    afterId = rows.at(-1)!.id;
    const taken = await queueTasks(deps, rows, (row) => row.attemptCount, onRowFailure);
    const lost = rows.filter((row) => row.status === 'running' && taken.has(row.id));
    if (lost.length > 0) {
      const now = deps.clock.now();
      const lostError = 'Redis lost this attempt (wiped or replaced)';
      await recordHistory(pool, {
        shards: lost.map((row) => row.shard),
        attempts: lost.map((row) => ({
          taskId: row.id,
          n: row.attemptCount,
          // Known from the attempt's start event, already written; a merge keeps those.
          dueAt: null,
          claimedAt: null,
          startedAt: now,
          finishedAt: now,
          outcome: 'lost' as const,
          httpStatus: null,
          error: lostError,
          errorClass: 'redis_lost',
        })),
        progress: lost.map((row) => ({
          taskId: row.id,
          n: row.attemptCount,
          kind: 'finish' as const,
          status: 'retrying' as const,
          nextDueAt: now,
        })),
        transitions: lost.map((row) => ({
          taskId: row.id,
          n: row.attemptCount,
          kind: 'finish' as const,
          status: 'retrying' as const,
          at: now,
          outcome: 'lost' as const,
          httpStatus: null,
          error: lostError,
        })),
      });
    }
    result.queued += taken.size;
    result.lost += lost.length;
  }
}
