import { LaterError } from './errors.js';
import { parseEventStream } from './eventStream.js';
import type { components } from './generated/public.js';
import { retryAfterMs, sleep } from './retry.js';

export type TaskEvent = components['schemas']['TaskEvent'];

export interface SubscribeOptions {
  /** Start after this event id (one you kept from an earlier subscription); default: from now. */
  after?: string;
  /** Ends the iteration (as `break` does). */
  signal?: AbortSignal;
  /** The first wait before reconnecting after a dropped connection; doubles up to 30 s. Default 1 s. */
  reconnectDelayMs?: number;
  /**
   * A connection silent this long is taken as dropped (the server sends a keep-alive comment
   * every 15 s by default, so a half-open connection is noticed). Default 60 s.
   */
  idleTimeoutMs?: number;
  /** Called when the stream is reconnecting, with the event id it resumes after. */
  onReconnect?: (info: { lastEventId: string; waitMs: number; cause: unknown }) => void;
}

interface Connection {
  baseUrl: string;
  apiKey: string;
  fetch: typeof fetch;
}

const maxReconnectDelayMs = 30_000;

/**
 * The caller's task events, for as long as the caller iterates. A dropped connection (network
 * error, server restart, silence) is reopened with `Last-Event-ID`, so no event is missed or
 * repeated across it; only an answer that will not change by waiting (401, 400...) ends the
 * iteration, as a LaterError.
 */
export async function* subscribeToEvents(
  connection: Connection,
  options: SubscribeOptions = {},
): AsyncGenerator<TaskEvent> {
  const firstDelayMs = options.reconnectDelayMs ?? 1000;
  const idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
  let lastEventId = options.after ?? '';
  let delayMs = firstDelayMs;
  while (!options.signal?.aborted) {
    const abort = new AbortController();
    const stop = () => abort.abort();
    options.signal?.addEventListener('abort', stop, { once: true });
    let idle: ReturnType<typeof setTimeout> | undefined;
    const stillAlive = () => {
      clearTimeout(idle);
      idle = setTimeout(stop, idleTimeoutMs);
    };
    let cause: unknown;
    let waitMs: number | undefined;
    try {
      stillAlive();
      const response = await connection.fetch(`${connection.baseUrl}/v1/events`, {
        headers: {
          accept: 'text/event-stream',
          authorization: `Bearer ${connection.apiKey}`,
          ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
        },
        signal: abort.signal,
      });
      if (!response.ok || !response.body) {
        const body: unknown = await response.json().catch(() => undefined);
        const error = LaterError.fromAnswer(response.status, body);
        if (response.status !== 429 && response.status < 500) throw error;
        cause = error;
        if (response.status === 429 || response.status === 503)
          waitMs = retryAfterMs(response.headers.get('retry-after'));
      } else {
        for await (const message of parseEventStream(touching(response.body, stillAlive))) {
          lastEventId = message.lastEventId;
          if (message.event !== 'task' || message.data === undefined) continue;
          delayMs = firstDelayMs;
          // The caller's time with an event is not the server's silence.
          clearTimeout(idle);
          yield JSON.parse(message.data) as TaskEvent;
          stillAlive();
        }
        cause = new Error('the server ended the event stream');
      }
    } catch (err) {
      if (err instanceof LaterError) throw err;
      cause = err;
    } finally {
      clearTimeout(idle);
      options.signal?.removeEventListener('abort', stop);
      abort.abort();
    }
    if (options.signal?.aborted) return;
    waitMs ??= delayMs;
    delayMs = Math.min(delayMs * 2, maxReconnectDelayMs);
    options.onReconnect?.({ lastEventId, waitMs, cause });
    await sleep(waitMs, options.signal);
  }
}

/** Passes the chunks of `body` on, calling `onChunk` for each (here: to reset the idle timer). */
async function* touching(body: ReadableStream<Uint8Array>, onChunk: () => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of body) {
    onChunk();
    yield chunk;
  }
}
