import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { idHeader } from '@later/webhook-verify';

export interface ArrivalReceiver {
  /** `http://127.0.0.1:<port>`; any path is accepted. */
  url: string;
  close(): Promise<void>;
}

/**
 * A local HTTP receiver for the webhook path that does as little as it can per request, since it
 * shares the machine's cores with what is measured: it reads each request's delivery id header,
 * calls `onArrival` with it, skips the body unparsed and answers 200 with no body, keeping the
 * connection alive for the sender's next delivery.
 */
export async function startArrivalReceiver(onArrival: (deliveryId: string) => void): Promise<ArrivalReceiver> {
  const server = createServer((req, res) => {
    onArrival(String(req.headers[idHeader]));
    req.resume();
    req.on('end', () => res.end());
  });
  // Longer than the sender's own idle timeout (4 s), so the sender, not the receiver, closes.
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
