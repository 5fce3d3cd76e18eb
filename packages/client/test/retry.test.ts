import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLaterClient, LaterError } from '../src/index.js';
import { retryAfterMs } from '../src/retry.js';

/** A real HTTP server answering from a script of statuses, recording each request. */
function scriptedServer(answers: { status: number; retryAfter?: string }[]) {
  const seen: { method: string; path: string; idempotencyKey: string | undefined }[] = [];
  const server = createServer((req, res) => {
    seen.push({
      method: req.method!,
      path: req.url!,
      idempotencyKey: req.headers['idempotency-key'] as string | undefined,
    });
    req.resume();
    const answer = answers.shift() ?? { status: 200 };
    const ok = answer.status < 300;
    res.writeHead(answer.status, {
      'content-type': 'application/json',
      ...(answer.retryAfter ? { 'retry-after': answer.retryAfter } : {}),
    });
    res.end(
      JSON.stringify(
        ok
          ? { id: '1', status: 'scheduled', dueAt: '2026-12-07T12:00:00.000Z' }
          : { error: `status ${answer.status}`, issues: [] },
      ),
    );
  });
  return { server, seen, answers };
}

describe('retries of 429 and 503', () => {
  const { server, seen, answers } = scriptedServer([]);
  let baseUrl = '';
  const client = (retry = {}) => createLaterClient({ baseUrl, apiKey: 'lk_test', retry });
  const task = { channel: 'webhook' as const, webhook: { url: 'https://example.com/h' } };
  const script = (...statuses: { status: number; retryAfter?: string }[]) => {
    seen.length = 0;
    answers.splice(0, answers.length, ...statuses);
  };

  beforeAll(async () => {
    await new Promise<void>((resolve) => (server as Server).listen(0, '127.0.0.1', resolve));
    const address = server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads Retry-After in seconds or as a date, 1 s when missing', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs('Mon, 07 Dec 2026 12:00:05 GMT', Date.parse('2026-12-07T12:00:00Z'))).toBe(5000);
    expect(retryAfterMs(null)).toBe(1000);
    expect(retryAfterMs('soon')).toBe(1000);
  });

  it('retries a create after 429 and 503 with the same Idempotency-Key', async () => {
    script({ status: 429, retryAfter: '0' }, { status: 503, retryAfter: '0' }, { status: 201 });
    expect(await client().tasks.create(task)).toMatchObject({ id: '1' });
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map((s) => s.idempotencyKey)).size).toBe(1);
  });

  it('retries a 503 only of a request that may be repeated, and never a 500', async () => {
    script({ status: 503, retryAfter: '0' });
    await client().tasks.cancel('1');
    expect(seen).toHaveLength(2); // a DELETE may be repeated: retried
    script({ status: 503, retryAfter: '0' }, { status: 503, retryAfter: '0' });
    const paused = await client()
      .schedules.pause('1')
      .catch((err: unknown) => err);
    expect(paused).toMatchObject({ status: 503, error: 'status 503' });
    expect(seen).toHaveLength(1);
    script({ status: 500 });
    expect(
      await client()
        .tasks.get('1')
        .catch((err: unknown) => err),
    ).toBeInstanceOf(LaterError);
    expect(seen).toHaveLength(1);
  });

  it('gives up after its retries, or at once when Retry-After is beyond maxWaitMs', async () => {
    script(...Array.from({ length: 5 }, () => ({ status: 429, retryAfter: '0' })));
    expect(
      await client({ retries: 2 })
        .tasks.get('1')
        .catch((err: unknown) => err),
    ).toMatchObject({ status: 429 });
    expect(seen).toHaveLength(3);
    script({ status: 429, retryAfter: '120' });
    expect(
      await client({ maxWaitMs: 10_000 })
        .tasks.get('1')
        .catch((err: unknown) => err),
    ).toMatchObject({ status: 429 });
    expect(seen).toHaveLength(1);
  });
});
