/**
 * Compile-time proof that the runtime validation and the OpenAPI document describe the same
 * shapes. If either side changes alone, `tsc` fails here, naming the schema that drifted.
 */
import type { z } from 'zod';
import type { components as PublicComponents, operations as PublicOperations } from './generated/public.js';
import type { components as SchedulerComponents } from './generated/scheduler.js';
import type {
  BulkCreateRequest,
  CreateTaskRequest,
  ListTasksQuery,
  SignupRequest,
  attemptOutcomes,
  channels,
  taskStatuses,
} from './schemas.js';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Public = PublicComponents['schemas'];
type Scheduler = SchedulerComponents['schemas'];

export const contractChecks: {
  createTask: Same<z.input<typeof CreateTaskRequest>, Public['CreateTaskRequest']>;
  createTaskInternal: Same<z.input<typeof CreateTaskRequest>, Scheduler['CreateTaskRequest']>;
  bulkCreate: Same<z.input<typeof BulkCreateRequest>, Scheduler['BulkCreateRequest']>;
  signup: Same<z.input<typeof SignupRequest>, Public['SignupRequest']>;
  listQuery: Same<Partial<z.output<typeof ListTasksQuery>>, NonNullable<PublicOperations['listTasks']['parameters']['query']>>;
  statuses: Same<(typeof taskStatuses)[number], Public['TaskStatus']>;
  channels: Same<(typeof channels)[number], Public['Channel']>;
  outcomes: Same<(typeof attemptOutcomes)[number], Public['AttemptOutcome']>;
} = {
  createTask: true,
  createTaskInternal: true,
  bulkCreate: true,
  signup: true,
  listQuery: true,
  statuses: true,
  channels: true,
  outcomes: true,
};
