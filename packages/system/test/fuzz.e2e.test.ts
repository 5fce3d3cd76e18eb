import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../src/index.js';
import { startTestSystem, type Answer, type TestSystem } from '../src/testing/index.js';

interface FuzzRequest {
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Operation {
  operationId: string;
  method: string;
  /** As written in the contract, e.g. `/v1/tasks/{id}`. */
  path: string;
}

/** Every operation of the public contract, read from public.yaml itself. */
function publicOperations(): Operation[] {
  const spec = parse(readFileSync(`${repoRoot}packages/types/openapi/public.yaml`, 'utf8')) as {
    paths: Record<string, Record<string, { operationId: string }>>;
  };
  const methods = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options', 'trace'];
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => methods.includes(method))
      .map(([method, operation]) => ({ operationId: operation.operationId, method: method.toUpperCase(), path })),
  );
}

/** Whether `request` is a call of `operation` (any path parameter, any query). */
function isCallOf(request: FuzzRequest, operation: Operation): boolean {
  const template = new RegExp(`^${operation.path.replace(/\{[^}]+\}/g, '[^/?]*')}(\\?.*)?$`);
  return request.method === operation.method && template.test(request.path);
}

/**
 * One character of hostile text: any code point (astral ones included), and more often than
 * chance the ones that have broken things: NUL, an unpaired UTF-16 surrogate, a control character.
 */
const hostileChar = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)) },
  { weight: 1, arbitrary: fc.constant('\u0000') },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((u) => String.fromCharCode(u)) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 0x1f }).map((c) => String.fromCharCode(c)) },
);
const hostileText = fc.string({ unit: hostileChar, maxLength: 40 });
/** Values of every JSON type, with hostile text in strings and keys. */
const anyJson = fc.oneof(
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  {
    weight: 1,
    arbitrary: fc.dictionary(hostileText, fc.oneof(hostileText, fc.array(hostileText, { maxLength: 3 })), {
      maxKeys: 4,
    }),
  },
);
const wildString = fc.oneof(
  { weight: 3, arbitrary: hostileText },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '\u0000',
      '\u202e\u202d',
      '💥'.repeat(50),
      '😀\ud800',
      '\udc00x',
      'NaN',
      '-1',
      '1e309',
      '../..',
      '%00',
      'x'.repeat(70_000),
    ),
  },
);
const wild = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: anyJson }, { weight: 1, arbitrary: wildString });
/** Valid text most of the time, hostile text otherwise: requests that pass every other check reach the store. */
const mostlyText = (valid: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: hostileText });
const isoDate = fc
  .date({ noInvalidDate: true, min: new Date('1970-01-01'), max: new Date('2100-01-01') })
  .map((d) => d.toISOString());

/** Webhooks near the contract, so generated requests reach deep validation, not only the first check. */
const webhook = (receiverUrl: string) =>
  fc.record(
    {
      url: wild(
        fc.oneof(
          fc.constantFrom(`${receiverUrl}/fuzz`, 'http://127.0.0.1:9/x', 'ftp://x', 'http://10.0.0.1/'),
          hostileText.map((t) => `${receiverUrl}/${t}`),
        ),
      ),
      method: wild(fc.constantFrom('GET', 'POST', 'PUT')),
      headers: wild(
        fc.dictionary(fc.oneof(fc.constantFrom('x-a', 'x-b'), wildString), mostlyText(fc.string({ maxLength: 8 })), {
          maxKeys: 4,
        }),
      ),
      body: anyJson,
    },
    { requiredKeys: [] },
  );

