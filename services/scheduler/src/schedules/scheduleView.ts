import type { ScheduleRow } from '@later/store';
import type { Schedule, TaskTemplateSpec } from '@later/types';
import { Recurrence } from './recurrence.js';

const iso = (date: Date | null) => (date ? date.toISOString() : undefined);

/**
 * The runs after `after`, or none for a rule that cannot give them (stored before it was checked,
 * or altered in Postgres): such a row is still listed, so one bad schedule never fails a list.
 */
function upcomingOrNone(row: ScheduleRow, after: number, count: number): number[] {
  try {
    return new Recurrence(row).upcoming(after, count);
  } catch {
    return [];
  }
}

/** How a schedule is shown through the API, with its next five run times. */
export function scheduleView(row: ScheduleRow): Schedule {
  let nextRuns: number[] = [];
  if (row.status === 'active' && row.pendingSlotAt) {
    const pending = row.pendingSlotAt.getTime();
    const left = row.maxRuns === null ? 4 : Math.min(4, row.maxRuns - row.runs);
    nextRuns = [pending, ...upcomingOrNone(row, pending, Math.max(0, left))];
  }
  return {
    id: row.id,
    ...(row.scheduleKey !== null ? { key: row.scheduleKey } : {}),
    ...(row.cron !== null ? { cron: row.cron } : {}),
    ...(row.every !== null ? { every: row.every } : {}),
    timezone: row.timezone,
    startAt: iso(row.startAt),
    ...(row.endAt ? { endAt: iso(row.endAt) } : {}),
    ...(row.maxRuns !== null ? { maxRuns: row.maxRuns } : {}),
    catchUp: row.catchUp,
    backfillLimit: row.backfillLimit,
    status: row.status,
    runs: row.runs,
    nextRunAt: iso(row.pendingSlotAt) ?? null,
    ...(row.pendingTaskId !== null ? { pendingTaskId: row.pendingTaskId } : {}),
    nextRuns: nextRuns.map((ms) => new Date(ms).toISOString()),
    task: row.template as TaskTemplateSpec,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
