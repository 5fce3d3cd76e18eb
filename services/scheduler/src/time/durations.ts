import { fieldError } from '../schedulingError.js';
import { DateTime, Duration } from 'luxon';

/**
 * Milliseconds of a `Delay` (ISO-8601 duration or milliseconds) counted from `fromMs`: calendar
 * units (days, months) are counted in UTC from that instant.
 */
export function delayMs(delay: string | number, fromMs: number): number {
  if (typeof delay === 'number') return delay;
  return DateTime.fromMillis(fromMs, { zone: 'utc' }).plus(Duration.fromISO(delay)).toMillis() - fromMs;
}

/** `delayMs` bounded to [minMs, maxMs], else a refusal naming `field`. */
export function boundedDelayMs(
  delay: string | number,
  field: string,
  minMs: number,
  maxMs: number,
  fromMs = Date.now(),
): number {
  const ms = delayMs(delay, fromMs);
  if (!(ms >= minMs && ms <= maxMs)) {
    throw fieldError(field, `must be between ${minMs} ms and ${maxMs} ms`);
  }
  return ms;
}
