import { describe, expect, it } from 'vitest';
import { checkShortestInterval, cronShortestGapMs } from '../src/schedules/scheduleLimits.js';

describe('the shortest gap between two runs of a cron rule, read from its fields', () => {
  it.each([
    ['* * * * *', 60_000],
    ['*/5 * * * *', 300_000],
    ['0 8 * * 1-5', 86_400_000],
    ['* * * * * *', 1000],
    ['*/20 * * * * *', 20_000],
    // Once an hour at first sight, but twice in that minute.
    ['0,30 0 * * * *', 30_000],
    // Neighbours across an hour: xx:59 then (xx+1):00.
    ['0,59 * * * *', 60_000],
    // Across midnight: 23:59 then 00:00 (any two days are taken to be consecutive).
    ['59 0,23 * * *', 3_600_000],
    ['0,59 0,23 * * *', 60_000],
    ['0 0 1 1 *', 86_400_000],
  ])('%s: %i ms', (expression, gapMs) => {
    expect(cronShortestGapMs(expression)).toBe(gapMs);
  });
});

describe('checkShortestInterval', () => {
  it('refuses a rule faster than the floor, naming its field, and lets one as slow pass', () => {
    expect(() => checkShortestInterval({ cron: '*/30 * * * * *', every: null }, 60_000)).toThrow(
      expect.objectContaining({
        code: 'invalid',
        field: { path: 'cron', message: expect.stringMatching(/every 30 s.*60 s/) },
      }),
    );
    expect(() => checkShortestInterval({ cron: null, every: 'PT59S' }, 60_000)).toThrow(
      expect.objectContaining({ field: expect.objectContaining({ path: 'every' }) }),
    );
    expect(() => checkShortestInterval({ cron: null, every: 'PT1M' }, 60_000)).not.toThrow();
    expect(() => checkShortestInterval({ cron: '* * * * *', every: null }, 60_000)).not.toThrow();
    expect(() => checkShortestInterval({ cron: null, every: 'P1M' }, 86_400_000)).not.toThrow();
  });
});
