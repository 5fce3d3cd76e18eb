import { describe, expect, it } from 'vitest';
import { parseEventStream, type EventStreamMessage } from '../src/eventStream.js';

async function parse(...chunks: (string | Uint8Array)[]): Promise<EventStreamMessage[]> {
  const messages: EventStreamMessage[] = [];
  for await (const message of parseEventStream(
    (async function* () {
      yield* chunks;
    })(),
  ))
    messages.push(message);
  return messages;
}

describe('parseEventStream (text/event-stream as EventSource reads it)', () => {
  it('reads id, event and data of each message, and skips comments', async () => {
    expect(await parse(': keep-alive\n\nid: 1-1\nevent: task\ndata: {"a":1}\n\n')).toEqual([
      { lastEventId: '1-1', event: 'task', data: '{"a":1}' },
    ]);
  });

  it('yields an id without data, which moves the last event id (Later sends one first)', async () => {
    expect(await parse('id: 77-0\n\nevent: task\ndata: x\n\n')).toEqual([
      { lastEventId: '77-0', event: 'message', data: undefined },
      { lastEventId: '77-0', event: 'task', data: 'x' },
    ]);
  });

  it('joins data lines with newlines; a missing space after the colon is fine; no event means message', async () => {
    expect(await parse('data:one\ndata: two\n\n')).toEqual([{ lastEventId: '', event: 'message', data: 'one\ntwo' }]);
  });

  it('takes CR, LF and CRLF line ends, even a CRLF split between chunks', async () => {
    expect(await parse('id: a\r', '\ndata: 1\r\n\r', '\nid: b\rdata: 2\r\r')).toEqual([
      { lastEventId: 'a', event: 'message', data: '1' },
      { lastEventId: 'b', event: 'message', data: '2' },
    ]);
  });

  it('decodes a character split between chunks', async () => {
    const bytes = new TextEncoder().encode('data: é\n\n');
    expect(await parse(bytes.slice(0, 7), bytes.slice(7))).toEqual([{ lastEventId: '', event: 'message', data: 'é' }]);
  });

  it('drops a message the stream ended in the middle of, and ignores an id with NUL', async () => {
    expect(await parse('id: x\0y\ndata: 1\n\ndata: half')).toEqual([{ lastEventId: '', event: 'message', data: '1' }]);
  });
});
