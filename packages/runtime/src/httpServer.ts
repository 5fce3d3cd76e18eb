import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Express } from 'express';

/**
 * What Node's HTTP parser refuses before the app sees it (an oversized request line or headers,
 * garbage) is answered in the same JSON error shape as everything else, instead of Node's bare
 * status line.
 */
function answerClientError(err: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
  const message = tooLarge ? 'the request line or headers are too large' : 'the request is not valid HTTP';
  const body = JSON.stringify({ error: message, issues: [{ path: '(request)', message }] });
  socket.end(
    `HTTP/1.1 ${status}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** Servers `closeServer` is closing. */
const closing = new WeakSet<Server>();

/** Starts `app` on `port` and resolves once it is listening. */
export async function listen(app: Express, port: number, host: string): Promise<Server> {
  const server = app.listen(port, host);
  server.on('clientError', answerClientError);
  server.on('request', (_req, res) => {
    // Node has just made the connection idle (its own 'finish' handler runs first).
    res.once('finish', () => closing.has(server) && setImmediate(() => server.closeIdleConnections()));
  });
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  return server;
}

/**
 * Stops taking connections and resolves once every answer in progress is done. `close()` alone
 * drops only the connections idle at that moment: one busy then (a long poll, an event stream
 * being ended) would, once answered, sit idle until the keep-alive timeout (5 s), and the process
 * could not exit before. Here each is dropped as soon as its answer is done.
 */
export function closeServer(server: Server): Promise<void> {
  closing.add(server);
  return new Promise((resolve) => server.close(() => resolve()));
}
