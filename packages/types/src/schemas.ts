import { z } from 'zod';

export const channels = ['webhook'] as const;
export const taskStatuses = ['scheduled', 'running', 'retrying', 'delivered', 'dead', 'cancelled'] as const;
export const finalStatuses = ['delivered', 'dead', 'cancelled'] as const;
export const attemptOutcomes = ['running', 'success', 'retryable', 'permanent', 'lost'] as const;
export const webhookMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** The furthest ahead a task may be scheduled; beyond it a date is almost surely a mistake. */
export const maxScheduleAheadMs = 5 * 366 * 24 * 3600 * 1000;
export const maxWebhookBodyBytes = 256 * 1024;

/** ISO-8601 duration such as `PT2H`, `P3D`, `P1DT12H`, `PT0.5S`; at least one component. */
export const isoDurationPattern =
  /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(?:\.\d{1,3})?S)?)?$/;

const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$/;
/** Headers the transport sets itself; letting a caller set them would corrupt the request. */
const reservedHeaders = new Set([
  'host',
  'content-length',
  'connection',
  'transfer-encoding',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
]);

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const WebhookHeaders = z
  .record(z.string(), z.string().max(8192).regex(/^[^\r\n\0]*$/, 'must not contain CR, LF or NUL'))
  .superRefine((headers, ctx) => {
    const names = Object.keys(headers);
    if (names.length > 50) ctx.addIssue({ code: 'custom', message: 'at most 50 headers' });
    for (const name of names) {
      if (!headerName.test(name)) {
        ctx.addIssue({ code: 'custom', path: [name], message: 'is not a valid header name' });
      } else if (reservedHeaders.has(name.toLowerCase()) || name.toLowerCase().startsWith('later-')) {
        ctx.addIssue({ code: 'custom', path: [name], message: 'is set by Later and cannot be overridden' });
      }
    }
  });

export const WebhookTarget = z
  .strictObject({
    url: z.string().max(2048).refine(isHttpUrl, 'must be an http or https URL'),
    method: z.enum(webhookMethods).optional(),
    headers: WebhookHeaders.optional(),
    body: z
      .unknown()
      .refine(
        (body) => body === undefined || Buffer.byteLength(typeof body === 'string' ? body : JSON.stringify(body)) <= maxWebhookBodyBytes,
        `must be at most ${maxWebhookBodyBytes} bytes`,
      )
      .optional(),
  })
  .superRefine((target, ctx) => {
    if (target.method === 'GET' && target.body !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['body'], message: 'a GET request cannot carry a body' });
    }
  });

const isoInstant = z.iso
  .datetime({ offset: true })
  .refine((value) => !Number.isNaN(Date.parse(value)), 'is not a real date');

export const Delay = z.union(
  [
    z.string().regex(isoDurationPattern, 'must be an ISO-8601 duration such as PT2H or P3D'),
    z.number().int().min(0).max(maxScheduleAheadMs),
  ],
  { error: 'must be an ISO-8601 duration such as PT2H, or a number of milliseconds' },
);

export const CreateTaskRequest = z
  .strictObject({
    channel: z.enum(channels),
    webhook: WebhookTarget.optional(),
    runAt: isoInstant.optional(),
    delay: Delay.optional(),
  })
  .superRefine((task, ctx) => {
    if (task.runAt !== undefined && task.delay !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['delay'], message: 'give runAt or delay, not both' });
    }
    if (task.channel === 'webhook' && task.webhook === undefined) {
      ctx.addIssue({ code: 'custom', path: ['webhook'], message: 'is required when channel is webhook' });
    }
  });

export const BulkCreateRequest = z.strictObject({
  tasks: z.array(CreateTaskRequest).min(1).max(1000),
});

export const SignupRequest = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(10).max(200),
});

/** Task ids are Postgres bigints; reject what would overflow one before it reaches a query. */
export const TaskId = z
  .string()
  // One check, not regex + refine: zod runs every check, and BigInt() throws on non-digits.
  .refine((id) => /^[1-9][0-9]{0,18}$/.test(id) && BigInt(id) <= 9223372036854775807n, 'must be a task id');

export const OwnerId = z.uuid();

export const ListTasksQuery = z.strictObject({
  status: z.enum(taskStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});

export type CreateTaskInput = z.output<typeof CreateTaskRequest>;
export type ListTasksInput = z.output<typeof ListTasksQuery>;
export type TaskStatus = (typeof taskStatuses)[number];
export type Channel = (typeof channels)[number];
export type AttemptOutcomeName = (typeof attemptOutcomes)[number];
