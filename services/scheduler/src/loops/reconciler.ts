import { allShards, redisGeneration } from '@later/queue';
import type { Logger } from '@later/runtime';
import {
  pruneTaskEvents,
  purgeFinishedTasks,
  purgeIdempotencyKeys,
  schedulesNeedingNextRun,
  type Pool,
} from '@later/store';
import type { SchedulerConfig } from '../config.js';
import type { ScheduleService } from '../schedules/scheduleService.js';
import type { QueueDeps } from '../tasks/queueTasks.js';
import { queueWaitingBatch } from '../tasks/queueWaiting.js';
import type { ItemFailures } from './itemFailures.js';
import { rebuildFromPostgres } from './redisRebuild.js';
import { Repeater } from './repeater.js';

const schedulePage = 100;

/**
 * Makes Redis agree with Postgres, the record of truth, for what must not be lost:
 *   - a Redis that is new, wiped or replaced, wholly or one cluster master (its generation
 *     changed), gets every unfinished task it does not hold back (rebuildFromPostgres);
 *   - waiting tasks overdue by more than RECONCILE_GRACE_MS are queued again if Redis does not hold
 *     them (queuing skips every task Redis holds, so this never runs a task twice);
 *   - active schedules without a waiting occurrence get their next one;
 *   - expired Idempotency-Keys are forgotten, task events older than EVENT_RETENTION_MS, and
 *     tasks finished longer than TASK_RETENTION_MS ago (if set).
 * Every replica runs it; each step is safe to run concurrently.
 */
export class Reconciler {
  private readonly repeater: Repeater;
  private lastPurge = 0;
  private lastEventPrune = 0;
  private generation: string | undefined;
  /** The id after which the next page of schedules to repair starts. */
  private scheduleCursor = '0';
  /** Waiting tasks Redis had lost (a write that did not last) that this replica queued again. */
  lostQueuedTotal = 0;

  constructor(
    private readonly pool: Pool,
    private readonly queueDeps: QueueDeps,
    private readonly schedules: ScheduleService,
    private readonly config: SchedulerConfig,
    private readonly log: Logger,
    private readonly failures: ItemFailures,
    /** Puts back into a rebuilt Redis what else it must hold (the signing versions mirror). */
    private readonly afterRebuild: () => Promise<void> = async () => undefined,
  ) {
    this.repeater = new Repeater(() => this.runOnce(), config.RECONCILE_INTERVAL_MS);
  }

  /** Runs the first pass at once (a replica starting on an empty Redis rebuilds it), then every interval. */
  async start(): Promise<void> {
    await this.runOnce();
    this.repeater.start();
  }

  stop(): Promise<void> {
    return this.repeater.stop();
  }

  async runOnce(): Promise<void> {
    // Each step on its own: one that fails (Redis down, say) leaves the others to do their part.
    await this.step('rebuilding Redis', () => this.rebuildIfReplaced());
    await this.step('queuing again overdue tasks', async () => {
      const dueBefore = this.queueDeps.clock.now() - this.config.RECONCILE_GRACE_MS;
      const { queued } = await queueWaitingBatch(
        this.pool,
        this.queueDeps,
        { dueBefore, unqueuedOnly: false, limit: 500 },
        (id, err) => this.failures.record('reconciler_tasks', id, err),
      );
      if (queued > 0) this.log.warn({ queued }, 'queued again waiting tasks that Redis did not hold');
      this.lostQueuedTotal += queued;
    });
    await this.step('repairing schedules', () => this.repairSchedules());
    await this.step('purging', async () => {
      if (Date.now() - this.lastPurge > 3_600_000) {
        this.lastPurge = Date.now();
        await purgeIdempotencyKeys(this.pool, this.config.IDEMPOTENCY_TTL_MS);
        if (this.config.TASK_RETENTION_MS > 0) await this.purgeFinished();
      }
    });
    await this.step('pruning task events', async () => {
      // A tenth of the retention late at most (and at least once a minute), in bounded deletes.
      if (Date.now() - this.lastEventPrune > Math.min(60_000, this.config.EVENT_RETENTION_MS / 10)) {
        this.lastEventPrune = Date.now();
        while ((await pruneTaskEvents(this.pool, this.config.EVENT_RETENTION_MS, 10_000)) === 10_000);
      }
    });
  }

  private async step(what: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.log.error({ err }, `reconciling Redis with Postgres failed: ${what}`);
    }
  }

  private async rebuildIfReplaced(): Promise<void> {
    await this.queueDeps.clock.sync(this.queueDeps.scripts.redis);
    const { generation, created } = await redisGeneration(
      this.queueDeps.scripts.redis,
      this.queueDeps.scripts.prefix,
      allShards(this.config.SHARD_COUNT),
    );
    if (created || (this.generation !== undefined && generation !== this.generation)) {
      const rebuilt = await rebuildFromPostgres(
        this.pool,
        this.queueDeps,
        this.config.HORIZON_MS,
        undefined,
        (id, err) => this.failures.record('rebuild', id, err),
      );
      await this.afterRebuild();
      this.log.warn({ ...rebuilt, generation }, 'Redis was new, wiped or replaced: rebuilt it from Postgres');
    }
    this.generation = generation;
  }

  /**
   * Gives active schedules without a waiting occurrence their next one, a page per pass. The
   * pages go on from where the last pass stopped, so schedules that keep failing (each logged
   * and counted) never hold the first page and starve the others.
   */
  private async repairSchedules(): Promise<void> {
    const page = await schedulesNeedingNextRun(this.pool, this.scheduleCursor, schedulePage);
    for (const { id } of page)
      await this.failures.isolate('reconciler_schedules', id, () => this.schedules.advance(id, null));
    this.scheduleCursor = page.length < schedulePage ? '0' : page.at(-1)!.id;
  }

  /** In bounded deletes, so no transaction holds many rows; any replica may run it at once. */
  private async purgeFinished(): Promise<void> {
    let purged = 0;
    let deleted: number;
    do {
      deleted = await purgeFinishedTasks(this.pool, this.config.TASK_RETENTION_MS, 1000);
      purged += deleted;
    } while (deleted === 1000);
    if (purged > 0) this.log.info({ purged }, 'deleted tasks finished longer ago than TASK_RETENTION_MS');
  }
}
