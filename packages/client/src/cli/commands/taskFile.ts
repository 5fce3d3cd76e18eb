import { readFile } from 'node:fs/promises';
import type { CreateTaskRequest } from '../../client.js';
import { ArgumentError } from '../command.js';
import { parseCsv } from '../csv.js';
import { webhookTaskFrom } from './taskRequest.js';

/** What one batch request takes. */
export const maxTasksPerFile = 1000;

/**
 * The tasks a file describes, by its extension. `.json`: an array of tasks as the API takes them,
 * or `{"tasks": [...]}`, sent as they are (the API names a bad one, `tasks.3.webhook.url`).
 * `.csv`: a header row naming `tasks create`'s options (url, in, at, within, body, method, key,
 * priority) and one webhook task a row, read as that command reads them.
 */
export async function tasksFromFile(path: string): Promise<CreateTaskRequest[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ArgumentError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const tasks = path.toLowerCase().endsWith('.csv') ? tasksFromCsv(text) : tasksFromJson(text);
  if (tasks.length === 0) throw new ArgumentError(`${path} holds no tasks`);
  if (tasks.length > maxTasksPerFile)
    throw new ArgumentError(
      `${path} holds ${tasks.length} tasks; one import takes at most ${maxTasksPerFile}: split the file`,
    );
  return tasks;
}

function tasksFromJson(text: string): CreateTaskRequest[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    throw new ArgumentError(`not JSON: ${(err as Error).message}`);
  }
  const tasks = Array.isArray(document) ? document : (document as { tasks?: unknown } | null)?.tasks;
  if (!Array.isArray(tasks)) throw new ArgumentError('the JSON must be an array of tasks, or {"tasks": [...]}');
  return tasks as CreateTaskRequest[];
}

function tasksFromCsv(text: string): CreateTaskRequest[] {
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(text);
  } catch (err) {
    throw new ArgumentError((err as Error).message);
  }
  const known = new Set(['url', 'in', 'at', 'within', 'body', 'method', 'key', 'priority']);
  return rows.map((row, i) => {
    const unknown = Object.keys(row).filter((name) => !known.has(name));
    try {
      if (unknown.length > 0)
        throw new ArgumentError(`unknown column ${unknown.join(', ')} (known: ${[...known].join(', ')})`);
      return webhookTaskFrom(row);
    } catch (err) {
      throw new ArgumentError(`CSV row ${i + 2}: ${(err as Error).message.replace(/--/g, '')}`);
    }
  });
}
