import createClient from 'openapi-fetch';
import { HttpError, type ErrorBody } from '@later/runtime';
import type { paths } from '@later/types/scheduler';

export type SchedulerClient = ReturnType<typeof createSchedulerClient>;

/** The scheduler's internal API, typed from openapi/scheduler.yaml. */
export function createSchedulerClient(baseUrl: string, token: string) {
  return createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${token}` } });
}

/**
 * Unwraps a scheduler answer: data on success; the scheduler's own 4xx passed through unchanged
 * (it speaks the same error shape); anything else, including no answer, becomes a 503 so the
 * caller knows to retry.
 */
export async function fromScheduler<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: Awaited<typeof call>;
  try {
    result = await call;
  } catch (err) {
    throw new HttpError(503, `scheduler unreachable: ${(err as Error).message}`, [], { 'retry-after': '1' });
  }
  const { data, error, response } = result;
  if (data !== undefined && response.ok) return data;
  if (response.status >= 400 && response.status < 500 && response.status !== 401) {
    const body = error as ErrorBody;
    throw new HttpError(response.status, body.error, body.issues);
  }
  throw new HttpError(503, `scheduler answered ${response.status}`, [], {
    'retry-after': response.headers.get('retry-after') ?? '1',
  });
}
