import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EgressPolicy } from '@later/egress';
import { queuedTask } from '@later/queue/testing';
import { WebhookChannel } from '../src/channels/webhook.js';
import { outcomeOf } from './outcomeOf.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A server on 127.0.0.1 recording what it receives; `route` answers by path. */
async function startServer(route: (url: string) => { status: number; location?: string }) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const { status, location } = route(req.url!);
      res.writeHead(status, location ? { location } : {}).end(status >= 300 && status < 400 ? 'moved' : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    seen,
    base: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

describe('redirects of a webhook delivery', () => {
  let first: Awaited<ReturnType<typeof startServer>>;
  // Another port is another origin.
  let other: Awaited<ReturnType<typeof startServer>>;
  const channel = new WebhookChannel(new EgressPolicy(['127.0.0.1/32']), 3);
  const ctx = {
    taskId: '42',
    attempt: 1,
    signal: new AbortController().signal,
    signingSecrets: ['whsec_dGVzdC1zZWNyZXQ='],
  };
  const task = (path: string) =>
    queuedTask({
      webhook: {
        url: `${first.base}${path}`,
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-custom': 'yes', Authorization: 'Bearer user-token' },
        body: '{"a":1}',
      },
    });

  beforeAll(async () => {
    other = await startServer(() => ({ status: 200 }));
    first = await startServer((url) => {
      const moved = /^\/moved\/(\d+)$/.exec(url);
      if (moved) return { status: Number(moved[1]), location: '/landed' };
      if (url === '/away') return { status: 307, location: `${other.base}/landed` };
      if (url === '/nowhere') return { status: 307 };
      return { status: 200 };
    });
  });
  afterAll(async () => {
    await channel.close();
    await first?.close();
    await other?.close();
  });

  it.each([301, 302, 303])(
    'does not follow a %i (it would turn the PUT into a bodiless GET): a failed attempt naming the redirect',
    async (status) => {
      const before = first.seen.length;
      expect(outcomeOf(await channel.deliver(task(`/moved/${status}`), ctx))).toEqual({
        outcome: 'permanent',
        httpStatus: status,
        errorClass: 'http_3xx',
        error: `HTTP ${status} redirect to ${first.base}/landed, not followed: only 307 and 308 keep the method and body`,
        retryAfterMs: undefined,
      });
      expect(first.seen.slice(before).map((r) => r.url)).toEqual([`/moved/${status}`]);
    },
  );

  it.each([307, 308])(
    'follows a %i on the same origin with the method, body, headers and signature kept',
    async (status) => {
      const before = first.seen.length;
      expect(outcomeOf(await channel.deliver(task(`/moved/${status}`), ctx))).toEqual({
        outcome: 'success',
        httpStatus: 200,
      });
      const [asked, landed] = first.seen.slice(before);
      expect(landed).toMatchObject({ method: 'PUT', url: '/landed', body: '{"a":1}' });
      expect(landed!.headers).toMatchObject({
        'x-custom': 'yes',
        authorization: 'Bearer user-token',
        'webhook-id': '42',
      });
      expect(landed!.headers['webhook-signature']).toBe(asked!.headers['webhook-signature']);
    },
  );

  it('follows a 307 to another origin without the signature or the user\u2019s headers', async () => {
    expect(outcomeOf(await channel.deliver(task('/away'), ctx))).toEqual({ outcome: 'success', httpStatus: 200 });
    expect(first.seen.at(-1)!.headers).toMatchObject({ 'x-custom': 'yes', 'webhook-signature': expect.any(String) });
    const landed = other.seen.at(-1)!;
    expect(landed).toMatchObject({ method: 'PUT', url: '/landed', body: '{"a":1}' });
    expect(landed.headers['content-type']).toBe('application/json');
    for (const header of [
      'x-custom',
      'authorization',
      'webhook-signature',
      'later-signature',
      'webhook-timestamp',
      'later-timestamp',
    ]) {
      expect(landed.headers[header], header).toBeUndefined();
    }
  });

  it('fails a redirect without a Location, naming it', async () => {
    expect(await channel.deliver(task('/nowhere'), ctx)).toMatchObject({
      outcome: 'permanent',
      httpStatus: 307,
      errorClass: 'http_3xx',
      error: 'HTTP 307 redirect without a Location',
    });
  });
});
