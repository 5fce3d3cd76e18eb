import type { Response as ExpressResponse } from 'express';
import createClient, { type Client } from 'openapi-fetch';
import { HttpError, type ErrorBody } from '@later/runtime';
import type { paths } from '@later/types/scheduler';
import { Pool } from 'undici';
import { poolFetch, PoolRequest } from './poolFetch.js';

export type SchedulerApi = Client<paths>;

/** SCHEDULER_TIMEOUT_MS' default: above the scheduler's own deadlines, so it usually answers first. */
export const defaultSchedulerTimeoutMs = 10_000;

/**
 * The scheduler replicas' internal API, typed from openapi/scheduler.yaml. Calls go round-robin
 * over `baseUrls`; a replica that does not answer (connection refused, reset) is skipped and the
 * next one tried, so one replica restarting never fails a caller's request.
 *
 * A call the scheduler has not answered within `timeoutMs` (plus the wait a long poll asks
 * for) is given up: 503, and no other replica is tried, since the scheduler may have carried the
 * request out and a second replica would do it twice.
 *
 * Each replica is reached through its own undici Pool of kept-alive connections (see poolFetch):
 * Node's global `fetch` was the largest single cost of a public create.
 */
export class SchedulerClient {
  private readonly clients: SchedulerApi[];
  private readonly pools: Pool[];
  private next = 0;

  constructor(
    baseUrls: string[],
    token: string,
    private readonly timeoutMs = defaultSchedulerTimeoutMs,
  ) {
    this.pools = baseUrls.map((baseUrl) => new Pool(new URL(baseUrl).origin));
    this.clients = baseUrls.map((baseUrl, i) => {
      const send = poolFetch(this.pools[i]!);
      const sendWithin = (request: Request) => {
        const deadline = AbortSignal.timeout(this.deadlineOf(request));
        return send(request, { signal: request.signal ? AbortSignal.any([request.signal, deadline]) : deadline });
      };
      return createClient<paths>({
        baseUrl,
        headers: { authorization: `Bearer ${token}` },
        fetch: sendWithin,
        Request: PoolRequest as unknown as typeof Request,
      });
    });
  }

  /** Closes the kept-alive connections (at shutdown). */
  async close(): Promise<void> {
    await Promise.all(this.pools.map((pool) => pool.close()));
  }

  /** A long poll (`waitMs`, the events API) is owed its wait on top of the deadline. */
  private deadlineOf(request: Request): number {
    return this.timeoutMs + (Number(new URL(request.url).searchParams.get('waitMs')) || 0);
  }

  /** Runs `call` against one replica after another until one answers; unwraps the answer. */
  async request<T>(
    call: (api: SchedulerApi) => Promise<{ data?: T; error?: unknown; response: Response }>,
  ): Promise<T> {
    return (await this.answer(call)).data;
  }

  /** Relays the scheduler's answer (its 2xx status and body) to the caller unchanged. */
  async forward<T>(
    res: ExpressResponse,
    call: (api: SchedulerApi) => Promise<{ data?: T; error?: unknown; response: Response }>,
  ): Promise<void> {
    const { data, status } = await this.answer(call);
    res.status(status).json(data);
  }

  private async answer<T>(
    call: (api: SchedulerApi) => Promise<{ data?: T; error?: unknown; response: Response }>,
  ): Promise<{ data: T; status: number }> {
    let lastError: unknown;
    // Start at the next replica in turn, then try each other one once: concurrent requests share
    // the turn counter, so stepping it again on a retry could land on the dead replica twice.
    const start = this.next++;
    for (let tried = 0; tried < this.clients.length; tried++) {
      const api = this.clients[(start + tried) % this.clients.length]!;
      let result: Awaited<ReturnType<typeof call>>;
      try {
        result = await call(api);
      } catch (err) {
        if (err instanceof Error && err.name === 'TimeoutError') {
          throw new HttpError(
            503,
            `the scheduler did not answer within ${this.timeoutMs} ms; the request may have been carried out`,
            [],
            {
              'retry-after': '1',
            },
          );
        }
        lastError = err;
        continue;
      }
      return { data: unwrap(result), status: result.response.status };
    }
    const err = lastError as { code?: string; message?: string; cause?: { code?: string; message?: string } };
    throw new HttpError(
      503,
      `scheduler unreachable: ${err.cause?.code ?? err.code ?? err.cause?.message ?? err.message}`,
      [],
      { 'retry-after': '1' },
    );
  }
}

/**
 * Data on success; the scheduler's own 4xx passed through unchanged (it speaks the same error
 * shape): a request it refused will be refused again, so it must never look retryable. Its 503
 * (a dependency down) stays a 503 with its Retry-After. Anything else, its 500 or a 401 for a
 * wrong service token, is the scheduler failing, not a passing outage: 502, with no Retry-After
 * promising that the same request will do better later.
 */
function unwrap<T>({ data, error, response }: { data?: T; error?: unknown; response: Response }): T {
  if (data !== undefined && response.ok) return data;
  const body = error as Partial<ErrorBody> | undefined;
  if (response.status >= 400 && response.status < 500 && response.status !== 401) {
    throw new HttpError(response.status, body?.error ?? `refused (${response.status})`, body?.issues ?? []);
  }
  if (response.status === 503) {
    throw new HttpError(503, body?.error ?? 'the scheduler is unavailable; retry later', [], {
      'retry-after': response.headers.get('retry-after') ?? '1',
    });
  }
  throw new HttpError(502, `the scheduler failed (${response.status})`);
}