const taskFields = (receiverUrl: string) => ({
  channel: wild(fc.constantFrom('webhook', 'email', 'sms')),
  webhook: wild(webhook(receiverUrl)),
  email: wild(
    fc.record(
      {
        to: wild(fc.constantFrom('a@example.com')),
        subject: mostlyText(fc.string({ minLength: 1, maxLength: 8 })),
        text: mostlyText(fc.string()),
      },
      { requiredKeys: [] },
    ),
  ),
  sms: wild(
    fc.record(
      { to: wild(fc.constantFrom('+4915112345678')), body: mostlyText(fc.string({ minLength: 1, maxLength: 8 })) },
      { requiredKeys: [] },
    ),
  ),
  runAt: wild(isoDate),
  timezone: wild(fc.constantFrom('Europe/Berlin', 'UTC', 'Mars/Olympus')),
  delay: wild(fc.oneof(fc.constantFrom('PT2H', 'P3D', 'P'), fc.integer(), fc.double())),
  within: wild(fc.constantFrom('PT10S', 'P3D')),
  deadline: wild(isoDate),
  key: wild(mostlyText(fc.string({ minLength: 1, maxLength: 10 }))),
  priority: wild(fc.constantFrom('high', 'low')),
  position: wild(fc.constantFrom('front', 'back')),
  stream: wild(mostlyText(fc.string({ minLength: 1, maxLength: 10 }))),
  retry: wild(
    fc.record(
      { maxAttempts: wild(fc.integer()), backoff: wild(fc.constantFrom('fixed')), jitter: wild(fc.double()) },
      { requiredKeys: [] },
    ),
  ),
  timeout: wild(fc.integer()),
  callback: wild(
    fc.record(
      { url: wild(fc.constantFrom(`${receiverUrl}/outcome`, 'http://169.254.169.254/', 'ftp://x')) },
      { requiredKeys: [] },
    ),
  ),
});
const taskBody = (receiverUrl: string) =>
  fc.record({ ...taskFields(receiverUrl), surprise: anyJson }, { requiredKeys: [] });

