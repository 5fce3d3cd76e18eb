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
  /** Stalls: every message from now on waits, its DATA unanswered, until the returned function is called. */
  hold(): () => void;
  /** Messages waiting for an answer now (see `hold`). */
  held(): number;
  close(): Promise<void>;
}

/** A real SMTP server on 127.0.0.1 (plain, no TLS) that keeps what it is sent. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const refusals = new Map<string, number>();
  let stall: Promise<void> = Promise.resolve();
  let held = 0;
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
      const waitFor = stall;
      simpleParser(stream).then(
        async (message) => {
          held += 1;
          await waitFor;
          held -= 1;
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
    hold() {
      let release!: () => void;
      stall = new Promise<void>((resolve) => (release = resolve));
      return () => {
        stall = Promise.resolve();
        release();
      };
    },
    held: () => held,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
