import { deliveryChannels, type AckResult, type DeliveryChannel } from '@later/queue';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { DeliveryObserver } from './deliveryLoop.js';

const outcomes: readonly (AckResult | 'deferred')[] = ['delivered', 'retrying', 'dead', 'stale', 'deferred'];

/**
 * The sender's own metrics (the process and Node.js ones come with the registry): what this
 * sender delivered and how long each attempt took, per channel, as the delivery loop tells it.
 *
 * The due lag histogram (when an attempt was claimed against when it was due) belongs here too,
 * once every attempt carries its claim time (issue 8, with per-attempt `claimedAt`); it is not
 * measured yet.
 */
export class SenderMetrics implements DeliveryObserver {
  private readonly deliveries: Counter<'channel' | 'outcome'>;
  private readonly duration: Histogram<'channel'>;

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
    for (const channel of deliveryChannels) for (const outcome of outcomes) this.deliveries.inc({ channel, outcome }, 0);
    this.duration = new Histogram({
      name: 'later_delivery_duration_seconds',
      help: 'How long one delivery attempt took (the request to the receiver, SMTP server or SMS provider), whatever its outcome, by channel.',
      labelNames: ['channel'],
      // From a fast local receiver to the longest timeouts a task may set (10 min).
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 600],
      registers: [registry],
    });
    for (const channel of deliveryChannels) this.duration.zero({ channel });
  }

  /** A gauge of the loop's deliveries in flight, read at scrape time. */
  watchInFlight(loop: { inFlightOf(channel: DeliveryChannel): number }): void {
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

  settled(channel: DeliveryChannel, outcome: AckResult | 'deferred'): void {
    this.deliveries.inc({ channel, outcome });
  }
}
