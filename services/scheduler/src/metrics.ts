import { deliveryChannels, type DeliveryChannel, type QueueScripts } from '@later/queue';
import { ScrapeRead } from '@later/runtime';
import { Counter, Gauge, type Registry } from 'prom-client';
import { itemLoops, type ItemFailures } from './loops/itemFailures.js';

/**
 * The running totals the scheduler's loops keep. They are read when Prometheus scrapes, so the
 * loops know nothing of metrics (the benchmark runs them in its own process unchanged) and
 * their hot paths pay nothing for them.
 */
export interface LoopTotals {
  claimer: { claimedByChannel: Record<DeliveryChannel, number> };
  horizonQueuer: { queuedTotal: number };
  reaper: { requeuedTotal: number; newerFormatTotal: number };
  reconciler: { lostQueuedTotal: number };
  writer: { writtenTotal: number };
  itemFailures: Pick<ItemFailures, 'byLoop'>;
}

/**
 * The scheduler's own metrics (the process and Node.js ones come with the registry). Counters
 * count what this replica did; the queue gauges show the whole queue, read from Redis at scrape
 * time, so every replica reports the same values: aggregate them with max(), not sum().
 */
export class SchedulerMetrics {
  private readonly created: Counter<'channel'>;

  constructor(readonly registry: Registry) {
    this.created = new Counter({
      name: 'later_tasks_created_total',
      help: 'Tasks this replica accepted and committed to Postgres (requests, schedule runs, callbacks), by channel.',
      labelNames: ['channel'],
      registers: [registry],
    });
    // Every channel from the start, so a first task shows as an increase, not as a new series.
    for (const channel of deliveryChannels) this.created.inc({ channel }, 0);
  }

  /** Counts new tasks once Postgres has committed them. */
  tasksCreated(rows: readonly { channel: string }[]): void {
    for (const row of rows) this.created.inc({ channel: row.channel });
  }

  /** Counters showing the loops' running totals. */
  watchLoops(loops: LoopTotals): void {
    new Counter({
      name: 'later_tasks_claimed_total',
      help: 'Tasks this replica claimed: moved out of the due set when due, to a ready list or to the queue of their stream, by channel.',
      labelNames: ['channel'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const channel of deliveryChannels) this.inc({ channel }, loops.claimer.claimedByChannel[channel]);
      },
    });
    new Counter({
      name: 'later_loop_item_failures_total',
      help: "Items (a schedule, a task) that failed in a loop of this replica over many users' items: each is logged with its id and skipped.",
      labelNames: ['loop'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const loop of itemLoops) this.inc({ loop }, loops.itemFailures.byLoop[loop]);
      },
    });
    const total = (name: string, help: string, read: () => number) =>
      new Counter({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.reset();
          this.inc(read());
        },
      });
    total(
      'later_horizon_queued_total',
      'Tasks the horizon queuer of this replica moved from Postgres into Redis as they came within HORIZON_MS.',
      () => loops.horizonQueuer.queuedTotal,
    );
    total(
      'later_leases_reaped_total',
      'Expired leases this replica took back (the sender died or stalled): the attempt recorded lost, the task retried.',
      () => loops.reaper.requeuedTotal,
    );
    total(
      'later_task_format_newer_total',
      'Task entries this replica met and left alone because their format is newer than it reads (src/taskFormats.ts): a newer release wrote them.',
      () => loops.reaper.newerFormatTotal,
    );
    total(
      'later_lost_tasks_queued_total',
      'Waiting tasks the reconciler of this replica queued again because Redis did not hold them.',
      () => loops.reconciler.lostQueuedTotal,
    );
    total(
      'later_history_events_written_total',
      'Attempt events this replica wrote from the Redis events streams to Postgres.',
      () => loops.writer.writtenTotal,
    );
  }

  /**
   * Gauges of what waits in Redis, read with one round of commands per scrape. While Redis does not
   * answer within 500 ms they are left out of the scrape (a stale number would look current),
   * and `later_redis_up` says 0.
   */
  watchQueue(scripts: QueueScripts, shards: number[], redisNow: () => number): void {
    const depths = new ScrapeRead(() => scripts.queueDepths(shards, redisNow()));
    new Gauge({
      name: 'later_redis_up',
      help: '1 when Redis answered the queue reads of this scrape within 500 ms, else 0 (and the queue gauges are left out).',
      registers: [this.registry],
      async collect() {
        this.set((await depths.get()) ? 1 : 0);
      },
    });
    const byChannel = (name: string, help: string, part: 'ready' | 'held') =>
      new Gauge({
        name,
        help,
        labelNames: ['channel'],
        registers: [this.registry],
        async collect() {
          const read = await depths.get();
          this.reset();
          if (read) for (const channel of deliveryChannels) this.set({ channel }, read[part][channel]);
        },
      });
    byChannel(
      'later_ready_tasks',
      'Tasks claimed and waiting in the ready lists for a sender with a free slot, all shards, by channel.',
      'ready',
    );
    byChannel(
      'later_held_tasks',
      'Due tasks held because their channel already has READY_LIMIT tasks ready in their shard: senders are behind on that channel.',
      'held',
    );
    new Gauge({
      name: 'later_overdue_tasks',
      help: 'Tasks whose due time has come and that no sender has taken yet (due and unclaimed, held, or ready), all shards: the backlog that shows as lag.',
      registers: [this.registry],
      async collect() {
        const read = await depths.get();
        if (!read) return this.remove();
        const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
        this.set(read.dueUnclaimed + sum(read.held) + sum(read.ready));
      },
    });
    const queueTotal = (name: string, help: string, part: 'parked' | 'leases' | 'historyEntries') =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        async collect() {
          const read = await depths.get();
          if (read) this.set(read[part]);
          else this.remove();
        },
      });
    queueTotal(
      'later_parked_tasks',
      'Tasks Redis holds parked, all shards: due after their minute is promoted into the due set, two minutes before it starts.',
      'parked',
    );
    queueTotal(
      'later_leases_in_flight',
      'Leases held in Redis, all shards: tasks some sender is delivering now.',
      'leases',
    );
    queueTotal(
      'later_outcome_buffer_entries',
      'Entries of the per-shard events streams not yet written to Postgres (an entry may carry a batch of events); grows while Postgres is down.',
      'historyEntries',
    );
  }
}
