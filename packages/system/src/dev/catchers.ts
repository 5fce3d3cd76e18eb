import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { startSmsProvider, type TestSmsProvider } from '../testing/smsProvider.js';
import { startSmtpServer, type TestSmtpServer } from '../testing/smtpServer.js';

/** One email or SMS the local catchers took, as the dev outbox lists it. */
export interface CaughtMessage {
  channel: 'email' | 'sms';
  to: string;
  subject?: string;
  text: string;
  /** The `Later-Delivery-Id` the sender put on it: the task id, or `<task id>.r<n>` for a replay. */
  deliveryId: string | null;
  receivedAt: string;
}

/** One request to the webhook inbox, kept whole so its signature can be checked against the owner's keys. */
export interface InboxDelivery {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  receivedAt: string;
}

export interface DevCatchers {
  /** Where the sender sends email (plain SMTP on 127.0.0.1). */
  smtpPort: number;
  sms: Pick<TestSmsProvider, 'baseUrl' | 'accountSid' | 'authToken'>;
  /** The webhook inbox: tasks may point at any path under it. */
  inboxUrl: string;
  /** GET `/outbox` and `/inbox` here list what was caught, newest first (DEV_OUTBOX_URL for the frontend). */
  listingUrl: string;
  close(): Promise<void>;
}

/** The inbox keeps this many deliveries, and this much of each body; a dev stack is not a store. */
const keepDeliveries = 500;
const keepBodyBytes = 64 * 1024;

/**
 * What `npm run dev` runs when no SMTP or SMS provider is configured: a real SMTP server, a
 * Twilio-shaped SMS endpoint and a webhook inbox, all on loopback, and one HTTP listing of what
 * they caught for the frontend's dev routes. `inboxPort` fixed keeps the inbox URL the same from
 * one run to the next (the README's "Try it" names it); 0 picks a free one.
 */
export async function startDevCatchers(inboxPort: number): Promise<DevCatchers> {
  const smtp: TestSmtpServer = await startSmtpServer();
  const sms: TestSmsProvider = await startSmsProvider();
  const inbox: InboxDelivery[] = [];

  const outbox = (): CaughtMessage[] => {
    const mails = smtp.received.map((mail): CaughtMessage => {
      const id = mail.message.headers.get('later-delivery-id');
      return {
        channel: 'email',
        to: mail.envelopeTo.join(', '),
        subject: mail.message.subject ?? '',
        text: mail.message.text ?? '',
        deliveryId: typeof id === 'string' ? id : null,
        receivedAt: new Date(mail.receivedAt).toISOString(),
      };
    });
    const texts = sms.received.map((message): CaughtMessage => ({
      channel: 'sms',
      to: message.to,
      text: message.body,
      deliveryId: message.deliveryId ?? null,
      receivedAt: new Date(message.receivedAt).toISOString(),
    }));
    return [...mails, ...texts].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  };

  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (path === '/inbox' || path.startsWith('/inbox/') || path.startsWith('/inbox?')) {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        if (body.length < keepBodyBytes) body += chunk;
      });
      req.on('end', () => {
        inbox.unshift({
          method: req.method ?? 'POST',
          path,
          headers: flatHeaders(req.headers),
          body: body.slice(0, keepBodyBytes),
          receivedAt: new Date().toISOString(),
        });
        inbox.length = Math.min(inbox.length, keepDeliveries);
        json(200, { received: true });
      });
      return;
    }
    // The listings answer GET only: a webhook task pointed here (POST) reads nothing back.
    if (req.method === 'GET' && path === '/_dev/outbox') return json(200, { messages: outbox() });
    if (req.method === 'GET' && path === '/_dev/inbox') return json(200, { deliveries: inbox });
    json(404, { error: 'not found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(inboxPort, '127.0.0.1', resolve);
  });
  const port = (server.address() as { port: number }).port;
  return {
    smtpPort: smtp.port,
    sms,
    inboxUrl: `http://127.0.0.1:${port}/inbox`,
    listingUrl: `http://127.0.0.1:${port}/_dev`,
    async close() {
      server.closeAllConnections();
      await Promise.all([new Promise<void>((resolve) => server.close(() => resolve())), smtp.close(), sms.close()]);
    },
  };
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).flatMap(([name, value]) =>
      value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]],
    ),
  );
}
