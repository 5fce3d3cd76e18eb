import type { Task, TaskCreated, TaskFilter, TaskSummary } from '../../client.js';
import type { Command, OptionValues } from '../command.js';
import { ArgumentError } from '../command.js';
import { fields, json, paint, paintStatus, table, type Output } from '../output.js';
import { relativeTime } from '../relativeTime.js';
import { tasksFromFile } from './taskFile.js';
import { webhookTaskFrom } from './taskRequest.js';

const when = (at: string | null | undefined) => (at ? `${relativeTime(at)} (${at})` : undefined);

/** `Task 42 scheduled, due in 2h (2026-...)`: what a create, a reminder or a replay made. */
export function createdLine(out: Output, what: string, created: TaskCreated): string {
  return `${what} ${paint(out, 'bold', created.id)} ${paintStatus(out, created.status)}, due ${when(created.dueAt)}\n`;
}

function taskRows(out: Output, tasks: TaskSummary[], now: number): string[][] {
  return tasks.map((t) => [
    t.id,
    paintStatus(out, t.status),
    t.channel,
    relativeTime(t.dueAt, now),
    relativeTime(t.createdAt, now),
    t.key ?? '',
  ]);
}

function showTask(out: Output, task: Task): string {
  const target = task.webhook
    ? `${task.webhook.method ?? 'POST'} ${task.webhook.url}`
    : task.email
      ? `email to ${task.email.to}`
      : task.sms
        ? `sms to ${task.sms.to}`
        : undefined;
  const now = Date.now();
  const head = fields([
    ['id', task.id],
    ['status', paintStatus(out, task.status)],
    ['channel', task.channel],
    ['target', target],
    ['due', when(task.dueAt)],
    ['created', when(task.createdAt)],
    ['priority', task.priority],
    ['key', task.key],
    ['stream', task.stream],
    ['schedule', task.scheduleId],
    ['attempts', `${task.attempts.length} of ${task.retry.maxAttempts}`],
  ]);
  if (task.attempts.length === 0) return head;
  const attempts = table(
    out,
    ['#', 'OUTCOME', 'STARTED', 'TOOK', 'HTTP', 'ERROR'],
    task.attempts.map((a) => [
      String(a.n),
      paint(out, a.outcome === 'success' ? 'green' : a.outcome === 'running' ? 'cyan' : 'red', a.outcome),
      relativeTime(a.startedAt, now),
      a.finishedAt ? `${Date.parse(a.finishedAt) - Date.parse(a.startedAt)} ms` : '',
      a.httpStatus === undefined ? '' : String(a.httpStatus),
      a.error ?? '',
    ]),
  );
  return `${head}\n${attempts}`;
}

/** The ID argument, checked here so a typo is a usage error rather than the API's 400. */
export function idArgument(positionals: string[]): string {
  const id = positionals[0]!;
  if (!/^[1-9][0-9]{0,18}$/.test(id)) throw new ArgumentError(`not an id: ${id}`);
  return id;
}

function limitOption(values: OptionValues): number {
  if (values.limit === undefined) return Infinity;
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new ArgumentError('--limit must be a positive whole number');
  return limit;
}

