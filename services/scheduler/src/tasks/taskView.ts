import type { AttemptRow, FollowUpRow, TaskRow } from '@later/store';
import type { ExcerptRequest, ExcerptResponse } from '@later/queue';
import type {
  AttemptRequestExcerpt,
  AttemptResponseExcerpt,
  Channel,
  CreateTaskInput,
  Task,
  TaskSummary,
} from '@later/types';

// The sender's excerpt (stored as it made it) is the API's: these fail to compile if they drift.
const shownRequest = (stored: ExcerptRequest): AttemptRequestExcerpt => stored;
const shownResponse = (stored: ExcerptResponse): AttemptResponseExcerpt => stored;

/** How a task row is shown through the API. */
export function taskSummary(row: TaskRow): TaskSummary {
  return {
    id: row.id,
    status: row.status,
    dueAt: row.dueAt.toISOString(),
    channel: row.channel as Channel,
    destination: destinationOf(row),
    priority: row.priority,
    ...(row.taskKey !== null ? { key: row.taskKey } : {}),
    ...(row.stream !== null ? { stream: row.stream } : {}),
    ...(row.scheduleId !== null ? { scheduleId: row.scheduleId } : {}),
    ...(row.callbackFor !== null ? { callbackFor: row.callbackFor } : {}),
    ...(row.followUpOf !== null ? { followUpOf: row.followUpOf } : {}),
    createdAt: row.createdAt.toISOString(),
  };
}

/** Where a task goes, in one line: the webhook's URL, the email's address, the SMS's number. */
function destinationOf(row: TaskRow): string {
  const target = row.target as { url?: string; to?: string };
  return String(target.url ?? target.to ?? '');
}

/** A task as `GET /v1/tasks/{id}` shows it: with its attempts, and the follow-ups its ends created. */
export function taskDetail(row: TaskRow, attempts: AttemptRow[], followUps: FollowUpRow[] = []): Task {
  return {
    ...taskSummary(row),
    [row.channel]: row.target,
    position: row.position,
    ...(row.deadline ? { deadline: row.deadline.toISOString() } : {}),
    retry: {
      maxAttempts: row.maxAttempts,
      backoff: row.retry.backoff,
      baseDelayMs: row.retry.baseMs,
      maxDelayMs: row.retry.maxMs,
      jitter: row.retry.jitter,
    },
    timeoutMs: row.timeoutMs,
    ...(row.callbackUrl !== null ? { callback: { url: row.callbackUrl } } : {}),
    ...(row.debounceSince !== null ? { debounce: { since: row.debounceSince.toISOString() } } : {}),
    ...(row.followUps?.onDead !== undefined ? { onDead: row.followUps.onDead as CreateTaskInput } : {}),
    ...(row.followUps?.onDelivered !== undefined ? { onDelivered: row.followUps.onDelivered as CreateTaskInput } : {}),
    ...(followUps.length > 0
      ? {
          followUps: followUps.map((f) => ({
            taskId: f.taskId,
            on: f.on,
            attempt: f.attempt,
            createdAt: f.createdAt.toISOString(),
          })),
        }
      : {}),
    attempts: attempts.map((a) => ({
      n: a.n,
      dueAt: a.dueAt ? a.dueAt.toISOString() : null,
      claimedAt: a.claimedAt ? a.claimedAt.toISOString() : null,
      startedAt: a.startedAt.toISOString(),
      finishedAt: a.finishedAt ? a.finishedAt.toISOString() : null,
      outcome: a.outcome,
      ...(a.httpStatus !== null ? { httpStatus: a.httpStatus } : {}),
      ...(a.error !== null ? { error: a.error } : {}),
      ...(a.requestExcerpt !== null ? { request: shownRequest(a.requestExcerpt as ExcerptRequest) } : {}),
      ...(a.responseExcerpt !== null ? { response: shownResponse(a.responseExcerpt as ExcerptResponse) } : {}),
    })),
  };
}
