import { createServer, request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

export interface ProxiedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

export interface FaultyProxy {
  /** Where clients connect instead of the target. */
  url: string;
  /** Every request that reached the proxy, in order. */
  requests: ProxiedRequest[];
  /**
   * The next request `matching` goes through to the target, but its answer is lost on the way
   * back: the client gets a 503 (Retry-After: 0) instead, as from a balancer whose upstream
   * died after doing the work.
   */
  loseNextAnswer(matching: (request: ProxiedRequest) => boolean): void;
  /** Cuts every open connection, as a network failure or a restarting balancer would. */
  dropConnections(): void;
  /** While on, new connections are cut as soon as they open. */
  refuseConnections(on: boolean): void;
  close(): Promise<void>;
}

/**
 * An HTTP proxy in front of a real server, for the faults a client must survive: answers lost
 * after the work was done, and connections (event streams included) cut in the middle.
 */
export async function startFaultyProxy(target: string): Promise<FaultyProxy> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  const requests: ProxiedRequest[] = [];
  let loseAnswerOf: ((request: ProxiedRequest) => boolean) | undefined;
  let refusing = false;

  const server = createServer((req, res) => {
    const seen: ProxiedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers };
    requests.push(seen);
    const lose = loseAnswerOf?.(seen) ?? false;
    if (lose) loseAnswerOf = undefined;
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer: IncomingMessage) => {
        if (lose) {
          answer.resume();
          answer.on('end', () =>
            res
              .writeHead(503, { 'content-type': 'application/json', 'retry-after': '0' })
              .end('{"error":"upstream lost","issues":[]}'),
          );
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    res.on('close', () => forward.destroy());
    req.pipe(forward);
  });
  server.on('connection', (socket: Socket) => {
    if (refusing) return socket.destroy();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    loseNextAnswer: (matching) => (loseAnswerOf = matching),
    dropConnections: () => {
      for (const socket of sockets) socket.destroy();
    },
    refuseConnections: (on) => (refusing = on),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
