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

/** The zone's offset from UTC at `instant`, in whole minutes (as ms). */
function offsetMs(instant: number, timeZone: string): number {
  return Math.round((wallMs(instant, timeZone) - instant) / 60_000) * 60_000;
}

const day = 86_400_000;

/**
 * The instant at which clocks in `timeZone` show `local` (`2026-11-27T09:00`), for fields the
 * API wants as an instant (a deadline), under the rule the scheduler applies to a local `runAt`
 * (services/scheduler/src/time/wallClock.ts), so a deadline and a due time typed alike agree:
 * a local time that occurs twice is its first occurrence; one that does not exist (a DST gap)
 * is moved forward by the gap (02:30 -> 03:30).
 */
export function zonedToInstant(local: string, timeZone: string): Date | null {
  const asUtc = Date.parse(`${local}Z`);
  if (Number.isNaN(asUtc)) return null;
  // The offsets in force a day either side: a DST change within a day is all that matters.
  const offsetBefore = offsetMs(asUtc - day, timeZone);
  const offsets = new Set([offsetBefore, offsetMs(asUtc, timeZone), offsetMs(asUtc + day, timeZone)]);
  const instants = [...offsets]
    .map((offset) => asUtc - offset)
    .filter((instant) => offsetMs(instant, timeZone) === asUtc - instant);
  // In a gap no offset fits: read with the offset before the change, which lands after it by the gap.
  return new Date(instants.length > 0 ? Math.min(...instants) : asUtc - offsetBefore);
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
