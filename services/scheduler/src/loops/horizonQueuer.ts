import type { Logger } from '@later/runtime';
import type { Pool } from '@later/store';
import type { SchedulerConfig } from '../config.js';
import type { QueueDeps } from '../tasks/queueTasks.js';
import { queueWaitingBatch } from '../tasks/queueWaiting.js';
import type { ItemFailures } from './itemFailures.js';
import { Repeater } from './repeater.js';

/**
 * Keeps Redis holding only what is due soon: tasks due beyond HORIZON_MS live in Postgres
 * only, and every HORIZON_INTERVAL_MS this horizon queuer moves those that came within the horizon into
 * Redis, batch after batch until none is left. Every replica runs it: batches are taken with
 * `FOR UPDATE SKIP LOCKED`, so replicas share the work, and Redis refuses a task it already holds,
 * so none is queued twice; a replica that dies mid-batch leaves its rows for the next pass.
 */
export class HorizonQueuer {
  private readonly repeater: Repeater;
  queuedTotal = 0;

  constructor(
    private readonly pool: Pool,
    private readonly queueDeps: QueueDeps,
    private readonly config: Pick<SchedulerConfig, 'HORIZON_MS' | 'HORIZON_INTERVAL_MS' | 'HORIZON_BATCH'>,
    private readonly log: Logger,
    private readonly failures: ItemFailures,
  ) {
    this.repeater = new Repeater(() => this.queueDue(), config.HORIZON_INTERVAL_MS);
  }

  start(): void {
    this.repeater.start();
  }

  stop(): Promise<void> {
    return this.repeater.stop();
  }

  /** Queues every task that is within the horizon and not in Redis yet; returns how many. */
  async queueDue(): Promise<number> {
    let queued = 0;
    try {
      for (;;) {
        const dueBefore = this.queueDeps.clock.now() + this.config.HORIZON_MS;
        const batch = await queueWaitingBatch(
          this.pool,
          this.queueDeps,
          { dueBefore, unqueuedOnly: true, limit: this.config.HORIZON_BATCH },
          (id, err) => this.failures.record('horizon', id, err),
        );
        queued += batch.queued;
        if (batch.found < this.config.HORIZON_BATCH) break;
      }
    } catch (err) {
      this.log.error({ err }, 'queuing tasks from the horizon failed; the next pass tries again');
    }
    if (queued > 0) this.log.debug({ queued }, 'queued tasks that came within the horizon');
    this.queuedTotal += queued;
    return queued;
  }
}
