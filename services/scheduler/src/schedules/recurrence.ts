import type { ScheduleSpec } from '@later/store';
import { CronError, CronSchedule } from '../time/cronSchedule.js';
import { fieldError } from '../time/durations.js';
import { EverySchedule } from '../time/everySchedule.js';

/**
 * A schedule's run times: its cron or every rule, no earlier than `startAt`, no later than
 * `endAt`. (`maxRuns` is counted by the caller, which knows how many runs were made.)
 */
export class Recurrence {
  private readonly rule: { next(after: number): number | null };

  constructor(private readonly spec: Pick<ScheduleSpec, 'cron' | 'every' | 'timezone' | 'startAt' | 'endAt'>) {
    try {
      this.rule = spec.cron
        ? new CronSchedule(spec.cron, spec.timezone)
        : new EverySchedule(spec.every!, spec.startAt.getTime(), spec.timezone);
    } catch (err) {
      if (err instanceof CronError) throw fieldError('cron', err.message);
      if (String(err).includes('time zone')) throw fieldError('timezone', 'is not an IANA time zone');
      throw fieldError(spec.cron ? 'cron' : 'every', (err as Error).message);
    }
  }

  /** The first run time strictly after `after`, or null when the schedule has none left. */
  next(after: number): number | null {
    const from = Math.max(after, this.spec.startAt.getTime() - 1);
    const slot = this.rule.next(from);
    if (slot === null || (this.spec.endAt && slot > this.spec.endAt.getTime())) return null;
    return slot;
  }

  /** Up to `count` run times strictly after `after`. */
  upcoming(after: number, count: number): number[] {
    const slots: number[] = [];
    for (let slot = this.next(after); slot !== null && slots.length < count; slot = this.next(slot)) slots.push(slot);
    return slots;
  }
}
