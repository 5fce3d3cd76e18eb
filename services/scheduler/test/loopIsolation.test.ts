import { randomUUID } from 'node:crypto';
import { createMetricsRegistry, parseOr400 } from '@later/runtime';
import type { Pool } from '@later/store';
import { CreateScheduleRequest } from '@later/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HorizonQueuer } from '../src/loops/horizonQueuer.js';
import { ItemFailures } from '../src/loops/itemFailures.js';
import { Reconciler } from '../src/loops/reconciler.js';
import { SchedulerMetrics } from '../src/metrics.js';
import { ScheduleService } from '../src/schedules/scheduleService.js';
import { createTasks } from '../src/tasks/createTasks.js';
import type { TaskDeps } from '../src/tasks/taskDeps.js';
import { startTaskDeps, type TaskDepsFixture } from './taskDeps.js';

const hook = { channel: 'webhook', webhook: { url: 'https://example.com/hook' } } as const;
const hour = 3_600_000;

/** What `later_loop_item_failures_total` shows for `loop`, read as Prometheus would scrape it. */
async function failuresMetric(failures: ItemFailures, loop: string): Promise<number> {
  const metrics = new SchedulerMetrics(createMetricsRegistry());
  metrics.watchLoops({
    claimer: { claimedByChannel: { webhook: 0, email: 0, sms: 0 } },
    horizonQueuer: { queuedTotal: 0 },
    reaper: { requeuedTotal: 0, newerFormatTotal: 0 },
    reconciler: { lostQueuedTotal: 0 },
    writer: { writtenTotal: 0 },
    itemFailures: failures,
  });
  const line = (await metrics.registry.metrics())
    .split('\n')
    .find((l) => l.startsWith(`later_loop_item_failures_total{loop="${loop}"}`));
  return Number(line?.split(' ')[1]);
}

describe('loops over many users\u2019 items go on past one bad item, on real Postgres and Redis', () => {
  let fixture: TaskDepsFixture;
  let pool: Pool;
  let deps: TaskDeps;

  beforeAll(async () => {
    fixture = await startTaskDeps();
    ({ pool, deps } = fixture);
  });
  afterAll(() => fixture?.stop());

  const scheduleRow = async (id: string) =>
    (
      await pool.query<{ runs: number; pending_task_id: string }>(
        'SELECT runs, pending_task_id FROM schedules WHERE id = $1',
        [id],
      )
    ).rows[0]!;

  it('the reconciler repairs a good schedule next to one whose rule was made bad in Postgres, and counts the bad one', async () => {
    const schedules = new ScheduleService(deps);
    const failures = new ItemFailures(deps.log);
    const reconciler = new Reconciler(pool, deps, schedules, deps.config, deps.log, failures);
    const startAt = new Date(deps.clock.now() + hour).toISOString();
    const register = async (owner: string) =>
      (await schedules.upsert(owner, parseOr400(CreateScheduleRequest, { every: 'PT1H', startAt, task: hook }))).row;
    const bad = await register(randomUUID());
    const good = await register(randomUUID());

    // Both occurrences were cancelled outside the service, so both schedules need their next run;
    // one rule can no longer be computed (as a schedule saved before rules were bounded).
    await pool.query("UPDATE tasks SET status = 'cancelled' WHERE id = ANY($1::bigint[])", [
      [bad.pendingTaskId, good.pendingTaskId],
    ]);
    await pool.query(
      "UPDATE schedules SET every = 'P999999Y', updated_at = now() - interval '1 minute' WHERE id = $1",
      [bad.id],
    );
    await pool.query("UPDATE schedules SET updated_at = now() - interval '1 minute' WHERE id = $1", [good.id]);

    await reconciler.runOnce();

    const repaired = await scheduleRow(good.id);
    expect(repaired.runs).toBe(2);
    expect(repaired.pending_task_id).not.toBe(good.pendingTaskId);
    expect(await scheduleRow(bad.id)).toMatchObject({ runs: 1, pending_task_id: bad.pendingTaskId });
    expect(failures.byLoop.reconciler_schedules).toBe(1);
    expect(await failuresMetric(failures, 'reconciler_schedules')).toBe(1);

    // The next pass tries the bad one again (and counts it again); the good one needs nothing.
    await reconciler.runOnce();
    expect(failures.byLoop.reconciler_schedules).toBe(2);
    expect((await scheduleRow(good.id)).runs).toBe(2);
  });

  it('the horizon queuer queues a good task next to one whose row was made bad in Postgres, and counts the bad one', async () => {
    const failures = new ItemFailures(deps.log);
    const create = async () => (await createTasks(deps, randomUUID(), [{ ...hook, delay: 'PT2H' }])).tasks[0]!.id;
    const badId = await create();
    const goodId = await create();
    await pool.query("UPDATE tasks SET target = 'null'::jsonb WHERE id = $1", [badId]);
    const shardOf = async (id: string) =>
      (await pool.query<{ shard: number }>('SELECT shard FROM tasks WHERE id = $1', [id])).rows[0]!.shard;

    const horizonQueuer = new HorizonQueuer(pool, deps, { ...deps.config, HORIZON_MS: 3 * hour }, deps.log, failures);
    await horizonQueuer.queueDue();

    expect(await deps.scripts.holdsTask(await shardOf(goodId), goodId)).toBe(true);
    expect(await deps.scripts.holdsTask(await shardOf(badId), badId)).toBe(false);
    expect(failures.byLoop.horizon).toBe(1);
    expect(await failuresMetric(failures, 'horizon')).toBe(1);
  });
});
