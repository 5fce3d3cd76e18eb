import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelopeTo: string[];
  message: ParsedMail;
  receivedAt: number;
}

export interface TestSmtpServer {
  port: number;
  received: ReceivedMail[];
  /** Makes the server refuse recipients of `domain` with this SMTP reply code (e.g. 550, 451). */
  refuse(domain: string, code: number): void;
  close(): Promise<void>;
}

/** A real SMTP server on 127.0.0.1 (plain, no TLS) that keeps what it is sent. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const refusals = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const code = refusals.get(address.address.split('@').pop()!.toLowerCase());
      if (!code) return callback();
      callback(Object.assign(new Error(`refused by the test server (${code})`), { responseCode: code }));
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (message) => {
          received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), message, receivedAt: Date.now() });
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    received,
    refuse: (domain, code) => refusals.set(domain.toLowerCase(), code),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
