import { createServer, type Server } from 'node:http';
import { HttpError } from '@later/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SchedulerClient } from '../src/schedulerClient.js';

/** A stand-in scheduler on a real port that answers every request with the status its path names. */
describe('SchedulerClient relaying the scheduler\u2019s answers', () => {
  let server: Server;
  let client: SchedulerClient;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const status = Number(/\/owners\/[^/]+\/tasks\/(\d+)$/.exec(req.url ?? '')?.[1] ?? 404);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (status === 503) headers['retry-after'] = '5';
      const body = status < 300 ? { id: '1' } : { error: `said ${status}`, issues: status === 400 ? [{ path: 'key', message: 'is bad' }] : [] };
      res.writeHead(status, headers).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new SchedulerClient([`http://127.0.0.1:${(server.address() as { port: number }).port}`], 'token');
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const answerTo = (status: number) =>
    client
      .request((api) => api.GET('/internal/v1/owners/{ownerId}/tasks/{id}', { params: { path: { ownerId: 'o', id: String(status) } } }))
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
});
