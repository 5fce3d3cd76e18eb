import { describe, expect, it } from 'vitest';
import { CronError, CronSchedule } from '../src/time/cronSchedule.js';
import { EverySchedule } from '../src/time/everySchedule.js';
import { fromWall, zoneOf } from '../src/time/wallClock.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const runs = (schedule: { next(after: number): number | null }, from: string, count: number) => {
  const out: string[] = [];
  let after = Date.parse(from);
  for (let i = 0; i < count; i++) {
    const next = schedule.next(after)!;
    out.push(iso(next)!);
    after = next;
  }
  return out;
};

// Europe/Berlin in 2026: clocks go 02:00 CET -> 03:00 CEST on 29 March (at 01:00Z), and
// 03:00 CEST -> 02:00 CET on 25 October (at 01:00Z).
describe('cron in a time zone across DST changes (Europe/Berlin)', () => {
  it('runs a daily 02:30 once on the day it does not exist, moved forward by the gap', () => {
    expect(runs(new CronSchedule('30 2 * * *', 'Europe/Berlin'), '2026-03-27T12:00:00Z', 3)).toEqual([
      '2026-03-28T01:30:00.000Z', // 02:30 CET
      '2026-03-29T01:30:00.000Z', // 03:30 CEST: 02:30 does not exist
      '2026-03-30T00:30:00.000Z', // 02:30 CEST
    ]);
  });

  it('runs a daily 02:30 once on the day it occurs twice, at its first occurrence', () => {
    expect(runs(new CronSchedule('30 2 * * *', 'Europe/Berlin'), '2026-10-23T12:00:00Z', 3)).toEqual([
      '2026-10-24T00:30:00.000Z', // 02:30 CEST
      '2026-10-25T00:30:00.000Z', // 02:30 CEST, not again at 02:30 CET
      '2026-10-26T01:30:00.000Z', // 02:30 CET
    ]);
  });

  it('runs an hourly job once per local hour through the repeated hour', () => {
    expect(runs(new CronSchedule('0 * * * *', 'Europe/Berlin'), '2026-10-24T22:30:00Z', 4)).toEqual([
      '2026-10-24T23:00:00.000Z', // 01:00 CEST
      '2026-10-25T00:00:00.000Z', // 02:00 CEST
      '2026-10-25T02:00:00.000Z', // 03:00 CET; 02:00 CET is the same local time again
      '2026-10-25T03:00:00.000Z',
    ]);
  });

  it('gives every instant of a 15-minute job once through the gap', () => {
    expect(runs(new CronSchedule('*/15 * * * *', 'Europe/Berlin'), '2026-03-29T00:40:00Z', 4)).toEqual([
      '2026-03-29T00:45:00.000Z', // 01:45 CET
      '2026-03-29T01:00:00.000Z', // 03:00 CEST (02:00 moved forward)
      '2026-03-29T01:15:00.000Z', // 03:15 CEST
      '2026-03-29T01:30:00.000Z',
    ]);
  });

  it('reads 6 fields as seconds first, and weekday ranges', () => {
    expect(runs(new CronSchedule('*/20 * * * * *', 'UTC'), '2026-11-24T00:00:10Z', 3)).toEqual([
      '2026-11-24T00:00:20.000Z',
      '2026-11-24T00:00:40.000Z',
      '2026-11-24T00:01:00.000Z',
    ]);
    expect(runs(new CronSchedule('0 8 * * 1-5', 'Europe/Berlin'), '2026-11-27T12:00:00Z', 2)).toEqual([
      '2026-11-30T07:00:00.000Z', // Monday 08:00 CET (Friday's has passed, the weekend skipped)
      '2026-12-01T07:00:00.000Z',
    ]);
  });

  it('refuses bad expressions with a reason', () => {
    expect(() => new CronSchedule('61 * * * *', 'UTC')).toThrow(CronError);
    expect(() => new CronSchedule('* * * *', 'UTC')).toThrow(/5 fields/);
    expect(() => new CronSchedule('* * * * *', 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('every, counted from its start', () => {
  it('keeps the local time across DST for day units and elapsed time for hours', () => {
    const start = Date.parse('2026-03-27T08:00:00Z'); // 09:00 CET
    expect(runs(new EverySchedule('P1D', start, 'Europe/Berlin'), '2026-03-27T08:00:00Z', 3)).toEqual([
      '2026-03-28T08:00:00.000Z', // 09:00 CET
      '2026-03-29T07:00:00.000Z', // 09:00 CEST
      '2026-03-30T07:00:00.000Z',
    ]);
    expect(runs(new EverySchedule('PT12H', start, 'Europe/Berlin'), '2026-03-28T21:00:00Z', 2)).toEqual([
      '2026-03-29T08:00:00.000Z',
      '2026-03-29T20:00:00.000Z',
    ]);
  });

  it('runs month ends without drifting', () => {
    const start = Date.parse('2026-01-31T12:00:00Z');
    expect(runs(new EverySchedule('P1M', start, 'UTC'), '2026-01-31T12:00:00Z', 3)).toEqual([
      '2026-02-28T12:00:00.000Z',
      '2026-03-31T12:00:00.000Z',
      '2026-04-30T12:00:00.000Z',
    ]);
  });

  it('starts at its anchor and refuses less than a second', () => {
    const start = Date.parse('2026-12-01T00:00:00Z');
    expect(iso(new EverySchedule('PT1M', start, 'UTC').next(start - 5000))).toBe('2026-12-01T00:00:00.000Z');
    expect(() => new EverySchedule('PT0.5S', start, 'UTC')).toThrow(/one second/);
  });
});

describe('local date-times', () => {
  const berlin = zoneOf('Europe/Berlin');
  it('map a missing local time forward by the gap and a repeated one to its first occurrence', () => {
    expect(iso(fromWall(Date.parse('2026-03-29T02:30:00Z'), berlin))).toBe('2026-03-29T01:30:00.000Z');
    expect(iso(fromWall(Date.parse('2026-10-25T02:30:00Z'), berlin))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(fromWall(Date.parse('2026-11-27T09:00:00Z'), berlin))).toBe('2026-11-27T08:00:00.000Z');
  });
});