export const taskCommands: Command[] = [
  {
    path: ['tasks', 'create'],
    synopsis: '--url URL [--in 2h | --at ISO | --within P3D | --key KEY --debounce 30s[,5m]] [--body JSON]',
    summary:
      'Schedule a webhook: now, in a while (--in), at a time (--at) or at a random moment within a window (--within).',
    options: {
      url: { type: 'string', value: 'URL', description: 'the http(s) URL to call' },
      in: { type: 'string', value: 'DURATION', description: 'run after this long: 2h, 30m, 1d12h, or ISO-8601 (PT2H)' },
      at: { type: 'string', value: 'ISO', description: 'run at this instant, e.g. 2026-12-24T09:00:00+01:00' },
      within: { type: 'string', value: 'DURATION', description: 'run at a random moment within this long: P3D, 6h' },
      body: { type: 'string', value: 'JSON', description: 'the request body, as JSON' },
      method: { type: 'string', value: 'METHOD', description: 'GET, POST (default), PUT, PATCH or DELETE' },
      key: { type: 'string', value: 'KEY', description: 'at most one pending task per key: a new one replaces it' },
      debounce: {
        type: 'string',
        value: 'PERIOD[,MAXWAIT]',
        description: 'with --key: due PERIOD after the newest create, at most MAXWAIT after the first',
      },
      priority: { type: 'string', value: 'P', description: 'high, medium (default) or low' },
    },
    async run(context, values) {
      const request = webhookTaskFrom(values);
      const client = await context.client();
      const created = await client.tasks.create(request);
      context.out.write(context.json ? json(created) : createdLine(context.out, 'Task', created));
    },
  },
  {
    path: ['tasks', 'import'],
    synopsis: 'FILE.json | FILE.csv [--idempotency-key KEY]',
    summary: 'Schedule up to 1,000 tasks from a file in one request, all or none.',
    positionals: ['FILE'],
    options: {
      'idempotency-key': {
        type: 'string',
        value: 'KEY',
        description: 'the same key again creates nothing and answers the same tasks',
      },
    },
    async run(context, values, positionals) {
      const tasks = await tasksFromFile(positionals[0]!);
      const client = await context.client();
      const key = values['idempotency-key'] as string | undefined;
      const created = await client.tasks.createMany(tasks, key === undefined ? {} : { idempotencyKey: key });
      if (context.json) return context.out.write(json(created));
      const now = Date.now();
      context.out.write(`${created.length} ${created.length === 1 ? 'task' : 'tasks'} scheduled\n`);
      context.out.write(
        table(
          context.out,
          ['ID', 'STATUS', 'DUE'],
          created.map((t) => [t.id, paintStatus(context.out, t.status), relativeTime(t.dueAt, now)]),
        ),
      );
    },
  },
  {
    path: ['tasks', 'list'],
    synopsis: '[--status S] [--limit N]',
    summary: 'Your tasks, newest first (every page, unless --limit).',
    options: {
      status: {
        type: 'string',
        value: 'S',
        description: 'only tasks in this state: scheduled, running, retrying, delivered, dead, cancelled',
      },
      channel: { type: 'string', value: 'C', description: 'only webhook, email or sms tasks' },
      search: {
        type: 'string',
        short: 'q',
        value: 'TEXT',
        description: 'only tasks with this text in id, key, stream, target or body',
      },
      limit: { type: 'string', value: 'N', description: 'show at most N tasks' },
    },
    async run(context, values) {
      const limit = limitOption(values);
      const filter: TaskFilter = {
        ...(values.status ? { status: values.status as TaskFilter['status'] } : {}),
        ...(values.channel ? { channel: values.channel as TaskFilter['channel'] } : {}),
        ...(values.search ? { q: values.search as string } : {}),
        // Pages no bigger than needed when only a few are wanted.
        ...(limit < 100 ? { limit } : {}),
      };
      const client = await context.client();
      const tasks: TaskSummary[] = [];
      for await (const task of client.tasks.list(filter)) {
        tasks.push(task);
        if (tasks.length >= limit) break;
      }
      if (context.json) return context.out.write(json(tasks));
      if (tasks.length === 0) return context.out.write('No tasks.\n');
      context.out.write(
        table(
          context.out,
          ['ID', 'STATUS', 'CHANNEL', 'DUE', 'CREATED', 'KEY'],
          taskRows(context.out, tasks, Date.now()),
        ),
      );
    },
  },
  {
    path: ['tasks', 'get'],
    synopsis: 'ID',
    summary: 'One task, its settings and every attempt.',
    options: {},
    positionals: ['ID'],
    async run(context, _values, positionals) {
      const task = await (await context.client()).tasks.get(idArgument(positionals));
      context.out.write(context.json ? json(task) : showTask(context.out, task));
    },
  },
  {
    path: ['tasks', 'cancel'],
    synopsis: 'ID',
    summary: 'Cancel a task that has not started its run.',
    options: {},
    positionals: ['ID'],
    async run(context, _values, positionals) {
      const task = await (await context.client()).tasks.cancel(idArgument(positionals));
      context.out.write(
        context.json
          ? json(task)
          : `Task ${paint(context.out, 'bold', task.id)} ${paintStatus(context.out, task.status)}.\n`,
      );
    },
  },
];
