import { latenessOf, type Lateness } from './measure.js';

/** A task the soak created, as the API answered it. */
export interface CreatedTask {
  id: string;
  /** Its due time (ms since the epoch), from the API's answer. */
  dueAt: number;
}

/** One request seen by a receiver: the delivery id header (the task's id) and when it arrived. */
export interface Arrival {
  deliveryId: string;
  receivedAt: number;
}

/** The tasks due within one minute of the soak, and how their deliveries went. */
export interface SoakMinute {
  /** 0 for the tasks due in the soak's first minute, and so on. */
  minute: number;
  /** Tasks created that fell due in this minute. */
  due: number;
  /** Of those, tasks that arrived at least once. */
  delivered: number;
  /** Of those, tasks that never arrived. */
  lost: number;
  /** Of those, tasks that arrived more than once. */
  duplicated: number;
  /** Each delivered task's first arrival minus its due time (ms). */
  lateness: Lateness;
}

export interface SoakTally {
  minutes: SoakMinute[];
  lost: number;
  duplicated: number;
  /** Arrivals whose id is none of the created tasks' (a create whose answer never came back, say). */
  unknown: number;
}

/**
 * Tallies a soak's deliveries against its tasks, by the minute each task fell due (counted from
 * `startedAt`): lateness is measured on a task's first arrival, so a duplicate shows in
 * `duplicated`, never twice in the percentiles.
 */
export function tallySoak(created: readonly CreatedTask[], arrivals: readonly Arrival[], startedAt: number): SoakTally {
  const firstArrival = new Map<string, number>();
  const arrivalCount = new Map<string, number>();
  for (const { deliveryId, receivedAt } of arrivals) {
    arrivalCount.set(deliveryId, (arrivalCount.get(deliveryId) ?? 0) + 1);
    firstArrival.set(deliveryId, Math.min(firstArrival.get(deliveryId) ?? Infinity, receivedAt));
  }
  const byMinute: { due: number; lost: number; duplicated: number; lateness: number[] }[] = [];
  const ids = new Set<string>();
  for (const task of created) {
    ids.add(task.id);
    const minute = Math.max(0, Math.floor((task.dueAt - startedAt) / 60_000));
    for (let m = byMinute.length; m <= minute; m++) byMinute.push({ due: 0, lost: 0, duplicated: 0, lateness: [] });
    const bucket = byMinute[minute]!;
    bucket.due++;
    const count = arrivalCount.get(task.id) ?? 0;
    if (count === 0) bucket.lost++;
    else bucket.lateness.push(firstArrival.get(task.id)! - task.dueAt);
    if (count > 1) bucket.duplicated++;
  }
  let unknown = 0;
  for (const [id, count] of arrivalCount) if (!ids.has(id)) unknown += count;
  const minutes = byMinute.map((bucket, minute) => ({
    minute,
    due: bucket.due,
    delivered: bucket.due - bucket.lost,
    lost: bucket.lost,
    duplicated: bucket.duplicated,
    lateness: latenessOf(bucket.lateness),
  }));
  return {
    minutes,
    lost: minutes.reduce((sum, m) => sum + m.lost, 0),
    duplicated: minutes.reduce((sum, m) => sum + m.duplicated, 0),
    unknown,
  };
}
