import type { AttemptRow, TaskRow } from '@later/store';
import type { Channel, Task, TaskSummary, WebhookTargetSpec } from '@later/types';

/** How a task row is shown through the API. */
export function taskSummary(row: TaskRow): TaskSummary {
  return {
    id: row.id,
    status: row.status,
    dueAt: row.dueAt.toISOString(),
    channel: row.channel as Channel,
    createdAt: row.createdAt.toISOString(),
  };
}

export function taskDetail(row: TaskRow, attempts: AttemptRow[]): Task {
  return {
    ...taskSummary(row),
    webhook: row.target as WebhookTargetSpec,
    attempts: attempts.map((a) => ({
      n: a.n,
      startedAt: a.startedAt.toISOString(),
      finishedAt: a.finishedAt ? a.finishedAt.toISOString() : null,
      outcome: a.outcome,
      ...(a.httpStatus !== null ? { httpStatus: a.httpStatus } : {}),
      ...(a.error !== null ? { error: a.error } : {}),
    })),
  };
}

/** Keyset cursors are opaque to callers: the base64url of the last id shown. */
export const encodeCursor = (lastId: string): string => Buffer.from(lastId).toString('base64url');

export function decodeCursor(cursor: string): string | null {
  const id = Buffer.from(cursor, 'base64url').toString();
  return /^[1-9][0-9]{0,18}$/.test(id) ? id : null;
}
