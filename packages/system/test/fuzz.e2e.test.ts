import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type Answer, type TestSystem } from '../src/testing/index.js';

/** Values of every JSON type, unicode-heavy strings (emoji, RTL, NUL, lone surrogates) included. */
const anyJson = fc.jsonValue({ maxDepth: 4 });
const wildString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.constantFrom('', ' ', '\u0000', '\u202e\u202d', '💥'.repeat(50), '😀\ud800', 'NaN', '-1', '1e309', '../..', '%00', 'x'.repeat(70_000)),
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const wild = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: anyJson }, { weight: 1, arbitrary: wildString });

/** Task bodies near the contract, so generated requests reach deep validation, not only the first check. */
const taskBody = (receiverUrl: string) =>
  fc.record(
    {
      channel: wild(fc.constantFrom('webhook')),
      webhook: wild(
        fc.record(
          {
            url: wild(fc.constantFrom(`${receiverUrl}/fuzz`, 'http://127.0.0.1:9/x', 'ftp://x', 'http://10.0.0.1/')),
            method: wild(fc.constantFrom('GET', 'POST', 'PUT')),
            headers: wild(fc.dictionary(wildString, wildString, { maxKeys: 4 })),
            body: anyJson,
          },
          { requiredKeys: [] },
        ),
      ),
      runAt: wild(fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
      timezone: wild(fc.constantFrom('Europe/Berlin', 'UTC', 'Mars/Olympus')),
      delay: wild(fc.oneof(fc.constantFrom('PT2H', 'P3D', 'P'), fc.integer(), fc.double())),
      within: wild(fc.constantFrom('PT10S', 'P3D')),
      deadline: wild(fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
      key: wild(fc.string({ maxLength: 10 })),
      priority: wild(fc.constantFrom('high', 'low')),
      position: wild(fc.constantFrom('front', 'back')),
      stream: wild(fc.string({ maxLength: 10 })),
      retry: wild(fc.record({ maxAttempts: wild(fc.integer()), backoff: wild(fc.constantFrom('fixed')), jitter: wild(fc.double()) }, { requiredKeys: [] })),
      timeout: wild(fc.integer()),
      callback: wild(fc.record({ url: wild(fc.constantFrom(`${receiverUrl}/outcome`, 'http://169.254.169.254/', 'ftp://x')) }, { requiredKeys: [] })),
      surprise: anyJson,
    },
    { requiredKeys: [] },
  );

/** Valid tasks with random valid options, so creations do happen and can be counted. */
const validTask = (receiverUrl: string) =>
  fc.record(
    {
      channel: fc.constant('webhook'),
      webhook: fc.record({ url: fc.constant(`${receiverUrl}/fuzz-valid`), body: anyJson }),
      delay: fc.oneof(fc.integer({ min: 0, max: 86_400_000 }), fc.constantFrom('PT1H', 'P1D')),
      priority: fc.constantFrom('high', 'medium', 'low'),
      key: fc.string({ minLength: 1, maxLength: 8 }),
      stream: fc.string({ minLength: 1, maxLength: 8 }),
      retry: fc.record({ maxAttempts: fc.integer({ min: 1, max: 10 }), jitter: fc.double({ min: 0, max: 1, noNaN: true }) }, { requiredKeys: [] }),
    },
    { requiredKeys: ['channel', 'webhook'] },
  );

interface FuzzRequest {
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Percent-encodes any string, lone surrogates included (they become U+FFFD, as a client would send). */
const pathSafe = (s: string) => encodeURIComponent(s.toWellFormed());
const id = fc.oneof(fc.bigInt({ min: -10n, max: 10n ** 20n }).map(String), fc.string({ maxLength: 12 }).map(pathSafe), fc.uuid());
const query = fc.dictionary(fc.constantFrom('status', 'limit', 'cursor', 'x'), wildString, { maxKeys: 3 }).map((q) => new URLSearchParams(q).toString());

/** Event ids as the stream hands them out (`<xid>-<seq>`), near them, and anything at all. */
const eventId = fc.oneof(
  fc.tuple(fc.bigInt({ min: -1n, max: 2n ** 65n }), fc.bigInt({ min: -1n, max: 2n ** 64n })).map(([x, s]) => `${x}-${s}`),
  wildString,
);

const requests = (receiverUrl: string): fc.Arbitrary<FuzzRequest> =>
  fc.oneof(
    { weight: 4, arbitrary: taskBody(receiverUrl).map((body) => ({ method: 'POST', path: '/v1/tasks', body })) },
    { weight: 2, arbitrary: validTask(receiverUrl).map((body) => ({ method: 'POST', path: '/v1/tasks', body })) },
    { weight: 1, arbitrary: wildString.map((raw) => ({ method: 'POST', path: '/v1/tasks', body: raw })) },
    { weight: 1, arbitrary: fc.tuple(taskBody(receiverUrl), wildString).map(([body, key]) => ({ method: 'POST', path: '/v1/tasks', body, headers: { 'idempotency-key': pathSafe(key).slice(0, 300) || 'k' } })) },
    { weight: 1, arbitrary: fc.tuple(id, anyJson).map(([i, body]) => ({ method: 'PATCH', path: `/v1/tasks/${i}`, body })) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('GET', 'DELETE'), id).map(([method, i]) => ({ method, path: `/v1/tasks/${i}` })) },
    { weight: 1, arbitrary: id.map((i) => ({ method: 'POST', path: `/v1/tasks/${i}/replay` })) },
    { weight: 1, arbitrary: query.map((q) => ({ method: 'GET', path: `/v1/tasks?${q}` })) },
    { weight: 2, arbitrary: fc.record({ cron: wildString, every: wild(fc.constantFrom('PT1H')), timezone: wildString, task: wild(taskBody(receiverUrl)) }, { requiredKeys: [] }).map((body) => ({ method: 'POST', path: '/v1/schedules', body })) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('GET', 'DELETE', 'POST'), id, fc.constantFrom('', '/pause', '/resume')).map(([method, i, action]) => ({ method, path: `/v1/schedules/${i}${action}` })) },
    { weight: 1, arbitrary: fc.record({ cron: wildString, every: wildString, timezone: wildString, count: anyJson }, { requiredKeys: [] }).map((body) => ({ method: 'POST', path: '/v1/schedules/preview', body })) },
    { weight: 1, arbitrary: anyJson.map((body) => ({ method: 'POST', path: '/v1/api-keys', body })) },
    { weight: 1, arbitrary: id.map((i) => ({ method: 'DELETE', path: `/v1/api-keys/${i}` })) },
    { weight: 1, arbitrary: anyJson.map((body) => ({ method: 'POST', path: '/v1/signup', body })) },
    {
      weight: 1,
      arbitrary: fc
        .dictionary(fc.constantFrom('since', 'x'), wild(fc.date({ noInvalidDate: true }).map((d) => d.toISOString())), { maxKeys: 2 })
        .map((q) => ({ method: 'GET', path: `/v1/reports/errors?${new URLSearchParams(q as Record<string, string>).toString()}` })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.dictionary(fc.constantFrom('after', 'x'), eventId, { maxKeys: 2 }), fc.option(eventId)).map(([q, lastId]) => ({
        method: 'GET',
        path: `/v1/events?${new URLSearchParams(q).toString()}`,
        headers: lastId ? { 'last-event-id': pathSafe(lastId).slice(0, 300) } : undefined,
      })),
    },
  );

describe('fuzzing the public API', () => {
  let system: TestSystem;
  let ownerId: string;

  beforeAll(async () => {
    system = await startTestSystem({ shardCount: 2, env: { frontend: { RATE_LIMIT_PER_SECOND: '100000', RATE_LIMIT_BURST: '100000' } } });
    ownerId = await system.api.signup('fuzz@example.com');
  });
  afterAll(() => system?.stop());

  it('answers thousands of hostile requests with 2xx or a 4xx naming the field, never 5xx, and never half-creates a task', async () => {
    const runs = Number(process.env.FUZZ_RUNS ?? 1500);
    const createdTaskIds = new Set<string>();
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(requests(system.receiver.url), async (request) => {
        const answer: Answer = await system.api.call(request.method, request.path, request.body, { headers: request.headers });
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (answer.status >= 500) throw new Error(`${answer.status} for ${request.method} ${request.path}: ${JSON.stringify(answer.body)}`);
        if (answer.status >= 400) {
          expect(typeof answer.body.error).toBe('string');
          expect(Array.isArray(answer.body.issues)).toBe(true);
          if (answer.status === 400) {
            expect(answer.body.issues.length).toBeGreaterThan(0);
            for (const issue of answer.body.issues) expect(issue.path).toMatch(/\S/);
          }
        } else if (request.method === 'POST' && request.path === '/v1/tasks') {
          createdTaskIds.add(answer.body.id);
        }
      }),
      { numRuns: runs, seed: 20261124 },
    );
    console.log(`[fuzz] ${runs} requests; answers by status: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    expect(createdTaskIds.size).toBeGreaterThan(50);

    const db = new pg.Client({ connectionString: system.db.url });
    await db.connect();
    try {
      const { rows } = await db.query<{ id: string }>('SELECT id FROM tasks WHERE owner_id = $1 AND schedule_id IS NULL AND callback_for IS NULL', [ownerId]);
      expect(new Set(rows.map((r) => r.id))).toEqual(createdTaskIds);
    } finally {
      await db.end();
    }
  }, 300_000);
});