/** Valid webhook tasks, text fields sometimes hostile: creations do happen and can be counted. */
const validTask = (receiverUrl: string) =>
  fc.record(
    {
      channel: fc.constant('webhook'),
      webhook: fc.record(
        {
          url: fc.constant(`${receiverUrl}/fuzz-valid`),
          body: anyJson,
          headers: fc.dictionary(fc.constantFrom('x-a', 'x-b'), mostlyText(fc.string())),
        },
        { requiredKeys: ['url'] },
      ),
      delay: fc.oneof(fc.integer({ min: 0, max: 86_400_000 }), fc.constantFrom('PT1H', 'P1D')),
      priority: fc.constantFrom('high', 'medium', 'low'),
      key: mostlyText(fc.string({ minLength: 1, maxLength: 8 })),
      stream: mostlyText(fc.string({ minLength: 1, maxLength: 8 })),
      retry: fc.record(
        { maxAttempts: fc.integer({ min: 1, max: 10 }), jitter: fc.double({ min: 0, max: 1, noNaN: true }) },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ['channel', 'webhook'] },
  );

/** Percent-encodes any string, lone surrogates included (they become U+FFFD, as a client would send). */
const pathSafe = (s: string) => encodeURIComponent(s.toWellFormed());
/** Query values: hostile text, and raw escapes a client could send (NUL, bytes that are not UTF-8, a surrogate's CESU-8 bytes). */
const queryValue = fc.oneof(
  { weight: 3, arbitrary: wildString.map(pathSafe) },
  { weight: 1, arbitrary: fc.constantFrom('%00', '%ff', '%ed%a0%80', '%f0%9f%98%80', '%', '%zz') },
);
const query = (names: string[], value: fc.Arbitrary<string> = queryValue) =>
  fc.dictionary(fc.constantFrom(...names, 'x'), value, { maxKeys: 3 }).map((q) =>
    Object.entries(q)
      .map(([k, v]) => `${k}=${v}`)
      .join('&'),
  );
/** Event ids as the stream hands them out (`<xid>-<seq>`), near them, and anything at all. */
const eventId = fc.oneof(
  fc
    .tuple(fc.bigInt({ min: -1n, max: 2n ** 65n }), fc.bigInt({ min: -1n, max: 2n ** 64n }))
    .map(([x, s]) => `${x}-${s}`),
  wildString,
);

/** A request body over the 1 MiB limit of the largest route. */
const oversizedBody = `{"text":"${'x'.repeat(1024 * 1024)}"}`;
/** Content types the JSON routes do not take, or take with a charset they cannot read. */
const wrongContentType = fc.constantFrom(
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
  'application/xml',
);

/**
 * Besides its own hostile bodies, a route with a body also gets one with the wrong content type
 * and, now and then, one over the size limit.
 */
const withHostileTransport = (request: fc.Arbitrary<FuzzRequest>): fc.Arbitrary<FuzzRequest> =>
  fc.oneof(
    { weight: 20, arbitrary: request },
    {
      weight: 2,
      arbitrary: fc
        .tuple(request, wrongContentType)
        .map(([r, type]) => ({ ...r, headers: { ...r.headers, 'content-type': type } })),
    },
    { weight: 1, arbitrary: request.map((r) => ({ ...r, body: oversizedBody })) },
  );

interface KnownIds {
  taskIds: string[];
  scheduleIds: string[];
  apiKeyIds: string[];
}

/**
 * Hostile requests for each operation of the public API, by operationId, with a weight each.
 * Ids are random, or of things that exist (so changes reach the store), never of the caller's own
 * API key. Operations that hash a password or key (scrypt, ~100 ms) weigh least.
 */
function fuzzers(
  receiverUrl: string,
  known: KnownIds,
): Record<string, { weight: number; arbitrary: fc.Arbitrary<FuzzRequest> }> {
  const id = (existing: string[]) =>
    fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(...existing) },
      { weight: 1, arbitrary: fc.bigInt({ min: -10n, max: 10n ** 20n }).map(String) },
      { weight: 1, arbitrary: wildString.map((s) => pathSafe(s.slice(0, 12))) },
      { weight: 1, arbitrary: fc.uuid() },
    );
  const taskId = id(known.taskIds);
  const scheduleId = id(known.scheduleIds);
  const post = (path: string, body: fc.Arbitrary<unknown>) =>
    withHostileTransport(body.map((b) => ({ method: 'POST', path, body: b })));
  const get = (path: string) => fc.constant({ method: 'GET', path });
  const credentials = fc.record(
    {
      email: wild(fc.oneof(fc.emailAddress(), fc.constant('fuzz@example.com'))),
      password: wild(mostlyText(fc.string({ minLength: 10, maxLength: 30 }))),
    },
    { requiredKeys: [] },
  );
  const schedule = fc.record(
    {
      key: wild(mostlyText(fc.string({ minLength: 1, maxLength: 8 }))),
      cron: wild(fc.constantFrom('0 8 * * 1-5', '*/5 * * * * *', '61 * * * *')),
      every: wild(fc.constantFrom('PT1H', 'P1D', 'PT0.5S')),
      timezone: wild(fc.constantFrom('Europe/Berlin', 'UTC')),
      task: wild(fc.oneof(taskBody(receiverUrl), validTask(receiverUrl))),
    },
    { requiredKeys: [] },
  );
  return {
    healthz: { weight: 2, arbitrary: get('/healthz') },
    readyz: { weight: 2, arbitrary: get('/readyz') },
    signup: { weight: 1, arbitrary: post('/v1/signup', fc.oneof(credentials, anyJson)) },
    login: { weight: 1, arbitrary: post('/v1/login', fc.oneof(credentials, anyJson)) },
    logout: { weight: 2, arbitrary: fc.constant({ method: 'POST', path: '/v1/logout' }) },
    getSession: { weight: 2, arbitrary: get('/v1/session') },
    getProfile: { weight: 2, arbitrary: get('/v1/me') },
    // Not dev mode here: 404, as the spec says.
    listDevOutbox: { weight: 1, arbitrary: get('/v1/dev/outbox') },
    listDevInbox: { weight: 1, arbitrary: get('/v1/dev/inbox') },
    updateProfile: {
      weight: 4,
      arbitrary: withHostileTransport(
        fc
          .record(
            {
              phone: wild(fc.oneof(fc.constant(null), fc.constantFrom('+4915112345678', '12345'))),
              timezone: wild(fc.constantFrom('Europe/Berlin', 'UTC', 'Nowhere/Land')),
              quietHours: wild(
                fc.oneof(
                  fc.constant(null),
                  fc.record(
                    { start: wild(fc.constantFrom('22:00', '25:00')), end: wild(fc.constantFrom('07:00')) },
                    { requiredKeys: [] },
                  ),
                ),
              ),
            },
            { requiredKeys: [] },
          )
          .map((body) => ({ method: 'PATCH', path: '/v1/me', body })),
      ),
    },
    changePassword: {
      weight: 1,
      arbitrary: post(
        '/v1/me/password',
        fc.record(
          {
            currentPassword: wild(mostlyText(fc.string({ maxLength: 20 }))),
            newPassword: wild(mostlyText(fc.string({ minLength: 10, maxLength: 20 }))),
          },
          { requiredKeys: [] },
        ),
      ),
    },
    createReminder: {
      weight: 6,
      arbitrary: post(
        '/v1/reminders',
        fc.record(
          {
            text: wild(mostlyText(fc.string({ minLength: 1, maxLength: 40 }))),
            within: wild(fc.constantFrom('P1D', 'PT1H', 'P')),
            channel: wild(fc.constantFrom('email', 'sms')),
            to: wild(fc.constantFrom('a@example.com', '+4915112345678')),
          },
          { requiredKeys: [] },
        ),
      ),
    },
    createTask: {
      weight: 20,
      arbitrary: fc.oneof(
        { weight: 4, arbitrary: post('/v1/tasks', taskBody(receiverUrl)) },
        { weight: 3, arbitrary: post('/v1/tasks', validTask(receiverUrl)) },
        { weight: 1, arbitrary: wildString.map((raw) => ({ method: 'POST', path: '/v1/tasks', body: raw })) },
        {
          weight: 1,
          arbitrary: fc.tuple(validTask(receiverUrl), wildString).map(([body, key]) => ({
            method: 'POST',
            path: '/v1/tasks',
            body,
            headers: { 'idempotency-key': pathSafe(key).slice(0, 300) || 'k' },
          })),
        },
      ),
    },
    createTaskBatch: {
      weight: 8,
      arbitrary: fc.oneof(
        {
          weight: 3,
          arbitrary: post(
            '/v1/tasks/batch',
            fc.record({ tasks: fc.array(fc.oneof(taskBody(receiverUrl), validTask(receiverUrl)), { maxLength: 6 }) }),
          ),
        },
        {
          weight: 3,
          arbitrary: post(
            '/v1/tasks/batch',
            fc.record({ tasks: fc.array(validTask(receiverUrl), { minLength: 1, maxLength: 6 }) }),
          ),
        },
        { weight: 1, arbitrary: post('/v1/tasks/batch', fc.oneof(anyJson, fc.record({ tasks: anyJson }))) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(
              fc.array(validTask(receiverUrl), { minLength: 1, maxLength: 3 }),
              fc.constantFrom('batch-a', 'batch-b'),
            )
            .map(([tasks, key]) => ({
              method: 'POST',
              path: '/v1/tasks/batch',
              body: { tasks },
              headers: { 'idempotency-key': key },
            })),
        },
      ),
    },
    listTasks: {
      weight: 4,
      arbitrary: query(['status', 'channel', 'stream', 'key', 'scheduleId', 'q', 'limit', 'cursor']).map((q) => ({
        method: 'GET',
        path: `/v1/tasks?${q}`,
      })),
    },
    getTask: { weight: 2, arbitrary: taskId.map((i) => ({ method: 'GET', path: `/v1/tasks/${i}` })) },
    updateTask: {
      weight: 6,
      arbitrary: withHostileTransport(
        fc
          .tuple(taskId, fc.oneof(fc.record(taskFields(receiverUrl), { requiredKeys: [] }), anyJson))
          .map(([i, body]) => ({ method: 'PATCH', path: `/v1/tasks/${i}`, body })),
      ),
    },
    cancelTask: { weight: 2, arbitrary: taskId.map((i) => ({ method: 'DELETE', path: `/v1/tasks/${i}` })) },
    replayTask: { weight: 2, arbitrary: taskId.map((i) => ({ method: 'POST', path: `/v1/tasks/${i}/replay` })) },
    replayTasks: {
      weight: 2,
      arbitrary: post(
        '/v1/tasks/replay',
        fc.oneof(
          fc.record(
            {
              status: wild(fc.constantFrom('dead', 'delivered', 'running')),
              channel: wild(fc.constantFrom('webhook', 'email', 'pigeon')),
              stream: wild(mostlyText(fc.string({ maxLength: 8 }))),
              key: wild(mostlyText(fc.string({ maxLength: 8 }))),
              limit: wild(fc.constantFrom(1, 100, 1000, 0, 1001, 2.5)),
            },
            { requiredKeys: [] },
          ),
          anyJson,
        ),
      ),
    },
    streamEvents: {
      weight: 2,
      arbitrary: fc.tuple(query(['after'], eventId.map(pathSafe)), fc.option(eventId)).map(([q, lastId]) => ({
        method: 'GET',
        path: `/v1/events?${q}`,
        headers: lastId ? { 'last-event-id': pathSafe(lastId).slice(0, 300) } : undefined,
      })),
    },
    errorReport: {
      weight: 2,
      arbitrary: query(['since'], fc.oneof(isoDate.map(encodeURIComponent), queryValue)).map((q) => ({
        method: 'GET',
        path: `/v1/reports/errors?${q}`,
      })),
    },
    upsertSchedule: { weight: 6, arbitrary: post('/v1/schedules', schedule) },
    replaceSchedule: {
      weight: 4,
      arbitrary: withHostileTransport(
        fc.tuple(scheduleId, schedule).map(([i, body]) => ({ method: 'PUT', path: `/v1/schedules/${i}`, body })),
      ),
    },
    listSchedules: {
      weight: 2,
      arbitrary: query(['limit', 'cursor']).map((q) => ({ method: 'GET', path: `/v1/schedules?${q}` })),
    },
    getSchedule: { weight: 2, arbitrary: scheduleId.map((i) => ({ method: 'GET', path: `/v1/schedules/${i}` })) },
    deleteSchedule: { weight: 2, arbitrary: scheduleId.map((i) => ({ method: 'DELETE', path: `/v1/schedules/${i}` })) },
    pauseSchedule: {
      weight: 2,
      arbitrary: scheduleId.map((i) => ({ method: 'POST', path: `/v1/schedules/${i}/pause` })),
    },
    resumeSchedule: {
      weight: 2,
      arbitrary: scheduleId.map((i) => ({ method: 'POST', path: `/v1/schedules/${i}/resume` })),
    },
    previewSchedule: {
      weight: 2,
      arbitrary: post(
        '/v1/schedules/preview',
        fc.record(
          { cron: wild(fc.constantFrom('0 8 * * *')), every: wildString, timezone: wildString, count: anyJson },
          { requiredKeys: [] },
        ),
      ),
    },
    getStats: { weight: 2, arbitrary: get('/v1/stats') },
    listDisabledDestinations: { weight: 1, arbitrary: get('/v1/destinations/disabled') },
    enableDestination: {
      weight: 2,
      arbitrary: post(
        '/v1/destinations/enable',
        fc.oneof(
          fc.record(
            {
              url: wild(
                fc.oneof(
                  fc.constant(`${receiverUrl}/fuzz`),
                  hostileText.map((t) => `${receiverUrl}/${t}`),
                ),
              ),
            },
            { requiredKeys: [] },
          ),
          anyJson,
        ),
      ),
    },
    listSigningKeys: { weight: 2, arbitrary: get('/v1/signing-keys') },
    rotateSigningKey: { weight: 2, arbitrary: fc.constant({ method: 'POST', path: '/v1/signing-keys/rotate' }) },
    promoteSigningKey: { weight: 2, arbitrary: fc.constant({ method: 'POST', path: '/v1/signing-keys/promote' }) },
    createApiKey: {
      weight: 1,
      arbitrary: post(
        '/v1/api-keys',
        fc.oneof(fc.record({ name: wild(mostlyText(fc.string({ minLength: 1, maxLength: 20 }))) }), anyJson),
      ),
    },
    listApiKeys: { weight: 2, arbitrary: get('/v1/api-keys') },
    revokeApiKey: {
      weight: 2,
      arbitrary: id(known.apiKeyIds).map((i) => ({ method: 'DELETE', path: `/v1/api-keys/${i}` })),
    },
  };
}

