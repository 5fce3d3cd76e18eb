/** How calls answered 429 (rate limited) or 503 (briefly unavailable) are tried again. */
export interface RetryPolicy {
  /** Tries after the first; 0 turns retrying off. Default 3. */
  retries?: number;
  /** The longest wait the client accepts; a Retry-After beyond it is returned as the error instead. Default 30 s. */
  maxWaitMs?: number;
  /** Called before each wait, e.g. to log it. */
  onRetry?: (info: { status: number; attempt: number; waitMs: number; method: string; url: string }) => void;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/**
 * Whether sending the request again can never do twice what the first did. A 429 is always
 * safe to retry (the rate limiter refuses before anything happens); a 503 may come after the
 * work was done (an answer lost on its way back), so it is retried only for these requests.
 */
export function isRepeatable(request: Request): boolean {
  return safeMethods.has(request.method) || request.headers.has('idempotency-key');
}

/** Seconds or an HTTP date, as RFC 9110 allows; 1 s when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (header === null || header.trim() === '') return 1000;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? 1000 : Math.max(0, at - now);
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** A fetch for openapi-fetch that waits out 429 and 503 answers as `policy` allows. */
export function retryingFetch(
  policy: RetryPolicy,
  options: { fetch?: (input: Request) => Promise<Response>; repeatable?: (request: Request) => boolean } = {},
) {
  const fetchImpl = options.fetch ?? ((input: Request) => fetch(input));
  const repeatable = options.repeatable ?? isRepeatable;
  const retries = policy.retries ?? 3;
  const maxWaitMs = policy.maxWaitMs ?? 30_000;
  return async (request: Request): Promise<Response> => {
    for (let attempt = 1; ; attempt++) {
      // The body of a request can be read once: each try sends a copy.
      const response = await fetchImpl(request.clone());
      const retryable = response.status === 429 || (response.status === 503 && repeatable(request));
      if (!retryable || attempt > retries) return response;
      const waitMs = retryAfterMs(response.headers.get('retry-after'));
      if (waitMs > maxWaitMs) return response;
      await response.body?.cancel();
      policy.onRetry?.({ status: response.status, attempt, waitMs, method: request.method, url: request.url });
      await sleep(waitMs, request.signal);
      if (request.signal.aborted) throw request.signal.reason;
    }
  };
}
