import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpError } from '@later/runtime';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SchedulerClient } from '../src/schedulerClient.js';

/** A stand-in scheduler on a real port that answers every request with the status its path names. */
describe('SchedulerClient relaying the scheduler\u2019s answers', () => {
  let server: Server;
  let client: SchedulerClient;
  let connections = 0;
  /** Requests to the owner `hang` are never answered: resolved with each such request's close. */
  const hung: Promise<void>[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url?.includes('/owners/hang/')) {
        hung.push(new Promise((resolve) => res.on('close', resolve)));
        return;
      }
      if (req.url?.includes('/owners/echo/')) {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk));
        req.on('end', () =>
          res
            .writeHead(201, { 'content-type': 'application/json' })
            .end(JSON.stringify({ headers: req.headers, body: JSON.parse(body) })),
        );
        return;
      }
      const status = Number(/\/owners\/[^/]+\/tasks\/(\d+)$/.exec(req.url ?? '')?.[1] ?? 404);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (status === 503) headers['retry-after'] = '5';
      const body =
        status < 300
          ? { id: '1' }
          : { error: `said ${status}`, issues: status === 400 ? [{ path: 'key', message: 'is bad' }] : [] };
      res.writeHead(status, headers).end(JSON.stringify(body));
    });
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new SchedulerClient([`http://127.0.0.1:${(server.address() as { port: number }).port}`], 'token');
  });
  afterAll(async () => {
    await client.close();
    await new Promise((resolve) => server.close(resolve));
  });

  const create = (ownerId: string, signal?: AbortSignal) =>
    client.request((api) =>
      api.POST('/internal/v1/owners/{ownerId}/tasks', {
        params: { path: { ownerId }, header: { 'Idempotency-Key': 'k-1' } },
        body: { channel: 'webhook', webhook: { url: 'https://example.com/hook' } },
        signal,
      }),
    );

  const answerTo = (status: number) =>
    client
      .request((api) =>
        api.GET('/internal/v1/owners/{ownerId}/tasks/{id}', { params: { path: { ownerId: 'o', id: String(status) } } }),
      )
      .then(
        () => ({ status: 200, headers: {} as Record<string, string>, issues: [] as unknown[] }),
        (err: HttpError) => ({ status: err.status, headers: err.headers, issues: err.issues }),
      );

  it('passes a refusal (4xx) through with its issues: the same request would be refused again', async () => {
    expect(await answerTo(400)).toEqual({ status: 400, headers: {}, issues: [{ path: 'key', message: 'is bad' }] });
    expect((await answerTo(409)).status).toBe(409);
    expect((await answerTo(422)).status).toBe(422);
  });

  it('keeps a 503 a 503 with the scheduler\u2019s Retry-After', async () => {
    expect(await answerTo(503)).toMatchObject({ status: 503, headers: { 'retry-after': '5' } });
  });

  it('answers the scheduler failing (500, or 401 for a wrong token) with 502 and no Retry-After', async () => {
    for (const status of [500, 401]) expect(await answerTo(status)).toEqual({ status: 502, headers: {}, issues: [] });
  });

  it('sends the service token, the Idempotency-Key and the JSON body, and returns the parsed answer', async () => {
    const answer = (await create('echo')) as unknown as { headers: Record<string, string>; body: unknown };
    expect(answer.headers).toMatchObject({
      authorization: 'Bearer token',
      'idempotency-key': 'k-1',
      'content-type': 'application/json',
    });
    expect(answer.body).toEqual({ channel: 'webhook', webhook: { url: 'https://example.com/hook' } });
  });

  it('keeps its connection alive: calls one after another share one', async () => {
    await create('echo');
    const before = connections;
    for (let i = 0; i < 5; i++) await create('echo');
    expect(connections).toBe(before);
  });

  it('ends the request when the caller aborts (an event stream whose client left)', async () => {
    const aborted = new AbortController();
    const call = create('hang', aborted.signal);
    await vi.waitFor(() => expect(hung.length).toBe(1));
    aborted.abort();
    await expect(call).rejects.toBeInstanceOf(HttpError);
    await hung[0];
  });

  it('answers 503 with Retry-After, naming the cause, when no replica answers', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = new SchedulerClient([`http://127.0.0.1:${port}`], 'token');
    try {
      const err = (await unreachable
        .request((api) => api.GET('/internal/v1/owners/{ownerId}/stats', { params: { path: { ownerId: 'o' } } }))
        .catch((e: unknown) => e)) as HttpError;
      expect(err).toMatchObject({ status: 503, headers: { 'retry-after': '1' } });
      expect(err.message).toContain('ECONNREFUSED');
    } finally {
      await unreachable.close();
    }
  });
});

/** Stand-in schedulers that take every request and never answer it, counting them. */
describe('SchedulerClient and a scheduler that does not answer', () => {
  const servers: Server[] = [];
  let requests = 0;
  let client: SchedulerClient;

  beforeAll(async () => {
    const urls: string[] = [];
    for (let i = 0; i < 2; i++) {
      const server = createServer(() => {
        requests++;
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push(server);
      urls.push(`http://127.0.0.1:${(server.address() as { port: number }).port}`);
    }
    client = new SchedulerClient(urls, 'token', 1000);
  });
  afterAll(() =>
    Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve).closeAllConnections()))),
  );

  it('answers 503 with Retry-After at its deadline, and does not ask another replica to do the same again', async () => {
    const started = Date.now();
    const failure = await client
      .request((api) =>
        api.POST('/internal/v1/owners/{ownerId}/tasks', {
          params: { path: { ownerId: 'o' } },
          body: { channel: 'webhook', webhook: { url: 'http://127.0.0.1/x' } },
        }),
      )
      .catch((err: HttpError) => err);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(failure).toMatchObject({ status: 503, headers: { 'retry-after': '1' } });
    expect(requests).toBe(1);
  });

  it('gives a long poll its wait on top of the deadline', async () => {
    const started = Date.now();
    const failure = await client
      .request((api) =>
        api.GET('/internal/v1/owners/{ownerId}/events', { params: { path: { ownerId: 'o' }, query: { waitMs: 500 } } }),
      )
      .catch((err: HttpError) => err);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1450);
    expect(failure).toMatchObject({ status: 503 });
  });
});
