import { z } from 'zod';

/** The furthest ahead a task may be scheduled; beyond it a date is almost surely a mistake. */
export const maxScheduleAheadMs = 5 * 366 * 24 * 3600 * 1000;

/** ISO-8601 duration such as `PT2H`, `P3D`, `P1DT12H`, `PT0.5S`; at least one component. */
export const isoDurationPattern = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(?:\.\d{1,3})?S)?)?$/;

/** A local date-time without offset, read in a `timezone`. */
export const localDateTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const TimeZone = z.string().max(64).refine(isTimeZone, 'is not an IANA time zone such as Europe/Berlin');

export const isoInstant = z.iso
  .datetime({ offset: true })
  .refine((value) => !Number.isNaN(Date.parse(value)), 'is not a real date');

export const IsoDuration = z.string().regex(isoDurationPattern, 'must be an ISO-8601 duration such as PT2H or P3D');

/**
 * Roughly how long an ISO-8601 duration is (a year as 365.25 days, a month as 30.44): enough to
 * bound one, not to add it to a date. Infinity for a duration too long to count.
 */
export function approxDurationMs(iso: string): number {
  const match = isoDurationPattern.exec(iso);
  if (!match) return NaN;
  const day = 86_400_000;
  const [, y, mo, w, d, , h, mi, s] = match.map((part) => (part === undefined ? 0 : parseFloat(part)));
  return y! * 365.25 * day + mo! * 30.44 * day + w! * 7 * day + d! * day + h! * 3_600_000 + mi! * 60_000 + s! * 1000;
}

export const Delay = z.union([IsoDuration, z.number().int().min(0).max(maxScheduleAheadMs)], {
  error: 'must be an ISO-8601 duration such as PT2H, or a number of milliseconds',
});

export const Window = z.union([IsoDuration, z.strictObject({ from: isoInstant.optional(), to: isoInstant })], {
  error: 'must be an ISO-8601 duration such as P3D, or {from, to}',
});

const localTime = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be a local time such as 22:00');

/** Local times between which something must not happen, spanning midnight when end < start. */
export const quietHoursFields = { start: localTime, end: localTime };
const differentEnds = (q: { start: string; end: string }) => q.start !== q.end;

export const QuietHours = z
  .strictObject(quietHoursFields)
  .refine(differentEnds, { message: 'start and end must differ', path: ['end'] });

export const TaskQuietHours = z
  .strictObject({ ...quietHoursFields, timezone: TimeZone })
  .refine(differentEnds, { message: 'start and end must differ', path: ['end'] });

interface Timing {
  runAt?: string;
  timezone?: string;
  delay?: unknown;
  within?: unknown;
  quietHours?: unknown;
}

/**
 * The rules of a task's time, shared by create and update: at most one of runAt, delay and
 * within; with a timezone, runAt is a local date-time; without, an instant with an offset.
 */
export function checkTiming(timing: Timing, ctx: z.RefinementCtx): void {
  const given = (['runAt', 'delay', 'within'] as const).filter((field) => timing[field] !== undefined);
  for (const field of given.slice(1)) {
    ctx.addIssue({
      code: 'custom',
      path: [field],
      message: `give only one of runAt, delay and within, not ${given.join(' and ')}`,
    });
  }
  if (timing.quietHours !== undefined && timing.within === undefined) {
    ctx.addIssue({ code: 'custom', path: ['quietHours'], message: 'is only used with within' });
  }
  if (timing.timezone !== undefined && timing.runAt === undefined) {
    ctx.addIssue({ code: 'custom', path: ['timezone'], message: 'is only used with runAt' });
  }
  if (timing.runAt === undefined) return;
  if (timing.timezone !== undefined) {
    if (!localDateTimePattern.test(timing.runAt)) {
      ctx.addIssue({
        code: 'custom',
        path: ['runAt'],
        message: 'with a timezone, must be a local date-time without offset, such as 2026-11-27T09:00:00',
      });
    }
  } else if (!isoInstant.safeParse(timing.runAt).success) {
    ctx.addIssue({
      code: 'custom',
      path: ['runAt'],
      message: 'must be an ISO-8601 instant with an offset or Z (or give a timezone)',
    });
  }
}
