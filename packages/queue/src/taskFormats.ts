import type { RetryBackoff, WebhookRequest } from './queuedTask.js';

/**
 * The formats of a task entry in Redis (src/taskEncoding.ts), each with the defaults its entries
 * leave out: the one table both TypeScript and the Lua scripts read (the loader injects it into
 * lua/includes/taskFields.lua as `TASK_DEFAULTS`).
 *
 * During a roll, replicas of two releases share Redis, and an entry outlives the release that
 * wrote it; so the defaults of a stored format never change. A release that wants another default
 * adds a format (the next number, its own row here) or stores the value; it never edits a row.
 * A format is brought in over two releases: one that reads it, then one that writes it, so that
 * rolling back one release never leaves entries that no running replica reads.
 *
 * Format 0 is an entry without `v`: every entry written before formats were numbered.
 * Format 1 adds `v` and nothing else, so format 0 readers (the release before) read it rightly.
 *
 * Fields that route a task rather than settle how it runs (`c` channel, absent meaning webhook;
 * `s` stream key; `x` expiry; `d` deadline) keep their meaning in every format: a scheduler reads
 * them before it could know the format, to move a task it may not deliver itself.
 */
export interface TaskFormatDefaults {
  priority: 0 | 1 | 2;
  maxAttempts: number;
  timeoutMs: number;
  backoff: RetryBackoff;
  method: WebhookRequest['method'];
}

const formatZeroDefaults: TaskFormatDefaults = {
  priority: 1,
  maxAttempts: 5,
  timeoutMs: 30_000,
  backoff: Object.freeze({ kind: 'exponential', baseMs: 2000, maxMs: 600_000, jitter: 0.5 }),
  method: 'POST',
};

export const taskFormatDefaults: readonly Readonly<TaskFormatDefaults>[] = Object.freeze(
  [formatZeroDefaults, formatZeroDefaults].map((d) => Object.freeze(d)),
);

/** The format this release writes: the newest it reads. */
export const currentTaskFormat = taskFormatDefaults.length - 1;

/** An entry of a format newer than this release reads: left for a replica of a newer release. */
export class TaskFormatTooNewError extends Error {
  readonly code = 'task_format_too_new';
  constructor(readonly format: number) {
    super(`task entry of format ${format}: this release reads formats up to ${currentTaskFormat}`);
  }
}

/** The defaults of one format; throws for a format this release does not read. */
export function defaultsOfFormat(format: number): Readonly<TaskFormatDefaults> {
  const defaults = taskFormatDefaults[format];
  if (!defaults) throw new TaskFormatTooNewError(format);
  return defaults;
}

/**
 * The Lua side of the table (the fields scripts read: `p`, `a`, `t`), injected by the loader for
 * `--@include taskDefaults`, so the two can never disagree.
 */
export function luaTaskDefaults(): string {
  const rows = taskFormatDefaults.map(
    (d, format) => `[${format}] = { p = ${d.priority}, a = ${d.maxAttempts}, t = ${d.timeoutMs} }`,
  );
  return [
    '-- Generated from src/taskFormats.ts by the script loader: the defaults of each task entry format.',
    `local TASK_FORMAT = ${currentTaskFormat}`,
    `local TASK_DEFAULTS = { ${rows.join(', ')} }`,
    '',
  ].join('\n');
}

/**
 * The `/readyz` line of a scheduler or sender: which formats it reads, and how many entries of a
 * newer one it has left alone. Still ready: work of the formats it reads goes on, and stopping the
 * old replicas would stall a roll that is replacing them anyway.
 */
export function describeTaskFormats(newerFormatSeen: number): string {
  const reads = `reads formats 0-${currentTaskFormat}`;
  return newerFormatSeen === 0
    ? reads
    : `${reads}; left ${newerFormatSeen} entries of a newer format to a newer release`;
}
