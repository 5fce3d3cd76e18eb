import { ApiError, type Issue } from '../api/client';

/** Error messages by form field, and the problems no field of the form shows. */
export interface FormErrors {
  fields: Record<string, string>;
  /** Shown above the form: a failure that is not about one field, or a field the form lacks. */
  form: string[];
}

export const noErrors: FormErrors = { fields: {}, form: [] };

/**
 * Puts each of the API's 400 issues on the form field it names. `fields` are the API paths the
 * form has inputs for (`webhook.url`, `retry.jitter`); an issue deeper than a field (a header
 * name under `webhook.headers`) goes to that field; `stripPrefix` drops a prefix the form does
 * not show (a schedule's `task.`).
 */
export function formErrorsOf(err: unknown, fields: readonly string[], stripPrefix = ''): FormErrors {
  if (!(err instanceof ApiError)) return { fields: {}, form: [String((err as Error)?.message ?? err)] };
  const result: FormErrors = { fields: {}, form: [] };
  for (const issue of err.issues) {
    const path = issue.path.startsWith(stripPrefix) ? issue.path.slice(stripPrefix.length) : issue.path;
    const field = fields.filter((f) => path === f || path.startsWith(`${f}.`)).sort((a, b) => b.length - a.length)[0];
    if (field !== undefined) result.fields[field] ??= messageOf(issue, path, field);
    else result.form.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
  }
  if (err.issues.length === 0) result.form.push(err.message);
  return result;
}

const messageOf = (issue: Issue, path: string, field: string) =>
  path === field ? issue.message : `${path.slice(field.length + 1)}: ${issue.message}`;
