import { describe, expect, it } from 'vitest';
import { drawFrom, outsideQuietHours } from '../src/time/quietHours.js';
import { randomSource } from '../src/time/randomSource.js';

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const berlinNights = { start: '22:00', end: '08:00', timezone: 'Europe/Berlin' };

describe('quiet hours', () => {
  it('leaves the days and cuts the nights, spans over midnight included', () => {
    const allowed = outsideQuietHours(t('2026-11-24T12:00:00Z'), t('2026-11-26T12:00:00Z'), berlinNights);
    expect(allowed.map(([a, b]) => [iso(a), iso(b)])).toEqual([
      ['2026-11-24T12:00:00.000Z', '2026-11-24T21:00:00.000Z'], // until 22:00 CET
      ['2026-11-25T07:00:00.000Z', '2026-11-25T21:00:00.000Z'], // 08:00 to 22:00 CET
      ['2026-11-26T07:00:00.000Z', '2026-11-26T12:00:00.000Z'],
    ]);
  });

  it('follows the wall clock across a DST change', () => {
    // The night of 28-29 March 2026 is an hour shorter in Berlin: 22:00 CET to 08:00 CEST is 9 h.
    const allowed = outsideQuietHours(t('2026-03-28T12:00:00Z'), t('2026-03-29T12:00:00Z'), berlinNights);
    expect(allowed.map(([a, b]) => [iso(a), iso(b)])).toEqual([
      ['2026-03-28T12:00:00.000Z', '2026-03-28T21:00:00.000Z'],
      ['2026-03-29T06:00:00.000Z', '2026-03-29T12:00:00.000Z'],
    ]);
  });

  it('handles quiet hours within a day, and a window entirely inside them', () => {
    const lunch = { start: '12:00', end: '13:00', timezone: 'UTC' };
    expect(
      outsideQuietHours(t('2026-11-24T11:00:00Z'), t('2026-11-24T14:00:00Z'), lunch).map(([a, b]) => [iso(a), iso(b)]),
    ).toEqual([
      ['2026-11-24T11:00:00.000Z', '2026-11-24T12:00:00.000Z'],
      ['2026-11-24T13:00:00.000Z', '2026-11-24T14:00:00.000Z'],
    ]);
    expect(outsideQuietHours(t('2026-11-24T23:00:00Z'), t('2026-11-25T05:00:00Z'), berlinNights)).toEqual([]);
  });

  it('draws uniformly over what is left, never inside the quiet hours', () => {
    const allowed = outsideQuietHours(t('2026-11-24T12:00:00Z'), t('2026-11-27T12:00:00Z'), berlinNights);
    const random = randomSource(11);
    const hours = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', hourCycle: 'h23' });
    const perHour = new Map<number, number>();
    for (let i = 0; i < 14_000; i++) {
      const hour = Number(hours.format(drawFrom(allowed, random())));
      expect(hour >= 8 && hour < 22).toBe(true);
      perHour.set(hour, (perHour.get(hour) ?? 0) + 1);
    }
    // 14 allowed local hours, each drawn about equally often (chi-square, 13 df, p = 0.001: 34.5).
    const expected = 14_000 / 14;
    const chiSquare = [...perHour.values()].reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
    expect(perHour.size).toBe(14);
    expect(chiSquare).toBeLessThan(34.5);
  });
});
