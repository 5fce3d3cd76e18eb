/**
 * Compile-time proof that the runtime validation and the OpenAPI document describe the same
 * shapes. If either side changes alone, `tsc` fails here, naming the schema that drifted: a
 * property added or removed on either side (optional ones and nested ones too), or one made
 * optional or required, or a type changed.
 */
import type { z } from 'zod';
import type { components as PublicComponents, operations as PublicOperations } from './generated/public.js';
import type { components as SchedulerComponents, operations as SchedulerOperations } from './generated/scheduler.js';
import type {
  BulkCreateRequest,
  ChangePasswordRequest,
  CreateApiKeyRequest,
  LoginRequest,
  ReminderRequest,
  ReplayTasksRequest,
  UpdateProfileRequest,
  CreateScheduleRequest,
  SchedulePreviewRequest,
  CreateTaskRequest,
  ListSchedulesQuery,
  ErrorReportQuery,
  EnableDestinationRequest,
  ListTasksQuery,
  ReadEventsQuery,
  StreamEventsQuery,
  SignupRequest,
  TaskTemplate,
  UpdateTaskRequest,
  attemptOutcomes,
  catchUpPolicies,
  channels,
  priorities,
  scheduleStatuses,
  taskStatuses,
} from './schemas/index.js';

/**
 * Whether A and B are the same type, not merely assignable both ways: mutual assignability lets
 * one side lack an optional property the other has. Both sides are first rebuilt property by
 * property, so an intersection and the flat object it equals compare alike.
 */
type Same<A, B> = (<T>() => T extends Rebuilt<A> ? 1 : 2) extends <T>() => T extends Rebuilt<B> ? 1 : 2 ? true : false;
type Rebuilt<T> = T extends readonly (infer Item)[]
  ? Rebuilt<Item>[]
  : T extends object
    ? { [K in keyof T]: Rebuilt<T[K]> }
    : T;
type Public = PublicComponents['schemas'];
type Scheduler = SchedulerComponents['schemas'];
type Query<Op extends keyof PublicOperations> = NonNullable<PublicOperations[Op]['parameters']['query']>;
type InternalQuery<Op extends keyof SchedulerOperations> = NonNullable<SchedulerOperations[Op]['parameters']['query']>;

export const contractChecks: {
  createTask: Same<z.input<typeof CreateTaskRequest>, Public['CreateTaskRequest']>;
  createTaskInternal: Same<z.input<typeof CreateTaskRequest>, Scheduler['CreateTaskRequest']>;
  updateTask: Same<z.input<typeof UpdateTaskRequest>, Public['UpdateTaskRequest']>;
  replayTasks: Same<z.input<typeof ReplayTasksRequest>, Public['ReplayTasksRequest']>;
  replayTasksInternal: Same<z.input<typeof ReplayTasksRequest>, Scheduler['ReplayTasksRequest']>;
  bulkCreate: Same<z.input<typeof BulkCreateRequest>, Scheduler['BulkCreateRequest']>;
  taskBatch: Same<z.input<typeof BulkCreateRequest>, Public['TaskBatchRequest']>;
  taskTemplate: Same<z.input<typeof TaskTemplate>, Public['TaskTemplate']>;
  createSchedule: Same<z.input<typeof CreateScheduleRequest>, Public['CreateScheduleRequest']>;
  schedulePreview: Same<z.input<typeof SchedulePreviewRequest>, Public['SchedulePreviewRequest']>;
  signup: Same<z.input<typeof SignupRequest>, Public['SignupRequest']>;
  enableDestination: Same<z.input<typeof EnableDestinationRequest>, Public['EnableDestinationRequest']>;
  enableDestinationInternal: Same<z.input<typeof EnableDestinationRequest>, Scheduler['EnableDestinationRequest']>;
  createApiKey: Same<z.input<typeof CreateApiKeyRequest>, Public['CreateApiKeyRequest']>;
  login: Same<z.input<typeof LoginRequest>, Public['LoginRequest']>;
  reminder: Same<z.input<typeof ReminderRequest>, Public['ReminderRequest']>;
  updateProfile: Same<z.input<typeof UpdateProfileRequest>, Public['UpdateProfileRequest']>;
  changePassword: Same<z.input<typeof ChangePasswordRequest>, Public['ChangePasswordRequest']>;
  listTasksQuery: Same<Partial<z.output<typeof ListTasksQuery>>, Query<'listTasks'>>;
  listSchedulesQuery: Same<Partial<z.output<typeof ListSchedulesQuery>>, Query<'listSchedules'>>;
  streamEventsQuery: Same<Partial<z.output<typeof StreamEventsQuery>>, Query<'streamEvents'>>;
  readEventsQuery: Same<Partial<z.output<typeof ReadEventsQuery>>, InternalQuery<'readEvents'>>;
  errorReportQuery: Same<Partial<z.output<typeof ErrorReportQuery>>, Query<'errorReport'>>;
  errorReportQueryInternal: Same<Partial<z.output<typeof ErrorReportQuery>>, InternalQuery<'errorReport'>>;
  statuses: Same<(typeof taskStatuses)[number], Public['TaskStatus']>;
  channels: Same<(typeof channels)[number], Public['Channel']>;
  outcomes: Same<(typeof attemptOutcomes)[number], Public['AttemptOutcome']>;
  priorities: Same<(typeof priorities)[number], Public['Priority']>;
  catchUp: Same<(typeof catchUpPolicies)[number], Public['CatchUp']>;
  scheduleStatuses: Same<(typeof scheduleStatuses)[number], Public['Schedule']['status']>;
} = {
  createTask: true,
  createTaskInternal: true,
  updateTask: true,
  replayTasks: true,
  replayTasksInternal: true,
  bulkCreate: true,
  taskBatch: true,
  taskTemplate: true,
  createSchedule: true,
  schedulePreview: true,
  signup: true,
  enableDestination: true,
  enableDestinationInternal: true,
  createApiKey: true,
  login: true,
  reminder: true,
  updateProfile: true,
  changePassword: true,
  listTasksQuery: true,
  listSchedulesQuery: true,
  streamEventsQuery: true,
  readEventsQuery: true,
  errorReportQuery: true,
  errorReportQueryInternal: true,
  statuses: true,
  channels: true,
  outcomes: true,
  priorities: true,
  catchUp: true,
  scheduleStatuses: true,
};
