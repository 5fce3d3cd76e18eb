import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface ReceivedDelivery {
  deliveryId: string;
  attempt: number;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Local clock (ms) when the request arrived. */
  receivedAt: number;
  /** Local clock (ms) when the answer was sent. */
  respondedAt?: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedDelivery[];
  /** Deliveries per delivery id (task id). */
  countById(): Map<string, number>;
  /** Decides the answer to each request (its body: `ok`, or `status <n>` for an error, unless given); 200 by default. */
  respondWith(
    answer: (delivery: ReceivedDelivery) => {
      status: number;
      headers?: Record<string, string>;
      delayMs?: number;
      body?: string;
    },
  ): void;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 that records every webhook Later delivers to it. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedDelivery[] = [];
  let answer: Parameters<WebhookReceiver['respondWith']>[0] = () => ({ status: 200 });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const delivery: ReceivedDelivery = {
        deliveryId: String(req.headers['later-delivery-id'] ?? ''),
        attempt: Number(req.headers['later-attempt'] ?? 0),
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
        receivedAt: Date.now(),
      };
      received.push(delivery);
      const { status, headers, delayMs, body } = answer(delivery);
      const send = () => {
        delivery.respondedAt = Date.now();
        res.writeHead(status, headers).end(body ?? (status >= 400 ? `status ${status}` : 'ok'));
      };
      if (delayMs) setTimeout(send, delayMs);
      else send();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    countById() {
      const counts = new Map<string, number>();
      for (const r of received) counts.set(r.deliveryId, (counts.get(r.deliveryId) ?? 0) + 1);
      return counts;
    },
    respondWith(next) {
      answer = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The p-th percentile (0..100) of `values`, nearest-rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
