import type { ReceivedDelivery } from './webhookReceiver.js';

/**
 * How much earlier than its due time a delivery may arrive and still count as on time: the due
 * time is checked on Redis' clock and the arrival read on the receiver's, rounded differently.
 */
const clockToleranceMs = 5;

/** What a receiver saw of a burst of tasks, against the tasks created. */
export interface BurstTally {
  /** Tasks of the burst that arrived exactly once. */
  exactlyOnce: number;
  /** Tasks of the burst that never arrived. */
  missing: number;
  /** Tasks of the burst that arrived more than once. */
  duplicated: number;
  /** Deliveries whose id is none of the burst's tasks. */
  unknown: number;
  /** Deliveries that arrived before their task was due. */
  early: number;
  /** Each delivery of the burst's tasks: its arrival minus its task's due time (ms). */
  lateness: number[];
  /** When the last delivery arrived (ms since the epoch); -Infinity when none did. */
  lastArrivalAt: number;
}

/** Tallies the deliveries `received` against the tasks created (`dueAtById`: each task's due time). */
export function tallyBurst(
  received: readonly Pick<ReceivedDelivery, 'deliveryId' | 'receivedAt'>[],
  dueAtById: ReadonlyMap<string, number>,
): BurstTally {
  const arrivals = new Map<string, number>();
  const tally: BurstTally = {
    exactlyOnce: 0,
    missing: 0,
    duplicated: 0,
    unknown: 0,
    early: 0,
    lateness: [],
    lastArrivalAt: -Infinity,
  };
  for (const { deliveryId, receivedAt } of received) {
    tally.lastArrivalAt = Math.max(tally.lastArrivalAt, receivedAt);
    const dueAt = dueAtById.get(deliveryId);
    if (dueAt === undefined) {
      tally.unknown++;
      continue;
    }
    arrivals.set(deliveryId, (arrivals.get(deliveryId) ?? 0) + 1);
    tally.lateness.push(receivedAt - dueAt);
    if (receivedAt < dueAt - clockToleranceMs) tally.early++;
  }
  for (const id of dueAtById.keys()) {
    const count = arrivals.get(id) ?? 0;
    if (count === 0) tally.missing++;
    else if (count === 1) tally.exactlyOnce++;
    else tally.duplicated++;
  }
  return tally;
}
