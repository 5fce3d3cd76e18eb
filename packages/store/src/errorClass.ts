/**
 * The kind of a failed attempt, for grouping failures (the dashboard's "failures by error
 * class"): derived from what the sender reported, its HTTP (or SMTP) status and error text, so
 * every channel and every old attempt is classified by one rule. Null for a success.
 */
export function errorClassOf(attempt: { outcome: string; httpStatus: number | null; error: string | null }): string | null {
  const { outcome, httpStatus, error } = attempt;
  if (outcome === 'success' || outcome === 'running') return null;
  if (outcome === 'lost') return 'lost';
  if (outcome === 'skipped') return 'skipped';
  const text = error ?? '';
  if (httpStatus === 429) return 'http_429';
  if (httpStatus !== null && httpStatus >= 300 && httpStatus < 600) return `http_${Math.floor(httpStatus / 100)}xx`;
  const smtp = /^SMTP ([245])\d\d/.exec(text);
  if (smtp) return `smtp_${smtp[1]}xx`;
  if (/timed out|ETIMEDOUT|ESOCKETTIMEDOUT/i.test(text)) return 'timeout';
  if (/ECONNREFUSED/.test(text)) return 'connection_refused';
  if (/ECONNRESET|EPIPE|socket hang up|other side closed/i.test(text)) return 'connection_reset';
  if (/ENOTFOUND|EAI_AGAIN/.test(text)) return 'dns';
  if (/ETARGETBLOCKED|refused to connect/.test(text)) return 'egress_refused';
  if (/CERT|certificate|SSL|TLS/i.test(text)) return 'tls';
  if (/sender stopped/.test(text)) return 'sender_stopped';
  if (/cannot send it/.test(text)) return 'channel_unconfigured';
  return 'other';
}
