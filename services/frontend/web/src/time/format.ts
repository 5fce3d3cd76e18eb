const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/**
 * "in 3 seconds", "2 minutes ago", "tomorrow": how far `iso` is from `now`. `past`: a moment
 * known to have happened (a creation), which the browser's clock, a little behind the server's,
 * must not show as still to come.
 */
export function relativeTime(iso: string, now: number, options: { past?: boolean } = {}): string {
  const offset = (Date.parse(iso) - now) / 1000;
  const seconds = Math.round(options.past ? Math.min(0, offset) : offset);
  const size = Math.abs(seconds);
  if (size < 60) return relativeFormat.format(seconds, 'second');
  if (size < 3600) return relativeFormat.format(Math.round(seconds / 60), 'minute');
  if (size < 86_400) return relativeFormat.format(Math.round(seconds / 3600), 'hour');
  if (size < 30 * 86_400) return relativeFormat.format(Math.round(seconds / 86_400), 'day');
  return relativeFormat.format(Math.round(seconds / (30 * 86_400)), 'month');
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** "Mon 30 Nov 2026, 08:30:00 CET", in `timeZone`. */
export function dateTime(iso: string, timeZone: string): string {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'short',
    });
    formats.set(timeZone, format);
  }
  return format.format(new Date(iso));
}

/** "180 ms", "2.4 s", "3 min 5 s", "2 h 10 min". */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(ms / 3_600_000)} h ${Math.round((ms % 3_600_000) / 60_000)} min`;
}
