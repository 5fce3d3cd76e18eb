/**
 * Whether an error means "Redis cannot be reached or cannot serve right now" (down, restarting,
 * loading its AOF, paused by a long script, a cluster re-electing, not answering within
 * REDIS_COMMAND_TIMEOUT_MS), as opposed to a bad command:
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
// Replies Redis gives while it cannot serve: still loading, busy with a script, a cluster without
// a master for the slot or mid-failover, a replica or master refusing writes for now.
const unavailableReplies = /^(LOADING|BUSY|CLUSTERDOWN|TRYAGAIN|MASTERDOWN|READONLY|NOREPLICAS) /;
const unavailableNames = new Set(['MaxRetriesPerRequestError', 'ClusterAllFailedError']);

export function isRedisUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: string }).code ?? '';
  if (networkCodes.has(code) || unavailableNames.has(err.name) || unavailableReplies.test(err.message)) return true;
  return /^(Connection is closed|Stream isn't writeable|Command timed out)/.test(err.message);
}
