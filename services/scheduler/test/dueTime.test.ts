import { describe, expect, it } from 'vitest';
import { computeDueAt } from '../src/time/dueTime.js';
import { randomSource } from '../src/time/randomSource.js';

const now = Date.parse('2026-11-24T12:00:00Z');
const random = randomSource(7);

describe('when a task is due', () => {
  it('reads runAt with an offset, or as a local time in a timezone under the DST rule', () => {
    expect(computeDueAt({ runAt: '2026-11-27T09:00:00+01:00' }, now, random)).toBe(Date.parse('2026-11-27T08:00:00Z'));
    expect(computeDueAt({ runAt: '2026-11-27T09:00', timezone: 'Europe/Berlin' }, now, random)).toBe(
      Date.parse('2026-11-27T08:00:00Z'),
    );
    expect(computeDueAt({ runAt: '2027-03-28T02:30:00', timezone: 'Europe/Berlin' }, now, random)).toBe(
      Date.parse('2027-03-28T01:30:00Z'),
    );
    expect(computeDueAt({ runAt: '2026-11-27T09:00', timezone: 'America/New_York' }, now, random)).toBe(
      Date.parse('2026-11-27T14:00:00Z'),
    );
  });

  it('treats a time in the past as now, and a delay as from now', () => {
    expect(computeDueAt({ runAt: '2020-01-01T00:00:00Z' }, now, random)).toBe(now);
    expect(computeDueAt({ delay: 'PT2H' }, now, random)).toBe(now + 7_200_000);
    expect(computeDueAt({ delay: 1500 }, now, random)).toBe(now + 1500);
    expect(computeDueAt({}, now, random)).toBe(now);
  });

  it('draws within a window, from what is left of it', () => {
    for (let i = 0; i < 1000; i++) {
      const due = computeDueAt({ within: 'P3D' }, now, random);
      expect(due).toBeGreaterThanOrEqual(now);
      expect(due).toBeLessThan(now + 3 * 86_400_000);
    }
    const due = computeDueAt({ within: { from: '2026-11-20T00:00:00Z', to: '2026-11-24T12:00:10Z' } }, now, random);
    expect(due).toBeGreaterThanOrEqual(now);
    expect(due).toBeLessThan(now + 10_000);
  });

  it('refuses windows that are empty or over, and times beyond five years, naming the field', () => {
    expect(() => computeDueAt({ within: { to: '2026-11-24T11:00:00Z' } }, now, random)).toThrow(/within/);
    expect(() =>
      computeDueAt({ within: { from: '2026-11-25T00:00:00Z', to: '2026-11-25T00:00:00Z' } }, now, random),
    ).toThrow(/within/);
    expect(() => computeDueAt({ delay: 'P6Y' }, now, random, 'tasks.2.')).toThrow(/tasks\.2\.delay/);
  });
});
