export {
  createLaterClient,
  type CreateOptions,
  type CreateScheduleRequest,
  type CreateTaskRequest,
  type DisabledDestination,
  type LaterClient,
  type LaterClientOptions,
  type RawClient,
  type ReminderRequest,
  type ReplayTasksRequest,
  type ReplayedTasks,
  type Schedule,
  type SchedulePreview,
  type SchedulePreviewRequest,
  type Task,
  type TaskCreated,
  type TaskFilter,
  type TaskStatus,
  type TaskSummary,
  type UpdateTaskRequest,
} from './client.js';
export { LaterError, type ErrorIssue } from './errors.js';
export type { SubscribeOptions, TaskEvent } from './events.js';
export { parseEventStream, type EventStreamMessage } from './eventStream.js';
export type { RetryPolicy } from './retry.js';
export type { components, operations, paths } from './generated/public.js';
