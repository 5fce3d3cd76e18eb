/**
 * A task row, spelled once: the TaskRow interface says what each field holds, `taskFields` how it
 * is stored and who sets it; the column list, the mapping from Postgres' row, the insert's column
 * lists and the defaults of a new task all derive from these two. `satisfies` below fails the
 * build when a field is in one and not the other; store.test.ts compares `taskFields` with the
 * table's columns.
 */

export type TaskStatusName = 'scheduled' | 'running' | 'retrying' | 'delivered' | 'dead' | 'cancelled';
export const finalStatuses: readonly TaskStatusName[] = ['delivered', 'dead', 'cancelled'];
export type PriorityName = 'high' | 'medium' | 'low';

export interface RetrySettings {
  backoff: 'fixed' | 'exponential';
  baseMs: number;
  maxMs: number;
  jitter: number;
}

/** What a task creates when it ends: task requests as the API took them. */
export interface FollowUps {
  onDead?: unknown;
  onDelivered?: unknown;
}

export interface TaskRow {
  id: string;
  ownerId: string;
  status: TaskStatusName;
  channel: string;
  target: unknown;
  /** The webhook's host, the email's domain, or 'sms': what failures are grouped by. */
  targetHost: string;
  dueAt: Date;
  shard: number;
  priority: PriorityName;
  position: 'front' | 'back';
  deadline: Date | null;
  taskKey: string | null;
  stream: string | null;
  attemptCount: number;
  maxAttempts: number;
  timeoutMs: number;
  retry: RetrySettings;
  scheduleId: string | null;
  expiresAt: Date | null;
  /** Where the outcome is posted once the task is delivered or dead. */
  callbackUrl: string | null;
  /** On a callback task: the task, and the attempt, whose final outcome it reports. */
  callbackFor: string | null;
  callbackAttempt: number | null;
  /** On a debounced task: when the first task of its run of replacements was created. */
  debounceSince: Date | null;
  /** The task requests to create when it goes dead or is delivered (checked at creation). */
  followUps: FollowUps | null;
  /** On a follow-up: the task, and the attempt that ended it, whose end created it. */
  followUpOf: string | null;
  followUpAttempt: number | null;
  replayFloor: number;
  /** How many times it was replayed: 0 for a task on its first run. */
  replays: number;
  /** Whether it is in Redis; false: due beyond the horizon, Postgres only (the horizon queuer queues it). */
  queued: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** How one field of TaskRow is stored, and who sets it. */
type FieldSpec<T> =
  /** Given by the creator: read from the insert's JSON (json_to_recordset) as type `sql`. */
  | { column: string; sql: string }
  /** Given, or left out for `absent`: what a task that does not use it holds. */
  | { column: string; sql: string; absent: T }
  /** Set by the store: `initial` in a new task, changed by later statements. */
  | { column: string; initial: T & (string | number) }
  /** The insert's time (the column's default, now()). */
  | { column: string; insertTime: true };

export const taskFields = {
  id: { column: 'id', sql: 'bigint' },
  ownerId: { column: 'owner_id', sql: 'uuid' },
  status: { column: 'status', initial: 'scheduled' },
  channel: { column: 'channel', sql: 'text' },
  target: { column: 'target', sql: 'jsonb' },
  targetHost: { column: 'target_host', sql: 'text' },
  dueAt: { column: 'due_at', sql: 'timestamptz' },
  shard: { column: 'shard', sql: 'int' },
  priority: { column: 'priority', sql: 'text' },
  position: { column: 'position', sql: 'text' },
  deadline: { column: 'deadline', sql: 'timestamptz', absent: null },
  taskKey: { column: 'task_key', sql: 'text', absent: null },
  stream: { column: 'stream', sql: 'text', absent: null },
  attemptCount: { column: 'attempt_count', initial: 0 },
  maxAttempts: { column: 'max_attempts', sql: 'int' },
  timeoutMs: { column: 'timeout_ms', sql: 'int' },
  retry: { column: 'retry', sql: 'jsonb' },
  scheduleId: { column: 'schedule_id', sql: 'bigint', absent: null },
  expiresAt: { column: 'expires_at', sql: 'timestamptz', absent: null },
  callbackUrl: { column: 'callback_url', sql: 'text', absent: null },
  callbackFor: { column: 'callback_for', sql: 'bigint', absent: null },
  callbackAttempt: { column: 'callback_attempt', sql: 'int', absent: null },
  debounceSince: { column: 'debounce_since', sql: 'timestamptz', absent: null },
  followUps: { column: 'follow_ups', sql: 'jsonb', absent: null },
  followUpOf: { column: 'follow_up_of', sql: 'bigint', absent: null },
  followUpAttempt: { column: 'follow_up_attempt', sql: 'int', absent: null },
  replayFloor: { column: 'replay_floor', initial: 0 },
  replays: { column: 'replays', initial: 0 },
  queued: { column: 'queued', sql: 'bool', absent: true },
  createdAt: { column: 'created_at', insertTime: true },
  updatedAt: { column: 'updated_at', insertTime: true },
} as const satisfies { [K in keyof TaskRow]: FieldSpec<TaskRow[K]> };

type Fields = typeof taskFields;
type FieldName = keyof Fields;
type GivenField = { [K in FieldName]: Fields[K] extends { sql: string } ? K : never }[FieldName];
type DefaultedField = { [K in FieldName]: Fields[K] extends { absent: unknown } ? K : never }[FieldName];

/** The fields of a task as the scheduler decided them; a field left out holds its `absent` value. */
export type NewTaskRow = Pick<TaskRow, Exclude<GivenField, DefaultedField>> & Partial<Pick<TaskRow, DefaultedField>>;

/** A task row as Postgres returns it: snake_case columns. */
export type TaskDbRow = Record<string, unknown>;

const fieldNames = Object.keys(taskFields) as FieldName[];

/** Every column of TaskRow, for a SELECT or RETURNING whose rows go through toTaskRow. */
export const taskColumns = fieldNames.map((name) => taskFields[name].column).join(', ');

/*
 * The two mappers below are compiled once from `taskFields` into a function returning an object
 * literal, as one written out by hand would. A loop copying the fields by computed name was 3-5x
 * slower on 100k rows (the keyed loads and stores go megamorphic), which bulk creation and the
 * loader would feel; a profile of bulk creation once found a spread of the fields slow too.
 */
const compileRowMapper = <Args extends unknown[]>(params: string[], valueOf: (name: FieldName) => string) =>
  new Function(
    ...params,
    `return { ${fieldNames.map((name) => `${JSON.stringify(name)}: ${valueOf(name)}`).join(', ')} };`,
  ) as (...args: Args) => TaskRow;

const js = (value: unknown) => JSON.stringify(value);

/** A task row as Postgres returns it (snake_case columns) in TaskRow's fields. */
export const toTaskRow: (r: TaskDbRow) => TaskRow = compileRowMapper<[TaskDbRow]>(
  ['r'],
  (name) => `r[${js(taskFields[name].column)}]`,
);

const newRow = compileRowMapper<[NewTaskRow, unknown, Date]>(['t', 'target', 'createdAt'], (name) => {
  const spec: FieldSpec<unknown> = taskFields[name];
  if (name === 'target') return 'target';
  if ('absent' in spec) return `t[${js(name)}] ?? ${js(spec.absent)}`;
  if ('sql' in spec) return `t[${js(name)}]`;
  if ('initial' in spec) return js(spec.initial);
  return 'createdAt';
});

/**
 * The row a new task has once inserted: status scheduled, no attempts, every field left out at
 * its `absent` value. `stored` is what Postgres made of it (the target as jsonb keeps it, the
 * insert's time); the default is for rows built without Postgres (the bench, tests).
 */
export function scheduledTaskRow(
  task: NewTaskRow,
  stored: { target: unknown; createdAt: Date } = { target: task.target, createdAt: new Date() },
): TaskRow {
  return newRow(task, stored.target, stored.createdAt);
}

const sqlLiteral = (value: unknown) => (typeof value === 'string' ? `'${value}'` : String(value));

/**
 * The three column lists of the insert: the columns written, what each is written from (a field
 * of the JSON document, with its default when left out, or the store's initial value), and the
 * JSON document's fields with their types. A task with a key holds it as its pending key too.
 */
export const taskInsertColumns = (() => {
  const columns: string[] = [];
  const values: string[] = [];
  const record: string[] = [];
  for (const name of fieldNames) {
    const spec: FieldSpec<unknown> = taskFields[name];
    if ('sql' in spec) {
      columns.push(spec.column);
      const absent = 'absent' in spec ? spec.absent : null;
      values.push(absent === null ? `"${name}"` : `coalesce("${name}", ${sqlLiteral(absent)})`);
      record.push(`"${name}" ${spec.sql}`);
    } else if ('initial' in spec) {
      columns.push(spec.column);
      values.push(sqlLiteral(spec.initial));
    }
  }
  columns.push('pending_key');
  values.push('"taskKey"');
  return { columns: columns.join(', '), values: values.join(', '), record: record.join(', ') };
})();
