import { describe, expect, it } from 'vitest';
import { toIsoDuration } from '../src/cli/duration.js';
import { relativeTime } from '../src/cli/relativeTime.js';
import { table } from '../src/cli/output.js';

const now = Date.parse('2026-12-07T12:00:00Z');
const at = (ms: number) => new Date(now + ms).toISOString();

describe('relative times', () => {
  it.each([
    [0, 'now'],
    [999, 'now'],
    [45_000, 'in 45s'],
    [-3 * 60_000, '3m ago'],
    [90 * 60_000, 'in 1h 30m'],
    [2 * 3_600_000 - 400, 'in 2h'],
    [-(26 * 3_600_000), '1d 2h ago'],
    [12 * 86_400_000 + 5 * 3_600_000, 'in 12d'],
    [-(15 * 3_600_000), '15h ago'],
  ])('%d ms from now is "%s"', (ms, text) => {
    expect(relativeTime(at(ms), now)).toBe(text);
  });

  it('gives the date beyond 60 days', () => {
    expect(relativeTime('2027-06-01T08:00:00Z', now)).toBe('2027-06-01');
  });
});

describe('durations as typed', () => {
  it.each([
    ['2h', 'PT2H'],
    ['90m', 'PT90M'],
    ['1d12h', 'P1DT12H'],
    ['3d', 'P3D'],
    ['1h 30m', 'PT1H30M'],
    ['45s', 'PT45S'],
    ['PT1H', 'PT1H'],
    ['p3d', 'P3D'],
  ])('%s is %s', (text, iso) => {
    expect(toIsoDuration(text)).toBe(iso);
  });

  it.each(['soon', '2 hours', '2h and 3m', '', 'h'])('refuses %j', (text) => {
    expect(() => toIsoDuration(text)).toThrow(/not a duration/);
  });
});

describe('tables', () => {
  it('aligns columns by their visible width, colour codes included', () => {
    const out = { write: () => undefined, color: true };
    const text = table(
      out,
      ['ID', 'STATUS', 'DUE'],
      [
        ['1', '\u001b[32mdelivered\u001b[0m', '3m ago'],
        ['1042', 'dead', 'in 2h'],
      ],
    );
    // eslint-disable-next-line no-control-regex -- the escape character is what it strips
    const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
    expect(plain).toBe('ID    STATUS     DUE\n1     delivered  3m ago\n1042  dead       in 2h\n');
  });
});
