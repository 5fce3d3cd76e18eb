import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { fromWall } from '../../../scheduler/src/time/wallClock.js';
import { instantToZoned, timeZoneNames, zonedToInstant } from '../src/time/zonedTime';

const iso = (local: string, zone: string) => zonedToInstant(local, zone)?.toISOString();

describe('local date-times in a time zone, as the New task form reads them', () => {
  it('reads a local time with the offset in force then: winter, summer, half-hour zones, UTC', () => {
    expect(iso('2026-11-27T09:00', 'Europe/Berlin')).toBe('2026-11-27T08:00:00.000Z');
    expect(iso('2026-07-01T09:00', 'Europe/Berlin')).toBe('2026-07-01T07:00:00.000Z');
    expect(iso('2026-01-01T00:00', 'Asia/Kolkata')).toBe('2025-12-31T18:30:00.000Z');
    expect(iso('2026-01-01T00:00', 'UTC')).toBe('2026-01-01T00:00:00.000Z');
  });

  it('moves a time in the spring-forward gap on by the gap (Berlin 02:30 on 29 March 2026 is 03:30 CEST)', () => {
    expect(iso('2026-03-29T02:30', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z');
    expect(iso('2026-03-29T02:00', 'Europe/Berlin')).toBe('2026-03-29T01:00:00.000Z');
    expect(iso('2026-03-29T03:00', 'Europe/Berlin')).toBe('2026-03-29T01:00:00.000Z');
    expect(iso('2026-03-08T02:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
  });

  it('takes the first of a time that occurs twice (Berlin 02:30 on 25 October 2026 is first 02:30 CEST)', () => {
    expect(iso('2026-10-25T02:30', 'Europe/Berlin')).toBe('2026-10-25T00:30:00.000Z');
    expect(iso('2026-10-25T01:59', 'Europe/Berlin')).toBe('2026-10-24T23:59:00.000Z');
    expect(iso('2026-10-25T03:00', 'Europe/Berlin')).toBe('2026-10-25T02:00:00.000Z');
    expect(iso('2026-11-01T01:30', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
  });

  it('agrees with the scheduler\u2019s reading of a local runAt, minute by minute across both Berlin changes', () => {
    const zone = 'Europe/Berlin';
    for (const day of ['2026-03-29', '2026-10-25']) {
      for (let minute = 0; minute < 5 * 60; minute += 15) {
        const local = `${day}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
        expect(zonedToInstant(local, zone)?.getTime(), local).toBe(
          fromWall(Date.parse(`${local}Z`), IANAZone.create(zone)),
        );
      }
    }
  });

  it('refuses what is not a date-time', () => {
    expect(zonedToInstant('', 'Europe/Berlin')).toBeNull();
    expect(zonedToInstant('tomorrow at nine', 'Europe/Berlin')).toBeNull();
  });

  it('shows an instant as a datetime-local input would, both passes of a repeated hour as the same time', () => {
    expect(instantToZoned(Date.parse('2026-11-27T08:00:00Z'), 'Europe/Berlin')).toBe('2026-11-27T09:00');
    expect(instantToZoned(Date.parse('2026-10-25T00:30:00Z'), 'Europe/Berlin')).toBe('2026-10-25T02:30');
    expect(instantToZoned(Date.parse('2026-10-25T01:30:00Z'), 'Europe/Berlin')).toBe('2026-10-25T02:30');
    expect(instantToZoned(Date.parse('2026-03-29T01:30:00Z'), 'Europe/Berlin')).toBe('2026-03-29T03:30');
  });

  it('offers every zone the runtime knows, UTC first', () => {
    const zones = timeZoneNames();
    expect(zones[0]).toBe('UTC');
    expect(zones).toContain('Europe/Berlin');
    expect(zones.filter((zone) => zone === 'UTC')).toHaveLength(1);
  });
});
