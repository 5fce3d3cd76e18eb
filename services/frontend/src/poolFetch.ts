import type { Dispatcher, Pool } from 'undici';

/**
 * What openapi-fetch builds a call into, without the WHATWG Request it would otherwise build:
 * openapi-fetch takes the class as its `Request` option, and hands the instance to `poolFetch`.
 * Its constructor keeps the URL and init as given; nothing here copies or streams the body.
 */
export class PoolRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: string | undefined;
  readonly signal: AbortSignal | undefined;

  constructor(url: string, init: RequestInit) {
    this.url = url;
    this.method = init.method ?? 'GET';
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    // openapi-fetch's default serializer gives a JSON string; no call here sends anything else.
    this.body = init.body as string | undefined;
    this.signal = init.signal ?? undefined;
  }
}

/**
 * The part of a WHATWG Response that openapi-fetch and SchedulerClient read (status, ok,
 * headers.get, text, json), over a body undici already read in full: no web stream per call.
 */
class PoolResponse {
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };

  constructor(
    readonly status: number,
    headers: Dispatcher.ResponseData['headers'],
    private readonly raw: string,
  ) {
    this.ok = status >= 200 && status < 300;
    this.headers = {
      get: (name) => {
        const value = headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    };
  }

  text(): Promise<string> {
    return Promise.resolve(this.raw);
  }

  json(): Promise<unknown> {
    return Promise.resolve(JSON.parse(this.raw));
  }
}

/**
 * A `fetch` for openapi-fetch that sends over `pool`'s kept-alive connections with undici's
 * `request`. Node's global fetch wraps the same undici in web streams and a Request/Response per
 * call; under 32 creates in flight that wrapping was the frontend's largest single cost (~30%).
 * Errors are undici's own (ECONNREFUSED, socket closed), or the abort signal's reason (as fetch
 * throws a TimeoutError for `AbortSignal.timeout`). `init.signal`, as fetch's, overrides the request's.
 */
export function poolFetch(pool: Pool): (input: Request, init?: { signal?: AbortSignal }) => Promise<Response> {
  return async (input, init) => {
    const request = input as unknown as PoolRequest;
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name] = value));
    const {
      statusCode,
      headers: responseHeaders,
      body,
    } = await pool.request({
      path: url.pathname + url.search,
      method: request.method as Dispatcher.HttpMethod,
      headers,
      body: request.body,
      signal: init?.signal ?? request.signal,
    });
    return new PoolResponse(statusCode, responseHeaders, await body.text()) as unknown as Response;
  };
}
