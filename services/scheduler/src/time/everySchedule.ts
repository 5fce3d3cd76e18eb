import { DateTime, Duration } from 'luxon';

/**
 * Runs every `duration` counted from `anchor`. Days and longer are calendar units in the time
 * zone (P1D keeps the local time across DST changes; P1M keeps the day of month, clamped);
 * hours and shorter are elapsed time. Run k is computed from the anchor, not from run k-1, so
 * month ends and DST changes never make it drift.
 */
export class EverySchedule {
  private readonly duration: Duration;
  private readonly approxMs: number;

  constructor(
    readonly iso: string,
    private readonly anchor: number,
    private readonly timezone: string,
  ) {
    this.duration = Duration.fromISO(iso);
    this.approxMs = this.duration.as('milliseconds');
    if (!this.duration.isValid || !(this.approxMs >= 1000)) throw new RangeError('must be at least one second');
  }

  private run(k: number): number {
    const start = DateTime.fromMillis(this.anchor, { zone: this.timezone });
    return start.plus(this.duration.mapUnits((value) => value * k)).toMillis();
  }

  /** The first run time strictly after `after` (the anchor itself is run 0). */
  next(after: number): number {
    if (after < this.anchor) return this.anchor;
    // Estimate k from the average length, then step to the exact run.
    let k = Math.max(0, Math.floor((after - this.anchor) / this.approxMs) - 1);
    while (this.run(k) <= after) k += 1;
    while (k > 0 && this.run(k - 1) > after) k -= 1;
    return this.run(k);
  }
}
