import type { Schemas } from '../api/client';
import { taskFields, type TaskField, type TaskForm } from './taskFields';

const fields = Object.entries(taskFields) as [keyof TaskForm, TaskField<unknown>][];

/** A new form: each field at its blank value, starting from the user's zone and a date-time for "At". */
export const blankTaskForm = (timezone: string, runAt: string): TaskForm =>
  Object.fromEntries(
    fields.map(([name, field]) => [
      name,
      typeof field.blank === 'function' ? field.blank({ timezone, runAt }) : field.blank,
    ]),
  ) as TaskForm;

const pathsOf = (which: (field: TaskField<unknown>) => boolean) =>
  fields.flatMap(([, field]) => (field.path !== undefined && which(field) ? [field.path] : []));

/**
 * The API paths the form has a control for; the API's 400 issues are shown on these, the rest
 * (such as `webhook` missing as a whole) above the form.
 */
export const taskFormFields: readonly string[] = pathsOf(() => true);

/** Fields under "Advanced", opened when one of them has an error. */
export const advancedFields: readonly string[] = pathsOf((field) => field.advanced === true);

/**
 * What the form sends, as its delivery (a task's body, a schedule's `task`) and the rest of the
 * request, each field put at its path: `retry.jitter` goes to `{ retry: { jitter } }`, and `retry`
 * exists only once one of its fields is sent.
 */
function sentParts(form: TaskForm) {
  const parts = { delivery: {}, request: {} };
  for (const [name, field] of fields) {
    if (field.path === undefined || (field.sentIf && !field.sentIf(form))) continue;
    const value = field.send ? field.send(form[name], form) : form[name];
    if (value !== undefined) putAt(parts[field.part], field.path.split('.'), value);
  }
  return parts;
}

function putAt(target: Record<string, unknown>, [head, ...rest]: string[], value: unknown): void {
  if (rest.length === 0) target[head!] = value;
  else putAt((target[head!] ??= {}) as Record<string, unknown>, rest, value);
}

export type TaskFormRequest =
  { kind: 'task'; body: Schemas['CreateTaskRequest'] } | { kind: 'schedule'; body: Schemas['CreateScheduleRequest'] };

/** The request the form stands for: a task, or a schedule when the time is recurring. */
export function requestOf(form: TaskForm): TaskFormRequest {
  const { delivery, request } = sentParts(form);
  return form.when === 'recurring'
    ? { kind: 'schedule', body: { ...request, task: delivery } as Schemas['CreateScheduleRequest'] }
    : { kind: 'task', body: { ...delivery, ...request } as Schemas['CreateTaskRequest'] };
}
