import type { CreateScheduleRequest, Schedule } from '../../client.js';
import { ArgumentError, type Command } from '../command.js';
import { fields, json, paint, paintStatus, table, type Output } from '../output.js';
import { relativeTime } from '../relativeTime.js';
import { durationOption, parseBody } from './taskRequest.js';

const rule = (s: Schedule) => (s.cron ? `cron ${s.cron}` : `every ${s.every}`);

function showSchedule(out: Output, schedule: Schedule): string {
  const now = Date.now();
  return fields([
    ['id', paint(out, 'bold', schedule.id)],
    ['status', paintStatus(out, schedule.status)],
    ['rule', `${rule(schedule)} (${schedule.timezone})`],
    ['key', schedule.key],
    ['target', schedule.task.webhook?.url],
    ['runs', String(schedule.runs)],
    ['next run', schedule.nextRunAt ? `${relativeTime(schedule.nextRunAt, now)} (${schedule.nextRunAt})` : 'none'],
    [
      'then',
      schedule.nextRuns.length > 1
        ? schedule.nextRuns
            .slice(1)
            .map((at) => relativeTime(at, now))
            .join(', ')
        : undefined,
    ],
  ]);
}

export const scheduleCommands: Command[] = [
  {
    path: ['schedules', 'create'],
    synopsis: '(--cron EXPR | --every DURATION) --url URL [--timezone TZ] [--key KEY] [--body JSON]',
    summary: 'Call a webhook on a cron rule or every so often; with --key, update the schedule of that key instead.',
    options: {
      cron: { type: 'string', value: 'EXPR', description: "5 or 6 fields, e.g. '0 8 * * 1-5'" },
      every: { type: 'string', value: 'DURATION', description: 'a period of at least a second: 15m, PT1H, P1D' },
      url: { type: 'string', value: 'URL', description: 'the http(s) URL to call' },
      timezone: { type: 'string', value: 'TZ', description: 'the IANA time zone the rule is read in (default UTC)' },
      key: {
        type: 'string',
        value: 'KEY',
        description: 'your name for it; creating again with the same key updates it',
      },
      body: { type: 'string', value: 'JSON', description: 'the request body, as JSON' },
    },
    async run(context, values) {
      const cron = values.cron as string | undefined;
      const every = durationOption(values, 'every');
      if ((cron === undefined) === (every === undefined)) throw new ArgumentError('give one of --cron and --every');
      if (!values.url) throw new ArgumentError('--url is required');
      const body = values.body as string | undefined;
      const request: CreateScheduleRequest = {
        ...(cron !== undefined ? { cron } : { every: every! }),
        ...(values.timezone ? { timezone: values.timezone as string } : {}),
        ...(values.key ? { key: values.key as string } : {}),
        task: {
          channel: 'webhook',
          webhook: { url: values.url as string, ...(body !== undefined ? { body: parseBody(body) } : {}) },
        },
      };
      const schedule = await (await context.client()).schedules.create(request);
      context.out.write(context.json ? json(schedule) : showSchedule(context.out, schedule));
    },
  },
  {
    path: ['schedules', 'list'],
    synopsis: '',
    summary: 'Your schedules, newest first.',
    options: {},
    async run(context) {
      const schedules: Schedule[] = [];
      for await (const schedule of (await context.client()).schedules.list()) schedules.push(schedule);
      if (context.json) return context.out.write(json(schedules));
      if (schedules.length === 0) return context.out.write('No schedules.\n');
      const now = Date.now();
      const rows = schedules.map((s) => [
        s.id,
        paintStatus(context.out, s.status),
        rule(s),
        s.nextRunAt ? relativeTime(s.nextRunAt, now) : '',
        String(s.runs),
        s.key ?? '',
      ]);
      context.out.write(table(context.out, ['ID', 'STATUS', 'RULE', 'NEXT', 'RUNS', 'KEY'], rows));
    },
  },
];