describe('fuzzing the public API', () => {
  let system: TestSystem;
  let ownerId: string;
  let defaultKeyId: string;
  const operations = publicOperations();
  const known: KnownIds = { taskIds: [], scheduleIds: [], apiKeyIds: [] };

  beforeAll(async () => {
    system = await startTestSystem({
      shardCount: 2,
      env: {
        frontend: {
          RATE_LIMIT_PER_SECOND: '100000',
          RATE_LIMIT_BURST: '100000',
          ACCOUNT_RATE_LIMIT_PER_SECOND: '100000',
          ACCOUNT_RATE_LIMIT_BURST: '100000',
          LOGIN_ATTEMPTS_PER_MINUTE: '100000',
        },
      },
    });
    ownerId = await system.api.signup('fuzz@example.com', 'the fuzz user password');
    defaultKeyId = (await system.api.call('GET', '/v1/api-keys')).body.keys[0].id;
    // Things that exist, so changes to them reach the store; the caller's own key is not among them.
    for (let i = 0; i < 3; i++) {
      known.taskIds.push(
        (
          await system.api.call('POST', '/v1/tasks', {
            channel: 'webhook',
            webhook: { url: `${system.receiver.url}/known` },
            delay: 'P1D',
          })
        ).body.id,
      );
      known.scheduleIds.push(
        (
          await system.api.call('POST', '/v1/schedules', {
            every: 'PT1H',
            task: { channel: 'webhook', webhook: { url: `${system.receiver.url}/known` } },
          })
        ).body.id,
      );
      known.apiKeyIds.push((await system.api.call('POST', '/v1/api-keys', { name: `known ${i}` })).body.id);
    }
  });
  afterAll(() => system?.stop());

  it('has a fuzzer for every operation in public.yaml, and each fuzzer calls its operation', () => {
    const all = fuzzers('http://127.0.0.1:1', {
      taskIds: ['1'],
      scheduleIds: ['1'],
      apiKeyIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(operations.length).toBeGreaterThan(30);
    expect(Object.keys(all).sort()).toEqual(operations.map((o) => o.operationId).sort());
    for (const operation of operations) {
      for (const request of fc.sample(all[operation.operationId]!.arbitrary, { numRuns: 30, seed: 1 })) {
        expect([
          operation.operationId,
          request.method,
          request.path.slice(0, 80),
          isCallOf(request, operation),
        ]).toEqual([operation.operationId, request.method, request.path.slice(0, 80), true]);
      }
    }
  });

  it('answers thousands of hostile requests to every operation with 2xx or a 4xx naming the field, never 5xx, and never half-creates anything', async () => {
    const runs = Number(process.env.FUZZ_RUNS ?? 1500);
    const all = fuzzers(system.receiver.url, known);
    const created = {
      tasks: new Set(known.taskIds),
      schedules: new Set(known.scheduleIds),
      apiKeys: new Set(known.apiKeyIds),
      users: 1,
    };
    const statuses = new Map<number, number>();
    const calls = new Map<string, number>();
    const requests = fc.oneof(
      ...Object.entries(all).map(([operationId, { weight, arbitrary }]) => ({
        weight,
        arbitrary: arbitrary.map((request) => ({ ...request, operationId })),
      })),
    );
    await fc.assert(
      fc.asyncProperty(requests, async (request) => {
        const answer: Answer = await system.api.call(request.method, request.path, request.body, {
          headers: request.headers,
        });
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        calls.set(request.operationId, (calls.get(request.operationId) ?? 0) + 1);
        if (answer.status >= 500)
          throw new Error(`${answer.status} for ${request.method} ${request.path}: ${JSON.stringify(answer.body)}`);
        if (answer.status >= 400) {
          expect(typeof answer.body.error).toBe('string');
          expect(Array.isArray(answer.body.issues)).toBe(true);
          if (answer.status === 400) {
            expect(answer.body.issues.length).toBeGreaterThan(0);
            for (const issue of answer.body.issues) expect(issue.path).toMatch(/\S/);
          }
          return;
        }
        if (request.operationId === 'createTask' || request.operationId === 'createReminder')
          created.tasks.add(answer.body.id);
        if (request.operationId === 'createTaskBatch') for (const { id } of answer.body.tasks) created.tasks.add(id);
        if (request.operationId === 'upsertSchedule') created.schedules.add(answer.body.id);
        if (request.operationId === 'createApiKey') created.apiKeys.add(answer.body.id);
        if (request.operationId === 'signup') created.users += 1;
      }),
      { numRuns: runs, seed: 20261124 },
    );
    console.log(
      `[fuzz] ${runs} requests; answers by status: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
    );
    console.log(`[fuzz] calls by operation: ${JSON.stringify(Object.fromEntries([...calls].sort()))}`);
    expect([...calls.keys()].sort()).toEqual(operations.map((o) => o.operationId).sort());
    expect(created.tasks.size).toBeGreaterThan(50);

    // Postgres holds exactly what was answered 2xx: nothing refused left a row behind.
    const db = new pg.Client({ connectionString: system.db.url });
    await db.connect();
    try {
      const ids = async (sql: string, params: unknown[] = [ownerId]) =>
        new Set((await db.query<{ id: string }>(sql, params)).rows.map((r) => r.id));
      expect(
        await ids('SELECT id FROM tasks WHERE owner_id = $1 AND schedule_id IS NULL AND callback_for IS NULL'),
      ).toEqual(created.tasks);
      expect(await ids('SELECT id::text FROM schedules WHERE owner_id = $1')).toEqual(created.schedules);
      expect(
        await ids('SELECT id::text FROM api_keys WHERE user_id = $1 AND id <> $2', [ownerId, defaultKeyId]),
      ).toEqual(created.apiKeys);
      expect(Number((await db.query('SELECT count(*) FROM users')).rows[0].count)).toBe(created.users);
    } finally {
      await db.end();
    }
  }, 300_000);
});
