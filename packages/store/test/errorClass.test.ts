import { describe, expect, it } from 'vitest';
import { errorClassOf } from '../src/errorClass.js';

describe('errorClassOf', () => {
  const failed = (httpStatus: number | null, error: string | null, outcome = 'retryable') => errorClassOf({ outcome, httpStatus, error });

  it('names the kind of every failure the senders report', () => {
    expect(failed(503, 'HTTP 503: busy')).toBe('http_5xx');
    expect(failed(404, 'HTTP 404', 'permanent')).toBe('http_4xx');
    expect(failed(429, 'HTTP 429')).toBe('http_429');
    expect(failed(302, 'HTTP 302: redirects are followed 3 times at most', 'permanent')).toBe('http_3xx');
    expect(failed(null, 'SMTP 550: mailbox unavailable', 'permanent')).toBe('smtp_5xx');
    expect(failed(null, 'SMTP 451: try later')).toBe('smtp_4xx');
    expect(failed(null, 'timed out after 30000 ms')).toBe('timeout');
    expect(failed(null, 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9')).toBe('connection_refused');
    expect(failed(null, 'UND_ERR_SOCKET: other side closed')).toBe('connection_reset');
    expect(failed(null, 'ENOTFOUND: getaddrinfo ENOTFOUND nowhere.invalid')).toBe('dns');
    expect(failed(null, 'ETARGETBLOCKED: refused to connect to x (10.0.0.1): a private, loopback or reserved address', 'permanent')).toBe('egress_refused');
    expect(failed(null, 'this deployment cannot send it: SMTP_HOST not set', 'permanent')).toBe('channel_unconfigured');
    expect(failed(null, 'sender stopped before the receiver answered')).toBe('sender_stopped');
    expect(failed(null, 'something new')).toBe('other');
    expect(failed(null, null, 'lost')).toBe('lost');
  });

  it('gives successes and running attempts no class', () => {
    expect(errorClassOf({ outcome: 'success', httpStatus: 200, error: null })).toBeNull();
    expect(errorClassOf({ outcome: 'running', httpStatus: null, error: null })).toBeNull();
  });
});
