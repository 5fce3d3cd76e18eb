import { deliveryChannels, type AckResult, type DeliveryChannel } from '@later/queue';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { DeliveryObserver } from './deliveryObserver.js';
import type { LoadState } from './overloadWatch.js';

const outcomes: readonly (AckResult | 'deferred')[] = ['delivered', 'retrying', 'dead', 'stale', 'deferred'];

/**
 * The sender's own metrics (the process and Node.js ones come with the registry): what this
 * sender delivered, how long each attempt took and how late its claim came, per channel, as the
 * delivery loop tells it.
 */
export class SenderMetrics implements DeliveryObserver {
  private readonly deliveries: Counter<'channel' | 'outcome'>;
  private readonly duration: Histogram<'channel'>;
  private readonly dueLag: Histogram<'channel'>;
  private readonly newerFormat: Counter<'channel'>;

  constructor(readonly registry: Registry) {
    this.deliveries = new Counter({
      name: 'later_deliveries_total',
      help:
        'Tasks this sender settled, by channel and outcome: delivered, retrying (failed, to be tried again), dead (failed for good), ' +
        'stale (outcome refused: the lease had passed to another attempt), deferred (handed back untried: its destination was busy).',
      labelNames: ['channel', 'outcome'],
      registers: [registry],
    });
    // Every series from the start, so the first of each shows as an increase.
    for (const channel of deliveryChannels)
      for (const outcome of outcomes) this.deliveries.inc({ channel, outcome }, 0);
    this.duration = new Histogram({
      name: 'later_delivery_duration_seconds',
      help: 'How long one delivery attempt took (the request to the receiver, SMTP server or SMS provider), whatever its outcome, by channel.',
      labelNames: ['channel'],
      // From a fast local receiver to the longest timeouts a task may set (10 min).
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 600],
      registers: [registry],
    });
    for (const channel of deliveryChannels) this.duration.zero({ channel });
    this.dueLag = new Histogram({
      name: 'later_due_lag_seconds',
      help:
        'How late the claim of each attempt this sender took came: claim time minus due time, by channel. ' +
        'Schedulers behind (or ready lists full: see later_held_tasks) show here; a wait for a free sender slot does not.',
      labelNames: ['channel'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [registry],
    });
    for (const channel of deliveryChannels) this.dueLag.zero({ channel });
    this.newerFormat = new Counter({
      name: 'later_task_format_newer_total',
      help: 'Ready entries this sender put back untaken because their task format is newer than it reads (src/taskFormats.ts): a newer release wrote them, by channel.',
      labelNames: ['channel'],
      registers: [registry],
    });
    for (const channel of deliveryChannels) this.newerFormat.inc({ channel }, 0);
  }

  /** Gauges of the sender's load, read at scrape time: overloaded, and channels whose slots are all busy while work waits. */
  watchLoad(state: LoadState): void {
    new Gauge({
      name: 'later_sender_overloaded',
      help: '1 while this sender takes no new work because its process is overloaded (event-loop delay or memory over its limits), else 0.',
      registers: [this.registry],
      collect() {
        this.set(state.overload === undefined ? 0 : 1);
      },
    });
    new Gauge({
      name: 'later_sender_saturated',
      help: '1 while every slot of this sender for the channel is busy and more of its work waits (see later_overdue_tasks), else 0.',
      labelNames: ['channel'],
      registers: [this.registry],
      collect() {
        for (const channel of deliveryChannels) this.set({ channel }, state.saturated.includes(channel) ? 1 : 0);
      },
    });
  }

  claimLagged(channel: DeliveryChannel, seconds: number): void {
    this.dueLag.observe({ channel }, seconds);
  }

  /** Gauges of the loop's deliveries in flight and of tasks waiting for a busy destination, read at scrape time. */
  watchInFlight(loop: { inFlightOf(channel: DeliveryChannel): number; waitingForDestination: number }): void {
    new Gauge({
      name: 'later_sender_waiting_for_destination',
      help: 'Tasks this sender holds, leased and ranked, until their busy destination frees a slot.',
      registers: [this.registry],
      collect() {
        this.set(loop.waitingForDestination);
      },
    });
    new Gauge({
      name: 'later_deliveries_in_flight',
      help: 'Deliveries this sender has in flight now, by channel (each holds a lease; later_leases_in_flight counts those of all senders).',
      labelNames: ['channel'],
      registers: [this.registry],
      collect() {
        for (const channel of deliveryChannels) this.set({ channel }, loop.inFlightOf(channel));
      },
    });
  }

  attempted(channel: DeliveryChannel, seconds: number): void {
    this.duration.observe({ channel }, seconds);
  }

  leftNewerFormat(channel: DeliveryChannel, count: number): void {
    this.newerFormat.inc({ channel }, count);
  }

  settled(channel: DeliveryChannel, outcome: AckResult | 'deferred'): void {
    this.deliveries.inc({ channel, outcome });
  }
}
