/** One dispatched message of a `text/event-stream`. */
export interface EventStreamMessage {
  /** The stream's last event id at dispatch: the message's own `id:`, or the one before it. */
  lastEventId: string;
  /** `message` unless an `event:` line named it. */
  event: string;
  /** The `data:` lines joined by newlines; undefined when the message had none (e.g. an `id:` alone). */
  data: string | undefined;
}

/**
 * Parses Server-Sent Events as the HTML standard's EventSource does: `field: value` lines,
 * `:` comments, CR, LF or CRLF line ends, a message dispatched at each blank line. Unlike
 * EventSource it also yields messages without data, so a caller sees an `id:` that only moves
 * the last event id (Later sends one first, to resume from even before the first event).
 */
export async function* parseEventStream(
  chunks: AsyncIterable<Uint8Array | string>,
): AsyncGenerator<EventStreamMessage> {
  const decoder = new TextDecoder();
  let pending = '';
  let lastEventId = '';
  let event = '';
  let data: string[] | undefined;
  let seen = false;
  /** Takes one line; returns the message a blank line completes. */
  const take = (line: string): EventStreamMessage | undefined => {
    if (line === '') {
      const message = seen ? { lastEventId, event: event || 'message', data: data?.join('\n') } : undefined;
      event = '';
      data = undefined;
      seen = false;
      return message;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') (data ??= []).push(value);
    else if (field === 'event') event = value;
    else if (field === 'id' && !value.includes('\0')) lastEventId = value;
    else return undefined;
    seen = true;
    return undefined;
  };
  for await (const chunk of chunks) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    // A CR at the very end may be the first half of a CRLF: keep it for the next chunk.
    const heldCr = pending.endsWith('\r');
    const lines = (heldCr ? pending.slice(0, -1) : pending).split(/\r\n|\r|\n/);
    pending = lines.pop()! + (heldCr ? '\r' : '');
    for (const line of lines) {
      const message = take(line);
      if (message) yield message;
    }
  }
  // A CR held back at the end was a line end after all. A message the stream ended in the
  // middle of (no blank line after it) is dropped, as EventSource does.
  if (pending.endsWith('\r')) {
    const message = take(pending.slice(0, -1));
    if (message) yield message;
  }
}
