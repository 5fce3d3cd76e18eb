import { waitFor } from '../waitFor.js';

/** One dispatched Server-Sent Event. */
export interface SseMessage {
  /** The stream's last event id when the message was dispatched (its own `id:` if it had one). */
  lastEventId: string;
  event: string;
  data: string;
}

export interface SseStream {
  status: number;
  headers: Headers;
  /** For an answer that is not an event stream: its JSON body. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  messages: SseMessage[];
  /** Comment lines (`: ...`), without the colon. */
  comments: string[];
  /** As a browser keeps it: set by every `id:` line, with or without data. */
  lastEventId: string;
  /** Whether the server ended the stream. */
  ended: boolean;
  /** The data of every `event: task` message, parsed. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  taskEvents(): any[];
  /** Polls until `check` holds for the stream; the error says so if the server ended it meanwhile. */
  waitUntil<T>(what: string, check: (stream: SseStream) => T | undefined | false, timeoutMs?: number): Promise<T>;
  close(): void;
}

/**
 * A small, real SSE client over fetch, parsing the stream as the HTML standard's EventSource
 * does (fields, comments, ids without data, CR/LF line ends), for end-to-end tests. Unlike a
 * browser's it does not reconnect: tests reconnect themselves, with the headers they choose.
 */
export async function openEventStream(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const stream: SseStream = {
    status: res.status,
    headers: res.headers,
    body: undefined,
    messages: [],
    comments: [],
    lastEventId: '',
    ended: false,
    taskEvents: () => stream.messages.filter((m) => m.event === 'task').map((m) => JSON.parse(m.data)),
    waitUntil: (what, check, timeoutMs = 15_000) =>
      waitFor(
        what,
        () => {
          const value = check(stream);
          if ((value === undefined || value === false) && stream.ended) throw new Error('the server ended the stream');
          return value;
        },
        { timeoutMs },
      ),
    close: () => abort.abort(),
  };
  if (!res.headers.get('content-type')?.startsWith('text/event-stream')) {
    const text = await res.text();
    stream.body = text ? JSON.parse(text) : undefined;
    stream.ended = true;
    return stream;
  }
  void readInto(stream, res.body!)
    .catch(() => undefined)
    .finally(() => (stream.ended = true));
  return stream;
}

async function readInto(stream: SseStream, body: ReadableStream<Uint8Array>): Promise<void> {
  const decoder = new TextDecoder();
  let pending = '';
  let data: string[] = [];
  let event = '';
  let idBuffer = '';
  const line = (text: string) => {
    if (text === '') {
      stream.lastEventId = idBuffer;
      if (data.length > 0)
        stream.messages.push({ lastEventId: idBuffer, event: event || 'message', data: data.join('\n') });
      data = [];
      event = '';
      return;
    }
    if (text.startsWith(':')) {
      stream.comments.push(text.slice(1).trim());
      return;
    }
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id' && !value.includes('\0')) idBuffer = value;
  };
  for await (const chunk of body) {
    pending += decoder.decode(chunk, { stream: true });
    // A CR at the very end may be the first half of a CRLF: keep it for the next chunk.
    const heldCr = pending.endsWith('\r');
    const lines = (heldCr ? pending.slice(0, -1) : pending).split(/\r\n|\r|\n/);
    pending = lines.pop()! + (heldCr ? '\r' : '');
    for (const text of lines) line(text);
  }
}
