import { fromWall, toWall, zoneOf } from './wallClock.js';

export interface QuietHoursRule {
  /** Local times, HH:MM; `end` before `start` means the quiet spans midnight (22:00-08:00). */
  start: string;
  end: string;
  timezone: string;
}

const day = 86_400_000;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The parts of [from, to) outside the quiet hours, as instants. Each day's quiet period is laid
 * out on the wall clock and mapped to instants with the DST rule of wallClock.ts, so a quiet
 * period across a DST change is as long as the clock on the wall says.
 */
export function outsideQuietHours(from: number, to: number, rule: QuietHoursRule): [number, number][] {
  const zone = zoneOf(rule.timezone);
  const startMin = minutesOf(rule.start);
  const endMin = minutesOf(rule.end);
  const quiet: [number, number][] = [];
  // Every local day that could hold a quiet period touching the window, one before for spans over midnight.
  const firstDay = Math.floor(toWall(from, zone) / day) * day - day;
  for (let wallDay = firstDay; wallDay <= toWall(to, zone); wallDay += day) {
    const begins = fromWall(wallDay + startMin * 60_000, zone)!;
    const ends = fromWall(wallDay + (endMin <= startMin ? day : 0) + endMin * 60_000, zone)!;
    quiet.push([begins, ends]);
  }
  const allowed: [number, number][] = [];
  let cursor = from;
  for (const [begins, ends] of quiet) {
    if (ends <= cursor || begins >= to) continue;
    if (begins > cursor) allowed.push([cursor, Math.min(begins, to)]);
    cursor = Math.max(cursor, ends);
    if (cursor >= to) break;
  }
  if (cursor < to) allowed.push([cursor, to]);
  return allowed;
}

/** A moment drawn uniformly from `intervals` (their total length), given a number in [0, 1). */
export function drawFrom(intervals: [number, number][], unit: number): number {
  const total = intervals.reduce((sum, [a, b]) => sum + (b - a), 0);
  let offset = Math.floor(unit * total);
  for (const [a, b] of intervals) {
    if (offset < b - a) return a + offset;
    offset -= b - a;
  }
  return intervals.at(-1)![1] - 1;
}
