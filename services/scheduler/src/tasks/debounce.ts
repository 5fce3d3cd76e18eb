import type { TaskRow } from '@later/store';
import { maxScheduleAheadMs, type CreateTaskInput } from '@later/types';
import { fieldError } from '../schedulingError.js';
import { delayMs } from '../time/durations.js';

type Debounce = NonNullable<CreateTaskInput['debounce']>;

/**
 * Trailing debounce (issue 22): a debounced task is due `period` after it was created. A newer
 * task with its key replaces it while it waits (the newest body wins, as for any key) and is due
 * `period` after its own creation, but never later than `maxWait` after the first task of that run
 * of replacements was created, so a steady stream of replacements still delivers.
 */
export function debouncedDueAt(debounce: Debounce, nowMs: number, field: string): number {
  const period = delayMs(debounce.period, nowMs);
  if (!(period <= maxScheduleAheadMs)) throw fieldError(`${field}debounce.period`, 'must be at most 5 years');
  return nowMs + period;
}

/**
 * When the run of replacements a new debounced task joins began: the replaced task's own start
 * (or its creation, if it was keyed without a debounce), or now when it replaced nothing
 * pending (a holder already running is not replaced, so a new run begins).
 */
export function debounceRunStart(replaced: TaskRow | null, nowMs: number): number {
  if (!replaced) return nowMs;
  return (replaced.debounceSince ?? replaced.createdAt).getTime();
}

/** The due time `dueAt` capped by `maxWait` after the run's start; a cap already passed means now. */
export function cappedByMaxWait(debounce: Debounce, dueAt: number, runStartMs: number, nowMs: number): number {
  if (debounce.maxWait === undefined) return dueAt;
  return Math.max(nowMs, Math.min(dueAt, runStartMs + delayMs(debounce.maxWait, runStartMs)));
}
