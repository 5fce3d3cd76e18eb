import { maxScheduleAheadMs } from '@later/types';
import { fieldError } from '../schedulingError.js';
import { delayMs } from './durations.js';
import { drawFrom, outsideQuietHours, type QuietHoursRule } from './quietHours.js';
import type { RandomSource } from './randomSource.js';
import { fromWall, zoneOf } from './wallClock.js';

export interface Timing {
  runAt?: string;
  timezone?: string;
  delay?: string | number;
  within?: string | { from?: string; to: string };
  quietHours?: QuietHoursRule;
}

/** Wall ms of a local date-time such as 2026-11-27T09:00 (read as if it were UTC). */
const wallOf = (local: string): number => Date.parse(`${local.length === 16 ? `${local}:00` : local}Z`);

/**
 * When a task is due (ms): `runAt` (an instant, or a local time in `timezone` under the DST rule
 * of wallClock.ts), `delay` from now, a moment drawn uniformly from what is left of a window
 * (`within`) outside its quiet hours, or now. A time
 * in the past means as soon as possible, so it is due now. `field` prefixes paths in errors.
 */
export function computeDueAt(timing: Timing, nowMs: number, random: RandomSource, field = ''): number {
  let dueAt = nowMs;
  let source = 'runAt';
  if (timing.runAt !== undefined) {
    dueAt =
      timing.timezone !== undefined
        ? fromWall(wallOf(timing.runAt), zoneOf(timing.timezone))!
        : Date.parse(timing.runAt);
    if (!Number.isFinite(dueAt)) throw fieldError(`${field}runAt`, 'is not a real date');
  } else if (timing.delay !== undefined) {
    source = 'delay';
    dueAt = nowMs + delayMs(timing.delay, nowMs);
  } else if (timing.within !== undefined) {
    source = 'within';
    const window = timing.within;
    // The part of a window already passed cannot be honoured: draw from what is left of it.
    const from =
      typeof window === 'string' || window.from === undefined ? nowMs : Math.max(nowMs, Date.parse(window.from));
    const to = typeof window === 'string' ? nowMs + delayMs(window, nowMs) : Date.parse(window.to);
    if (!(to > from)) throw fieldError(`${field}within`, 'must end after it starts');
    if (to <= nowMs) throw fieldError(`${field}within`, 'must end in the future');
    const allowed = timing.quietHours
      ? outsideQuietHours(from, to, timing.quietHours)
      : [[from, to] as [number, number]];
    if (allowed.length === 0) throw fieldError(`${field}within`, 'lies entirely in the quiet hours');
    dueAt = drawFrom(allowed, random());
  }
  if (!Number.isFinite(dueAt) || dueAt - nowMs > maxScheduleAheadMs) {
    throw fieldError(`${field}${source}`, 'must be at most 5 years from now');
  }
  return Math.max(nowMs, dueAt);
}
