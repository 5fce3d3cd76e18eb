import { z } from 'zod';
import { backoffKinds, channels, positions, priorities, taskStatuses } from './enums.js';
import { Debounce, checkDebounce } from './debounce.js';
import { PageQuery, ScheduleId } from './ids.js';
import { StoredText } from './storedText.js';
import { Delay, TaskQuietHours, TimeZone, Window, checkTiming, isoInstant } from './time.js';
import { Callback, EmailMessage, SmsMessage, WebhookTarget, checkChannelTarget } from './webhook.js';

export const RetryPolicy = z.strictObject({
  maxAttempts: z.number().int().min(1).max(100).optional(),
  backoff: z.enum(backoffKinds).optional(),
  baseDelay: Delay.optional(),
  maxDelay: Delay.optional(),
  jitter: z.number().min(0).max(1).optional(),
});

export const Priority = z.enum(priorities);
export const Position = z.enum(positions);
export const StreamName = StoredText.min(1).max(200);

/** How a task is delivered: what one-off tasks and schedule templates share. */
const deliveryFields = {
  channel: z.enum(channels),
  webhook: WebhookTarget.optional(),
  email: EmailMessage.optional(),
  sms: SmsMessage.optional(),
  priority: Priority.optional(),
  position: Position.optional(),
  stream: StreamName.optional(),
  retry: RetryPolicy.optional(),
  timeout: Delay.optional(),
  callback: Callback.optional(),
};

const timingFields = {
  runAt: z.string().max(64).optional(),
  timezone: TimeZone.optional(),
  delay: Delay.optional(),
  within: Window.optional(),
};

const followUpFields = ['onDead', 'onDelivered'] as const;

/** A task request without its follow-ups: what a follow-up is made of too. */
const TaskRequestFields = z.strictObject({
  ...deliveryFields,
  ...timingFields,
  quietHours: TaskQuietHours.optional(),
  deadline: isoInstant.optional(),
  key: StoredText.min(1).max(200).optional(),
  debounce: Debounce.optional(),
});

// Spelled out because the schema refers to itself (a follow-up is a task request), which
// TypeScript cannot infer; the contract check still compares them with the OpenAPI document.
interface TaskRequestIn extends z.input<typeof TaskRequestFields> {
  onDead?: TaskRequestIn;
  onDelivered?: TaskRequestIn;
}
interface TaskRequestOut extends z.output<typeof TaskRequestFields> {
  onDead?: TaskRequestOut;
  onDelivered?: TaskRequestOut;
}

type FollowUpSchema = z.ZodOptional<z.ZodType<TaskRequestOut, TaskRequestIn>>;
type CreateTaskShape = (typeof TaskRequestFields)['shape'] & { onDead: FollowUpSchema; onDelivered: FollowUpSchema };

export const CreateTaskRequest: z.ZodObject<CreateTaskShape, z.core.$strict> = TaskRequestFields.extend({
  // A follow-up is a whole task request, validated with its parent's.
  get onDead(): FollowUpSchema {
    return CreateTaskRequest.optional();
  },
  get onDelivered(): FollowUpSchema {
    return CreateTaskRequest.optional();
  },
}).superRefine((task, ctx) => {
  checkTiming(task, ctx);
  checkChannelTarget(task, ctx);
  checkDebounce(task, ctx);
  for (const parent of followUpFields) {
    // A key would make the history writer replace another task, and take its locks, while it
    // records an end: a follow-up is a task of its own.
    if (task[parent]?.key !== undefined)
      ctx.addIssue({ code: 'custom', path: [parent, 'key'], message: 'a follow-up cannot have a key' });
    // One level: a chain of follow-ups would be a workflow engine, which Later is not.
    for (const child of followUpFields) {
      if (task[parent]?.[child] !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [parent, child],
          message: 'a follow-up cannot have follow-ups of its own',
        });
      }
    }
  }
});

export const UpdateTaskRequest = z
  .strictObject({
    webhook: WebhookTarget.optional(),
    email: EmailMessage.optional(),
    sms: SmsMessage.optional(),
    ...timingFields,
    deadline: isoInstant.nullable().optional(),
    priority: Priority.optional(),
    retry: RetryPolicy.optional(),
    timeout: Delay.optional(),
  })
  .superRefine(checkTiming);

/** What each occurrence of a schedule delivers. */
export const TaskTemplate = z.strictObject(deliveryFields).superRefine(checkChannelTarget);

export const BulkCreateRequest = z
  .strictObject({
    tasks: z.array(CreateTaskRequest).min(1).max(1000),
  })
  .superRefine(({ tasks }, ctx) => {
    // Two tasks of one request replacing each other by key would be ambiguous: refuse.
    const seen = new Set<string>();
    tasks.forEach((task, i) => {
      if (task.key === undefined) return;
      if (seen.has(task.key))
        ctx.addIssue({
          code: 'custom',
          path: ['tasks', i, 'key'],
          message: 'is used by an earlier task of this request',
        });
      seen.add(task.key);
    });
  });

// Compared with stored text in a query, which fails on what cannot be stored.
const filterText = StoredText.min(1).max(200);

export const ListTasksQuery = PageQuery.extend({
  status: z.enum(taskStatuses).optional(),
  channel: z.enum(channels).optional(),
  stream: filterText.optional(),
  key: filterText.optional(),
  /** Only the tasks this schedule made (its runs). */
  scheduleId: ScheduleId.optional(),
  /** Text searched for, ignoring case, in the id, key, stream, destination and body. */
  q: filterText.optional(),
});

/** Which of the owner's finished tasks `POST /v1/tasks/replay` replays; the filters are `ListTasksQuery`'s. */
export const ReplayTasksRequest = z.strictObject({
  status: z.enum(['dead', 'delivered']).default('dead'),
  channel: ListTasksQuery.shape.channel,
  stream: ListTasksQuery.shape.stream,
  key: ListTasksQuery.shape.key,
  limit: z.number().int().min(1).max(1000).default(100),
});

export type CreateTaskInput = z.output<typeof CreateTaskRequest>;
export type UpdateTaskInput = z.output<typeof UpdateTaskRequest>;
export type TaskTemplateInput = z.output<typeof TaskTemplate>;
export type RetryPolicyInput = z.output<typeof RetryPolicy>;
export type ListTasksInput = z.output<typeof ListTasksQuery>;
export type ReplayTasksInput = z.output<typeof ReplayTasksRequest>;
