import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  BulkCreateRequest,
  ChangePasswordRequest,
  CreateApiKeyRequest,
  CreateScheduleRequest,
  CreateTaskRequest,
  EnableDestinationRequest,
  ErrorReportQuery,
  ListSchedulesQuery,
  ListTasksQuery,
  LoginRequest,
  ReadEventsQuery,
  ReminderRequest,
  ReplayTasksRequest,
  SchedulePreviewRequest,
  SignupRequest,
  StreamEventsQuery,
  UpdateProfileRequest,
  UpdateTaskRequest,
} from '../src/schemas/index.js';
import { type Validations, checkDocument } from './constraintProbes.js';

const spec = (name: string) => fileURLToPath(new URL(`../openapi/${name}.yaml`, import.meta.url));

// The spec's examples are all webhooks; a field of another channel needs a task of that channel.
const webhookTask = { channel: 'webhook', webhook: { url: 'https://example.com/hooks/later' } };
const tasks = [
  webhookTask,
  { channel: 'email', email: { to: 'ada@example.com', subject: 'Laundry', text: 'Take it out.' } },
  { channel: 'sms', sms: { to: '+4915112345678', body: 'Take the laundry out.' } },
  { ...webhookTask, within: 'P1D' },
  { ...webhookTask, runAt: '2026-11-27T09:00:00', timezone: 'Europe/Berlin' },
  // A debounce needs a key, and the examples of its fields fit a short period.
  { ...webhookTask, key: 'sync-customer-42', debounce: { period: 'PT1S' } },
];
const schedules = tasks.slice(0, 3).map((task) => ({ every: 'PT1H', task }));
const noQuery = { bases: [{}] };

const shared: Validations = {
  createTask: { body: { zod: CreateTaskRequest, bases: tasks } },
  listTasks: { query: { zod: ListTasksQuery, ...noQuery } },
  replayTasks: { body: { zod: ReplayTasksRequest, bases: [{}] } },
  updateTask: {
    body: { zod: UpdateTaskRequest, bases: [{}, { runAt: '2026-11-28T09:00:00', timezone: 'Europe/Berlin' }] },
  },
  upsertSchedule: { body: { zod: CreateScheduleRequest, bases: schedules } },
  replaceSchedule: { body: { zod: CreateScheduleRequest, bases: schedules } },
  listSchedules: { query: { zod: ListSchedulesQuery, ...noQuery } },
  previewSchedule: { body: { zod: SchedulePreviewRequest, bases: [{ every: 'PT1H' }, { cron: '0 8 * * 1-5' }] } },
  errorReport: { query: { zod: ErrorReportQuery, ...noQuery } },
  enableDestination: { body: { zod: EnableDestinationRequest, bases: [{ url: 'https://hooks.example.com/later' }] } },
};

const publicValidations: Validations = {
  ...shared,
  signup: { body: { zod: SignupRequest, bases: [] } },
  streamEvents: { query: { zod: StreamEventsQuery, ...noQuery } },
  createApiKey: { body: { zod: CreateApiKeyRequest, bases: [] } },
  login: { body: { zod: LoginRequest, bases: [] } },
  updateProfile: { body: { zod: UpdateProfileRequest, bases: [{}] } },
  changePassword: { body: { zod: ChangePasswordRequest, bases: [] } },
  createReminder: { body: { zod: ReminderRequest, bases: [] } },
  createTaskBatch: { body: { zod: BulkCreateRequest, bases: tasks.map((task) => ({ tasks: [task] })) } },
};

const schedulerValidations: Validations = {
  ...shared,
  createTasks: { body: { zod: BulkCreateRequest, bases: tasks.map((task) => ({ tasks: [task] })) } },
  readEvents: { query: { zod: ReadEventsQuery, ...noQuery } },
};

