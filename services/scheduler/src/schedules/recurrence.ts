import type { ScheduleSpec } from '@later/store';
import { maxScheduleAheadMs } from '@later/types';
import { CronError, CronSchedule } from '../time/cronSchedule.js';
import { fieldError } from '../schedulingError.js';
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

  private get ruleField(): 'cron' | 'every' {
    return this.spec.cron ? 'cron' : 'every';
  }

  /**
   * The first run time strictly after `after`, or null when the schedule has none left. A run
   * that cannot be computed (a date past what a clock holds) is refused naming the rule, never NaN.
   */
  next(after: number): number | null {
    const from = Math.max(after, this.spec.startAt.getTime() - 1);
    const slot = this.rule.next(from);
    if (slot === null || (this.spec.endAt && slot > this.spec.endAt.getTime())) return null;
    if (!Number.isFinite(slot)) throw fieldError(this.ruleField, 'gives a run time that cannot be computed');
    return slot;
  }

  /**
   * Refuses a rule whose first run from `now` lies further ahead than a task may be due, or
   * whose run after that cannot be computed: its occurrences could not be made later.
   */
  checkRunsFrom(now: number): void {
    const first = this.next(now - 1);
    if (first === null) return; // none left: the schedule ends at once
    if (first - now > maxScheduleAheadMs) {
      const field = this.spec.startAt.getTime() - now > maxScheduleAheadMs ? 'startAt' : this.ruleField;
      throw fieldError(field, 'must give a first run at most 5 years from now');
    }
    this.next(first);
  }

  /** Up to `count` run times strictly after `after`. */
  upcoming(after: number, count: number): number[] {
    const slots: number[] = [];
    for (let slot = this.next(after); slot !== null && slots.length < count; slot = this.next(slot)) slots.push(slot);
    return slots;
  }
}
