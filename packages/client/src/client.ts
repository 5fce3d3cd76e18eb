import createClient, { type Client } from 'openapi-fetch';
import { LaterError } from './errors.js';
import { subscribeToEvents, type SubscribeOptions, type TaskEvent } from './events.js';
import type { components, operations, paths } from './generated/public.js';
import { allPages } from './pages.js';
import { retryingFetch, type RetryPolicy } from './retry.js';

type Schemas = components['schemas'];
export type CreateTaskRequest = Schemas['CreateTaskRequest'];
export type UpdateTaskRequest = Schemas['UpdateTaskRequest'];
export type TaskCreated = Schemas['TaskCreated'];
export type Task = Schemas['Task'];
export type TaskSummary = Schemas['TaskSummary'];
export type TaskStatus = Schemas['TaskStatus'];
export type ReplayTasksRequest = Schemas['ReplayTasksRequest'];
export type ReplayedTasks = Schemas['ReplayedTasks'];
export type CreateScheduleRequest = Schemas['CreateScheduleRequest'];
export type Schedule = Schemas['Schedule'];
export type SchedulePreviewRequest = Schemas['SchedulePreviewRequest'];
export type SchedulePreview = Schemas['SchedulePreview'];
export type ReminderRequest = Schemas['ReminderRequest'];
export type DisabledDestination = Schemas['DisabledDestination'];
/** The filters of `GET /v1/tasks`, without the paging (`list` pages on by itself). */
export type TaskFilter = Omit<NonNullable<operations['listTasks']['parameters']['query']>, 'cursor'>;
export type RawClient = Client<paths>;

export interface LaterClientOptions {
  /** Where the API is, e.g. `https://later.example.com` (no trailing `/v1`). */
  baseUrl: string;
  /** An API key (`lk_...`). */
  apiKey: string;
  /** 429 and 503 answers are waited out as this says (default: 3 retries, waits of at most 30 s). */
  retry?: RetryPolicy;
  /** Another fetch, e.g. one with a proxy agent. */
  fetch?: typeof fetch;
}

export interface CreateOptions {
  /**
   * Sent as `Idempotency-Key`; a random one is generated for each call, so a retry of this call
   * never creates a second task (or batch). Give your own to make a create idempotent across calls too.
   */
  idempotencyKey?: string;
}

export interface LaterClient {
  tasks: {
    create(task: CreateTaskRequest, options?: CreateOptions): Promise<TaskCreated>;
    /**
     * Creates 1 to 1,000 tasks in one request, all or none (`POST /v1/tasks/batch`): a bad task
     * fails the call with a LaterError naming it (`tasks.3.webhook.url`). The created tasks, in order.
     */
    createMany(tasks: CreateTaskRequest[], options?: CreateOptions): Promise<TaskCreated[]>;
    get(id: string): Promise<Task>;
    /** Every task matching `filter`, newest first, fetched a page at a time as you iterate. */
    list(filter?: TaskFilter): AsyncIterable<TaskSummary>;
    update(id: string, changes: UpdateTaskRequest): Promise<Task>;
    cancel(id: string): Promise<TaskSummary>;
    replay(id: string): Promise<TaskCreated>;
    /** Replays many dead (or delivered) tasks at once; `more` says some were left. */
    replayAll(filter?: ReplayTasksRequest): Promise<ReplayedTasks>;
  };
  schedules: {
    /** Creates a schedule, or updates the one with the same `key`. */
    create(schedule: CreateScheduleRequest): Promise<Schedule>;
    get(id: string): Promise<Schedule>;
    list(options?: { limit?: number }): AsyncIterable<Schedule>;
    pause(id: string): Promise<Schedule>;
    resume(id: string): Promise<Schedule>;
    /** Ends the schedule (`DELETE`); its pending occurrence is cancelled. */
    end(id: string): Promise<Schedule>;
    preview(rule: SchedulePreviewRequest): Promise<SchedulePreview>;
  };
  reminders: {
    create(reminder: ReminderRequest, options?: CreateOptions): Promise<TaskCreated>;
  };
  destinations: {
    /** Your webhook URLs disabled because every attempt to them failed for days; their tasks wait. */
    listDisabled(): Promise<DisabledDestination[]>;
    /** Enables a disabled URL again (a LaterError, 404, when it is not disabled); the ones still disabled. */
    enable(url: string): Promise<DisabledDestination[]>;
  };
  events: {
    /** Your task events as they happen; reconnects with `Last-Event-ID` after a dropped connection. */
    subscribe(options?: SubscribeOptions): AsyncGenerator<TaskEvent>;
  };
  /** The typed openapi-fetch client underneath, for any call the methods above do not cover. */
  raw: RawClient;
}

