import { HttpError, type ErrorIssue } from '@later/runtime';
import { maxScheduleAheadMs, type CreateTaskInput } from '@later/types';
import { DateTime, Duration } from 'luxon';

/**
 * When a task is due (ms), from `runAt`, `delay` or neither (now). A `runAt` in the past means
 * "as soon as possible" and is due now. `field` prefixes the path in errors (e.g. `tasks.3.`).
 */
export function computeDueAt(request: Pick<CreateTaskInput, 'runAt' | 'delay'>, nowMs: number, field = ''): number {
  let dueAt = nowMs;
  let source = 'runAt';
  if (request.runAt !== undefined) {
    dueAt = Math.max(nowMs, Date.parse(request.runAt));
  } else if (request.delay !== undefined) {
    source = 'delay';
    dueAt =
      typeof request.delay === 'number'
        ? nowMs + request.delay
        : DateTime.fromMillis(nowMs, { zone: 'utc' }).plus(Duration.fromISO(request.delay)).toMillis();
  }
  if (!Number.isFinite(dueAt) || dueAt - nowMs > maxScheduleAheadMs) {
    const issue: ErrorIssue = { path: `${field}${source}`, message: 'must be at most 5 years from now' };
    throw new HttpError(400, `invalid ${issue.path}: ${issue.message}`, [issue]);
  }
  return dueAt;
}
