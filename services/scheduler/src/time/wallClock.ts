import { IANAZone } from 'luxon';

/**
 * Local wall-clock times as numbers: the milliseconds a wall time would have if it were UTC
 * ("wall ms"). Cron and calendar arithmetic run on wall ms, where every local time occurs
 * exactly once; only the mapping back to instants meets DST. The rule, everywhere in Later:
 *   - a local time that does not exist (DST gap) is moved forward by the gap (02:30 -> 03:30);
 *   - a local time that occurs twice is its first occurrence only; once that has passed, the
 *     second pass of the repeated hour does not run it again.
 * So every matching local time runs once: never twice, never zero.
 */
export function zoneOf(name: string): IANAZone {
  const zone = IANAZone.create(name);
  if (!zone.isValid) throw new RangeError(`unknown time zone ${name}`);
  return zone;
}

const hour = 3_600_000;

/** The instant's local wall time in `zone`, as wall ms. */
export function toWall(instant: number, zone: IANAZone): number {
  return instant + zone.offset(instant) * 60_000;
}

/**
 * The instants whose local time in `zone` is `wall`: one normally, two in a repeated hour,
 * none in a gap.
 */
function instantsAt(wall: number, zone: IANAZone): number[] {
  // Offsets in force around this wall time; a DST change within a day is all that matters.
  const offsets = new Set([zone.offset(wall - 26 * hour), zone.offset(wall), zone.offset(wall + 26 * hour)]);
  return [...offsets]
    .map((offset) => wall - offset * 60_000)
    .filter((instant) => toWall(instant, zone) === wall)
    .sort((a, b) => a - b);
}

/**
 * The instant for a local wall time under the DST rule above: its first occurrence, or, in a
 * gap, the wall time moved forward by the gap; null when that is not later than `after`.
 */
export function fromWall(wall: number, zone: IANAZone, after = -Infinity): number | null {
  const instants = instantsAt(wall, zone);
  if (instants.length === 0) {
    // In a gap: read the wall time with the offset in force before the change, which lands
    // it after the change by exactly the gap's length.
    const instant = wall - zone.offset(wall - 26 * hour) * 60_000;
    return instant > after ? instant : null;
  }
  return instants[0]! > after ? instants[0]! : null;
}
