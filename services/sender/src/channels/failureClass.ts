/**
 * What kind of failure an attempt was, for the error report (`GET /v1/reports/errors` groups by
 * it): a small, stable vocabulary, decided here where the failure is best known, never parsed
 * back out of error text.
 */
export type FailureClass =
  | 'http_3xx'
  | 'http_4xx'
  | 'http_5xx'
  | 'smtp_4xx'
  | 'smtp_5xx'
  | 'timeout'
  | 'connection_refused'
  | 'connection_reset'
  | 'dns'
  | 'unreachable'
  | 'tls'
  | 'egress_refused'
  | 'invalid_request'
  | 'not_configured'
  | 'interrupted'
  | 'internal'
  | 'network';

/** A receiver's (or provider's) HTTP answer that is not a success. */
export const httpFailureClass = (status: number): FailureClass =>
  status >= 500 ? 'http_5xx' : status >= 400 ? 'http_4xx' : 'http_3xx';

/** An SMTP reply code: 5xx will not change, 4xx may. */
export const smtpFailureClass = (code: number): FailureClass => (code >= 500 ? 'smtp_5xx' : 'smtp_4xx');

const byCode: Record<string, FailureClass> = {
  ECONNREFUSED: 'connection_refused',
  ECONNRESET: 'connection_reset',
  EPIPE: 'connection_reset',
  UND_ERR_SOCKET: 'connection_reset',
  UND_ERR_CLOSED: 'connection_reset',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_NONAME: 'dns',
  ETIMEDOUT: 'timeout',
  ESOCKET_TIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  ETARGETBLOCKED: 'egress_refused',
  UND_ERR_INVALID_ARG: 'invalid_request',
  ERR_INVALID_URL: 'invalid_request',
};

/** A failure below HTTP or SMTP, by its error code (Node's, undici's, or our egress guard's). */
export function networkFailureClass(code: string | undefined): FailureClass {
  if (code === undefined) return 'network';
  if (byCode[code]) return byCode[code];
  if (/CERT|TLS|SSL/.test(code)) return 'tls';
  return 'network';
}
