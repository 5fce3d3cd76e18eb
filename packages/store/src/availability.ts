/**
 * Whether an error means "Postgres cannot be reached right now", or did not answer in time (as
 * opposed to a bad query):
 * the caller should answer 503 and be retried, not 500.
 */
const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);
// SQLSTATE: 08 connection exception; 57014 cancelled (past statement_timeout); 57P01-57P03
// shutdown / cannot connect now; 53300 too many connections.
const unavailableStates = /^(08...|57014|57P0[123]|53300)$/;

export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: string }).code ?? '';
  if (networkCodes.has(code) || unavailableStates.test(code)) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout/.test(
    err.message,
  );
}
