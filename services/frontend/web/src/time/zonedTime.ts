/** Wall-clock parts of an instant in a time zone, as milliseconds of a UTC date with the same parts. */
function wallMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
}

/**
 * The instant at which clocks in `timeZone` show `local` (`2026-11-27T09:00`), for fields the
 * API wants as an instant (a deadline). Two rounds of correcting by the zone's offset settle it,
 * also next to a DST change.
 */
export function zonedToInstant(local: string, timeZone: string): Date | null {
  const asUtc = Date.parse(`${local}Z`);
  if (Number.isNaN(asUtc)) return null;
  let guess = asUtc;
  for (let round = 0; round < 2; round++) guess = asUtc - (wallMs(guess, timeZone) - guess);
  return new Date(guess);
}

/** `2026-11-27T09:00`: what a datetime-local input shows for `instant` in `timeZone`. */
export function instantToZoned(instant: number, timeZone: string): string {
  return new Date(wallMs(instant, timeZone)).toISOString().slice(0, 16);
}

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

let zones: string[] | undefined;
/** Every IANA zone the browser knows, UTC first. */
export function timeZoneNames(): string[] {
  zones ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')];
  return zones;
}
