import { countActiveSchedules, type PoolClient, type ScheduleSpec } from '@later/store';
import { CronExpressionParser } from 'cron-parser';
import { Duration } from 'luxon';
import { SchedulingError, fieldError } from '../schedulingError.js';

/** The smallest difference between two values of a sorted list; Infinity with fewer than two. */
function smallestStep(values: readonly number[]): number {
  let step = Infinity;
  for (let i = 1; i < values.length; i++) step = Math.min(step, values[i]! - values[i - 1]!);
  return step;
}

const span = (values: readonly number[]) => values[values.length - 1]! - values[0]!;

/**
 * The shortest time (ms) a cron rule can leave between two runs, read from its fields rather
 * than by listing runs: cron-parser takes about a millisecond a run, and a rule's closest runs
 * may be days away. The times of a day are hours x minutes x seconds, so the closest two are
 * neighbours in one field with the finer fields at their ends. Any two days are taken to be
 * consecutive, which overstates only rules limited to some days that also run late and early.
 */
export function cronShortestGapMs(expression: string): number {
  const { second, minute, hour } = CronExpressionParser.parse(expression, { tz: 'UTC' }).fields;
  const [seconds, minutes, hours] = [second.values, minute.values, hour.values].map((values) =>
    [...values].map(Number).sort((a, b) => a - b),
  ) as [number[], number[], number[]];
  const secondsSpan = span(seconds);
  const minutesSpan = span(minutes) * 60 + secondsSpan;
  const daySpan = span(hours) * 3600 + minutesSpan;
  return (
    Math.min(
      smallestStep(seconds),
      smallestStep(minutes) * 60 - secondsSpan,
      smallestStep(hours) * 3600 - minutesSpan,
      86_400 - daySpan,
    ) * 1000
  );
}

/** Refuses a rule that can run more often than every `minMs`, naming `cron` or `every`. */
export function checkShortestInterval(rule: Pick<ScheduleSpec, 'cron' | 'every'>, minMs: number): void {
  const field = rule.cron ? 'cron' : 'every';
  // Months and years count as 30 and 365 days: a floor far below them needs no calendar.
  const gapMs = rule.cron ? cronShortestGapMs(rule.cron) : Duration.fromISO(rule.every!).as('milliseconds');
  if (gapMs < minMs) {
    throw fieldError(
      field,
      `runs as often as every ${gapMs / 1000} s; the shortest interval allowed is ${minMs / 1000} s`,
    );
  }
}

/**
 * Refuses a schedule just made active (a conflict), inside the transaction that made it so, when its
 * owner now has more than `max` active ones. The transaction must hold lockScheduleActivations.
 */
export async function checkActiveScheduleLimit(client: PoolClient, ownerId: string, max: number): Promise<void> {
  if ((await countActiveSchedules(client, ownerId)) > max) {
    throw new SchedulingError(
      'conflict',
      `this account already has ${max} active schedules, the most it may have: pause or delete one first`,
    );
  }
}
