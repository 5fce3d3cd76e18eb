import { createServer } from 'node:http';

export interface ReceivedSms {
  accountSid: string;
  /** Whether HTTP Basic auth carried the expected account SID and token. */
  authorised: boolean;
  to: string;
  from: string;
  body: string;
  /** The `Later-Delivery-Id` header the sender adds (Twilio ignores it): which task a message belongs to. */
  deliveryId?: string;
  receivedAt: number;
}

export interface TestSmsProvider {
  baseUrl: string;
  accountSid: string;
  authToken: string;
  received: ReceivedSms[];
  close(): Promise<void>;
}

/**
 * A real HTTP server implementing the one endpoint of Twilio's Messages API that Later uses:
 * POST /2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded To, From and Body, HTTP Basic
 * auth. Answers 201 with a message resource, 401 on bad auth, and 400 (code 21211) for an
 * invalid number, as the provider does.
 */
export async function startSmsProvider(
  accountSid = 'AC00000000000000000000000000000001',
  authToken = 'sms-test-token',
): Promise<TestSmsProvider> {
  const received: ReceivedSms[] = [];
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  const server = createServer((req, res) => {
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.url ?? '');
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const json = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.method !== 'POST' || !match) return json(404, { code: 20404, message: 'not found' });
      const form = new URLSearchParams(raw);
      const sms: ReceivedSms = {
        accountSid: decodeURIComponent(match[1]!),
        authorised: req.headers.authorization === expectedAuth,
        to: form.get('To') ?? '',
        from: form.get('From') ?? '',
        body: form.get('Body') ?? '',
        ...(typeof req.headers['later-delivery-id'] === 'string'
          ? { deliveryId: req.headers['later-delivery-id'] }
          : {}),
        receivedAt: Date.now(),
      };
      received.push(sms);
      if (!sms.authorised) return json(401, { code: 20003, message: 'Authenticate' });
      if (!/^\+[1-9]\d{6,14}$/.test(sms.to) || sms.to.startsWith('+1555000')) {
        return json(400, { code: 21211, message: `The 'To' number ${sms.to} is not a valid phone number.` });
      }
      json(201, { sid: `SM${received.length}`, status: 'queued', to: sms.to, from: sms.from, body: sms.body });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
