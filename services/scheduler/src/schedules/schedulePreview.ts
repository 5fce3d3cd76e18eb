import type { SchedulePreview, SchedulePreviewInput } from '@later/types';
import { Recurrence } from './recurrence.js';

/**
 * The run times a schedule with this rule would have if it were made `now`: the same
 * Recurrence, and the same first run (the first slot at or after now), as ScheduleService.upsert.
 */
export function previewRuns(input: SchedulePreviewInput, now: number): SchedulePreview {
  const timezone = input.timezone ?? 'UTC';
  const recurrence = new Recurrence({
    cron: input.cron ?? null,
    every: input.every ?? null,
    timezone,
    startAt: new Date(input.startAt ?? now),
    endAt: input.endAt ? new Date(input.endAt) : null,
  });
  recurrence.checkRunsFrom(now);
  return { runs: recurrence.upcoming(now - 1, input.count ?? 5).map((ms) => new Date(ms).toISOString()), timezone };
}
