import { writeSync } from 'node:fs';
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { redactSecrets, redactText } from './secretRedaction.js';

export type { Logger } from 'pino';

/**
 * stdout, written synchronously. A line that a vanished reader cannot take (EPIPE: the parent that
 * read our output was killed) is dropped: pino's own destination retries it every 100 ms forever,
 * at exit too, which blocked the event loop, and with it every signal handler and the shutdown's
 * deadline timer (a sender orphaned by `npm run dev` ignored SIGTERM that way).
 */
const stdoutLines: DestinationStream = {
  write(line: string) {
    let rest = Buffer.from(line);
    while (rest.length > 0) {
      try {
        rest = rest.subarray(writeSync(1, rest));
      } catch {
        return; // EPIPE, or EAGAIN on a non-blocking stdout: the line is lost, the process goes on
      }
    }
  },
};

/**
 * A service's logger. Every logged object and every message passes through `redactSecrets`, so a
 * careless `log.info({ config })`, `log.error({ err })` with a client's request config in it, or
 * a message quoting a connection URL cannot write a key, password, token or secret. Lines go to
 * stdout unless a `destination` is given (tests read them).
 */
export function createLogger(service: string, options: LoggerOptions = {}, destination?: DestinationStream): Logger {
  const settings: LoggerOptions = {
    name: service,
    level: process.env.LOG_LEVEL ?? 'info',
    formatters: {
      log: (object) => redactSecrets(object) as Record<string, unknown>,
      bindings: (bindings) => redactSecrets(bindings) as Record<string, unknown>,
    },
    // Errors are serialised (and redacted) by the log formatter already; pino would otherwise
    // serialise that plain copy a second time and lose its type.
    serializers: { err: (err: unknown) => err },
    hooks: {
      logMethod(args, method) {
        const [first, ...rest] = args.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg));
        // Without a message pino takes the error's own, unredacted: give it the redacted one.
        const err = first instanceof Error ? first : (first as { err?: unknown } | null)?.err;
        if (err instanceof Error && typeof rest[0] !== 'string') rest.unshift(redactText(err.message));
        method.apply(this, [first, ...rest] as Parameters<typeof method>);
      },
    },
    ...options,
  };
  const logger = pino(settings, destination ?? stdoutLines);
  // pino resets the bindings formatter for children: redact a child's bindings on the way in.
  // Children inherit this method from their parent, so grandchildren are covered too.
  const child = logger.child;
  logger.child = function (this: Logger, bindings, childOptions) {
    return child.call(this, redactSecrets(bindings) as typeof bindings, childOptions);
  } as typeof child;
  return logger;
}