describe('the constraints of the contract are the ones zod enforces', () => {
  const publicApi = checkDocument(spec('public'), publicValidations);
  const schedulerApi = checkDocument(spec('scheduler'), schedulerValidations);

  it('every public operation with a body or query parameters is checked against its zod schema', () => {
    expect(publicApi.unvalidated).toEqual([]);
  });

  it('public.yaml: each stated bound, pattern and enum is the one zod enforces, and zod bounds nothing it leaves open', () => {
    expect(publicApi.mismatches).toEqual([]);
  });

  it('scheduler.yaml: the same for the requests a zod schema validates', () => {
    expect(schedulerApi.mismatches).toEqual([]);
    expect(schedulerApi.unvalidated).toEqual([]);
  });

  it('only the bounds no valid value can reach go unprobed', () => {
    // A 64-character time zone or instant does not exist; the longest event id has 40 characters.
    const unprobed = new Set(
      [...publicApi.unprobed, ...schedulerApi.unprobed].map((bound) => bound.replace(/^tasks\.0\./, '')),
    );
    expect([...unprobed].sort()).toEqual([
      'after: maxLength 41: no string of that length matches its pattern',
      'quietHours.timezone: maxLength 64: zod takes no value of that length (custom)',
      'runAt: maxLength 64: zod takes no value of that length (custom)',
      'timezone: maxLength 64: zod takes no value of that length (custom)',
    ]);
  });
});

describe('the check itself', () => {
  /** The three documents copied to a temporary folder, each `[from, to]` replaced exactly once. */
  const alteredCopy = (edits: Record<string, [string, string][]>) => {
    const dir = mkdtempSync(join(tmpdir(), 'later-constraints-'));
    for (const name of ['public', 'scheduler', 'components']) {
      let text = readFileSync(spec(name), 'utf8');
      for (const [from, to] of edits[name] ?? []) {
        expect(text.split(from), `${name}.yaml has ${from} once`).toHaveLength(2);
        text = text.replace(from, () => to);
      }
      writeFileSync(join(dir, `${name}.yaml`), text);
    }
    return join(dir, 'public.yaml');
  };

  it('reports a bound, enum member or pattern the spec states differently from zod, and a bound it leaves out', () => {
    const altered = alteredCopy({
      components: [
        [
          'maxLength: 2048\n          description: http or https URL to call.',
          'maxLength: 4096\n          description: http or https URL to call.',
        ],
        ['enum: [high, medium, low]', 'enum: [high, medium, low, urgent]'],
        ['minimum: 1\n          maximum: 100\n', 'minimum: 0\n          maximum: 100\n'],
        ['type: string\n        maxLength: 200\n  responses:', 'type: string\n  responses:'],
        [
          "pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$'\n          example: '22:00'\n        end",
          "pattern: '^([01][0-9]|2[0-4]):[0-5][0-9]$'\n          example: '22:00'\n        end",
        ],
      ],
      public: [['minLength: 1\n          maxLength: 100', 'minLength: 1\n          maxLength: 99']],
    });
    const { mismatches } = checkDocument(altered, publicValidations);
    const expected = [
      'createTask body webhook.url: maxLength is 4096, so "https://example.com/hooks/lateraaaaaaaa...(4096) must pass, but zod refuses it (webhook.url: too_big)',
      'createTask body priority: the spec\'s enum has "urgent", so "urgent" must pass, but zod refuses it (priority: invalid_value)',
      'createTask body retry.maxAttempts: minimum is 0, so 0 must pass, but zod refuses it (retry.maxAttempts: too_small)',
      'listTasks query cursor: the spec states no maxLength, but zod refuses "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...(300000) (too_big)',
      'createTask body quietHours.start: it matches ^([01][0-9]|2[0-4]):[0-5][0-9]$, so "24:00" must pass, but zod refuses it (quietHours.start: invalid_format)',
      'createApiKey body name: maxLength is 99, so "billing serviceaaaaaaaaaaaaaaaaaaaaaaaa...(100) must be refused, but zod accepts it',
    ];
    for (const line of expected) expect(mismatches).toContain(line);
    // Each altered schema is reported wherever it is used, and nothing else is.
    const alteredFields = /webhook\.url|priority|retry\.maxAttempts|cursor|quietHours\.start|createApiKey body name/;
    expect(mismatches.filter((line) => !alteredFields.test(line))).toEqual([]);
  });
});
