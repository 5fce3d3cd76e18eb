import { getEventListeners } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueuedTask } from '@later/queue';
import { EgressPolicy } from '@later/egress';
import { classifyStatus, parseRetryAfter } from '../src/channels/httpAnswer.js';
import { storableText } from '../src/channels/storableText.js';
import { WebhookChannel } from '../src/channels/webhook.js';
import { outcomeOf } from './outcomeOf.js';

describe('webhook outcome rules', () => {
  it('2xx is success; 408, 429 and 5xx retryable; other 4xx and 3xx permanent', () => {
    expect([200, 201, 204, 299].map(classifyStatus)).toEqual(['success', 'success', 'success', 'success']);
    expect([408, 429, 500, 502, 503, 504].map(classifyStatus).every((o) => o === 'retryable')).toBe(true);
    expect([301, 302, 400, 401, 403, 404, 410, 422].map(classifyStatus).every((o) => o === 'permanent')).toBe(true);
  });

  it('makes a receiver\u2019s text storable: NUL and unpaired surrogates become U+FFFD, the rest stays', () => {
    expect(storableText('HTTP 404: a\u0000b \ud800 c\udfff 😀 é')).toBe('HTTP 404: a\ufffdb \ufffd c\ufffd 😀 é');
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 00:00:30 GMT', Date.parse('2026-11-25T00:00:00Z'))).toBe(30_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});

describe('WebhookChannel against a real HTTP server', () => {
  let server: Server;
  let base: string;
  const channel = new WebhookChannel(new EgressPolicy(['127.0.0.1/32']), 3);
  const seen: { headers: Record<string, unknown>; body: string; method: string; url: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ headers: req.headers, body, method: req.method!, url: req.url! });
        const redirect = /^\/redirect\/(\d+)$/.exec(req.url!);
        if (redirect) {
          const left = Number(redirect[1]);
          if (left === 0) res.end('arrived');
          else res.writeHead(307, { location: `/redirect/${left - 1}` }).end('moved');
        } else if (req.url === '/huge') sendHugeAnswer(res);
        else if (req.url === '/busy') res.writeHead(503, { 'retry-after': '7' }).end('try later');
        else if (req.url === '/slow') setTimeout(() => res.end('late'), 500);
        else if (req.url!.startsWith('/missing')) res.writeHead(404).end('x'.repeat(10_000));
        else res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await channel.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /**
   * A 10 MiB answer whose first 128 KiB go at once; the rest only if the client is still there
   * half a second later. A client that reads it all waits and gets it all; one that stops at its
   * cap hangs up first, which the server sees as a close before the end.
   */
  const huge = { size: 10 * 1024 * 1024, head: 128 * 1024, written: 0, finished: false, closed: Promise.resolve() };
  function sendHugeAnswer(res: ServerResponse) {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    huge.written = 0;
    huge.finished = false;
    huge.closed = new Promise((resolve) => res.once('close', resolve));
    res.once('finish', () => (huge.finished = true));
    res.writeHead(200, { 'content-type': 'text/plain' });
    const writeUpTo = (limit: number, then: () => void) => {
      while (huge.written < limit && !res.destroyed) {
        huge.written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', () => writeUpTo(limit, then));
      }
      then();
    };
    writeUpTo(huge.head, () => {
      setTimeout(() => writeUpTo(huge.size, () => res.destroyed || res.end()), 500);
    });
  }

  const task = (url: string, timeoutMs = 2000): QueuedTask => ({
    ownerId: 'o',
    channel: 'webhook',
    webhook: {
      url,
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-custom': 'yes' },
      body: '{"a":1}',
    },
    maxAttempts: 3,
    timeoutMs,
    priority: 1,
    backoff: { kind: 'exponential', baseMs: 1000, maxMs: 10_000, jitter: 0.5 },
  });
  const ctx = {
    taskId: '42',
    attempt: 3,
    signal: new AbortController().signal,
    signingSecrets: ['whsec_dGVzdC1zZWNyZXQ'],
  };

  it('sends the method, headers, body and the delivery id and attempt', async () => {
    expect(outcomeOf(await channel.deliver(task(`${base}/ok`), ctx))).toEqual({ outcome: 'success', httpStatus: 200 });
    const request = seen.at(-1)!;
    expect(request.method).toBe('PUT');
    expect(request.body).toBe('{"a":1}');
    expect(request.headers).toMatchObject({
      'x-custom': 'yes',
      'webhook-id': '42',
      'later-delivery-id': '42',
      'later-attempt': '3',
    });
  });

  it('keeps an excerpt of what it sent and got back: headers redacted, bodies with their size', async () => {
    const { excerpt } = await channel.deliver(task(`${base}/missing?token=abc`), ctx);
    expect(excerpt!.request).toMatchObject({
      method: 'PUT',
      url: `${base}/missing?token=[redacted]`,
      headers: {
        'x-custom': 'yes',
        'webhook-signature': '[redacted]',
        'later-signature': '[redacted]',
        'webhook-id': '42',
      },
      body: { text: '{"a":1}', bytes: 7, truncated: false },
    });
    expect(excerpt!.response).toMatchObject({
      status: 404,
      body: { text: 'x'.repeat(4096), bytes: 10_000, truncated: true },
    });
  });

  it('keeps the request alone when nothing answered', async () => {
    const { excerpt } = await channel.deliver(task(`${base}/slow`, 100), ctx);
    expect(excerpt!.request.url).toBe(`${base}/slow`);
    expect(excerpt!.response).toBeUndefined();
  });

  it('gives a replayed run a delivery id of its own, the same on each of its attempts', async () => {
    const replayed = { ...task(`${base}/ok`), replay: 2 };
    await channel.deliver(replayed, { ...ctx, attempt: 6 });
    await channel.deliver(replayed, { ...ctx, attempt: 7 });
    expect(
      seen.slice(-2).map((r) => [r.headers['webhook-id'], r.headers['later-delivery-id'], r.headers['later-attempt']]),
    ).toEqual([
      ['42.r2', '42.r2', '6'],
      ['42.r2', '42.r2', '7'],
    ]);
  });

  it('reports a 503 as retryable with its Retry-After and a short error', async () => {
    expect(outcomeOf(await channel.deliver(task(`${base}/busy`), ctx))).toEqual({
      outcome: 'retryable',
      httpStatus: 503,
      error: 'HTTP 503: try later',
      errorClass: 'http_5xx',
      retryAfterMs: 7000,
    });
  });

  it('reports a 404 as permanent and reads at most a snippet of a large body', async () => {
    const result = await channel.deliver(task(`${base}/missing`), ctx);
    expect(result.outcome).toBe('permanent');
    expect(result.errorClass).toBe('http_4xx');
    expect(result.error!.length).toBeLessThan(600);
  });

  it('refuses, for good, a target the egress policy does not allow', async () => {
    const strict = new WebhookChannel(new EgressPolicy(), 3);
    const refused = await strict.deliver(task(`${base}/ok`), ctx);
    expect(refused.outcome).toBe('permanent');
    expect(refused.error).toMatch(/ETARGETBLOCKED/);
    expect(refused.errorClass).toBe('egress_refused');
    await strict.close();
  });

  it('gives up at the task timeout, and on a refused connection, as retryable', async () => {
    expect(outcomeOf(await channel.deliver(task(`${base}/slow`, 100), ctx))).toEqual({
      outcome: 'retryable',
      error: 'timed out after 100 ms',
      errorClass: 'timeout',
    });
    const refused = await channel.deliver(task('http://127.0.0.1:1/nobody'), ctx);
    expect(refused.outcome).toBe('retryable');
    expect(refused.error).toMatch(/ECONNREFUSED/);
    expect(refused.errorClass).toBe('connection_refused');
  });

  it('reads at most 64 KiB of a successful answer: a 10 MiB one is cut off and still a success', async () => {
    const started = Date.now();
    const result = await channel.deliver(task(`${base}/huge`), ctx);
    expect(outcomeOf(result)).toEqual({ outcome: 'success', httpStatus: 200 });
    expect(Date.now() - started).toBeLessThan(500);
    // Its size is not known (no Content-Length, not read to the end): its excerpt says it was cut.
    expect(result.excerpt!.response!.body).toEqual({ text: 'x'.repeat(4096), truncated: true });
    await huge.closed;
    expect(huge).toMatchObject({ written: huge.head, finished: false });
  });

  it('follows REDIRECT_LIMIT redirects, and ends at the next one as a permanent http_3xx failure', async () => {
    const before = seen.length;
    expect(outcomeOf(await channel.deliver(task(`${base}/redirect/3`), ctx))).toEqual({
      outcome: 'success',
      httpStatus: 200,
    });
    expect(seen.slice(before).map((r) => r.url)).toEqual(['/redirect/3', '/redirect/2', '/redirect/1', '/redirect/0']);
    const tooMany = await channel.deliver(task(`${base}/redirect/4`), ctx);
    expect(outcomeOf(tooMany)).toEqual({
      outcome: 'permanent',
      httpStatus: 307,
      errorClass: 'http_3xx',
      error: 'HTTP 307: redirects are followed 3 times at most',
      retryAfterMs: undefined,
    });
    // The first request and three redirects; the fourth redirect is not followed.
    expect(seen.slice(before + 4).map((r) => r.url)).toEqual([
      '/redirect/4',
      '/redirect/3',
      '/redirect/2',
      '/redirect/1',
    ]);
  });

  it('stops a delivery in flight when the sender stops, as interrupted', async () => {
    const stop = new AbortController();
    const pending = channel.deliver(task(`${base}/slow`), { ...ctx, signal: stop.signal });
    setTimeout(() => stop.abort(), 50);
    expect(outcomeOf(await pending)).toEqual({
      outcome: 'retryable',
      error: 'sender stopped before the receiver answered',
      errorClass: 'interrupted',
    });
  });

  it('leaves nothing on the sender\u2019s long-lived stop signal, delivery after delivery', async () => {
    const stop = new AbortController();
    for (let i = 0; i < 200; i++) await channel.deliver(task(`${base}/ok`), { ...ctx, signal: stop.signal });
    await channel.deliver(task(`${base}/slow`, 100), { ...ctx, signal: stop.signal });
    expect(getEventListeners(stop.signal, 'abort')).toEqual([]);
    // Where AbortSignal.any registers the signals it makes, for good on Node 20 (nodejs/node#55351).
    const dependants = Object.getOwnPropertySymbols(stop.signal).find(
      (symbol) => symbol.description === 'kDependantSignals',
    );
    expect(
      dependants === undefined ? 0 : (stop.signal as unknown as Record<symbol, Set<unknown>>)[dependants]!.size,
    ).toBe(0);
  });

  it('with REDIRECT_LIMIT 0, follows none', async () => {
    const strict = new WebhookChannel(new EgressPolicy(['127.0.0.1/32']), 0);
    expect(await strict.deliver(task(`${base}/redirect/1`), ctx)).toMatchObject({
      outcome: 'permanent',
      httpStatus: 307,
      errorClass: 'http_3xx',
    });
    await strict.close();
  });
});
