import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from '@later/types/public';

/** The public API's shapes, generated from openapi/public.yaml. */
export type Schemas = components['schemas'];
export type Task = Schemas['Task'];
export type TaskSummary = Schemas['TaskSummary'];
export type TaskStatus = Schemas['TaskStatus'];
export type Schedule = Schemas['Schedule'];
export type ApiKey = Schemas['ApiKey'];
export type Stats = Schemas['Stats'];
export type Issue = Schemas['ErrorIssue'];

/** An answer other than 2xx, in the API's one error shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: Issue[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;
let onSessionEnded: () => void = () => undefined;

/** The session's CSRF token: every change made with the session cookie must carry it. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the API answers 401: the session ended (logged out elsewhere, expired). */
export function whenSessionEnds(handler: () => void): void {
  onSessionEnded = handler;
}

const csrfHeader: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && request.method !== 'HEAD' && csrfToken)
      request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
};

/** The one client of the public API, typed from its OpenAPI document; the session cookie goes along. */
export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
api.use(csrfHeader);

/** The data of a 2xx answer, or an ApiError naming what went wrong. */
export async function answer<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: Awaited<typeof call>;
  try {
    result = await call;
  } catch {
    throw new ApiError(0, 'Later cannot be reached: check your connection and try again.', []);
  }
  const { data, error, response } = result;
  if (response.ok) return data as T;
  const body = (error ?? {}) as { error?: string; issues?: Issue[] };
  if (response.status === 401 && !response.url.endsWith('/v1/login')) onSessionEnded();
  throw new ApiError(response.status, body.error ?? `the server answered ${response.status}`, body.issues ?? []);
}