/** Resolves an openapi-fetch answer to its data, or throws the API's error as a LaterError. */
async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let answer: { data?: T; error?: unknown; response: Response };
  try {
    answer = await call;
  } catch (err) {
    throw new LaterError(0, `could not reach Later: ${(err as Error).message}`, [], { cause: err });
  }
  if (answer.response.ok && answer.data !== undefined) return answer.data;
  throw LaterError.fromAnswer(answer.response.status, answer.error);
}

export function createLaterClient(options: LaterClientOptions): LaterClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const policy = options.retry ?? {};
  const raw = createClient<paths>({
    baseUrl,
    headers: { authorization: `Bearer ${options.apiKey}` },
    fetch: retryingFetch(policy, { fetch: (request) => fetchImpl(request) }),
  });
  // Registering a schedule under a `key` is an upsert: sending it twice leaves one schedule.
  const repeatableFetch = retryingFetch(policy, { fetch: (request) => fetchImpl(request), repeatable: () => true });
  const idempotency = (create?: CreateOptions) => ({
    'Idempotency-Key': create?.idempotencyKey ?? crypto.randomUUID(),
  });
  const task = (id: string) => ({ params: { path: { id } } });
  const schedule = task;

  return {
    tasks: {
      create: (body, create) => unwrap(raw.POST('/v1/tasks', { params: { header: idempotency(create) }, body })),
      createMany: async (tasks, create) =>
        (await unwrap(raw.POST('/v1/tasks/batch', { params: { header: idempotency(create) }, body: { tasks } }))).tasks,
      get: (id) => unwrap(raw.GET('/v1/tasks/{id}', task(id))),
      list: (filter = {}) =>
        allPages(async (cursor) => {
          const page = await unwrap(
            raw.GET('/v1/tasks', { params: { query: { ...filter, ...(cursor ? { cursor } : {}) } } }),
          );
          return { items: page.tasks, nextCursor: page.nextCursor };
        }),
      update: (id, body) => unwrap(raw.PATCH('/v1/tasks/{id}', { ...task(id), body })),
      cancel: (id) => unwrap(raw.DELETE('/v1/tasks/{id}', task(id))),
      replay: (id) => unwrap(raw.POST('/v1/tasks/{id}/replay', task(id))),
      replayAll: (body = {}) => unwrap(raw.POST('/v1/tasks/replay', { body })),
    },
    schedules: {
      create: (body) =>
        unwrap(raw.POST('/v1/schedules', { body, ...(body.key !== undefined ? { fetch: repeatableFetch } : {}) })),
      get: (id) => unwrap(raw.GET('/v1/schedules/{id}', schedule(id))),
      list: ({ limit } = {}) =>
        allPages(async (cursor) => {
          const page = await unwrap(
            raw.GET('/v1/schedules', {
              params: { query: { ...(limit ? { limit } : {}), ...(cursor ? { cursor } : {}) } },
            }),
          );
          return { items: page.schedules, nextCursor: page.nextCursor };
        }),
      pause: (id) => unwrap(raw.POST('/v1/schedules/{id}/pause', schedule(id))),
      resume: (id) => unwrap(raw.POST('/v1/schedules/{id}/resume', schedule(id))),
      end: (id) => unwrap(raw.DELETE('/v1/schedules/{id}', schedule(id))),
      preview: (body) => unwrap(raw.POST('/v1/schedules/preview', { body })),
    },
    reminders: {
      create: (body, create) => unwrap(raw.POST('/v1/reminders', { params: { header: idempotency(create) }, body })),
    },
    destinations: {
      listDisabled: async () => (await unwrap(raw.GET('/v1/destinations/disabled'))).destinations,
      enable: async (url) => (await unwrap(raw.POST('/v1/destinations/enable', { body: { url } }))).destinations,
    },
    events: {
      subscribe: (subscribe) => subscribeToEvents({ baseUrl, apiKey: options.apiKey, fetch: fetchImpl }, subscribe),
    },
    raw,
  };
}
