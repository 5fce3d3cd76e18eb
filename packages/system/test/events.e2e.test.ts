import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openEventStream,
  publicApiClient,
  startTestSystem,
  waitFor,
  type PublicApiClient,
  type SseStream,
  type TestSystem,
} from '../src/testing/index.js';

/** What a task's events may look like, in order: created, attempts that fail and are retried, then an end. */
const lifeOfATask = /^scheduled( running retrying)*( running (delivered|dead)| cancelled)?$/;

describe('task events over Server-Sent Events (3 scheduler replicas, real processes)', () => {
  let system: TestSystem;
  let alice: PublicApiClient;
  let bob: PublicApiClient;
  const open: SseStream[] = [];

  const connect = async (headers: Record<string, string>, query = '') => {
    const stream = await openEventStream(`${system.stack.frontendUrl}/v1/events${query}`, headers);
    open.push(stream);
    return stream;
  };
  const asKey = (client: PublicApiClient) => ({ authorization: `Bearer ${client.apiKey}` });
  const create = async (client: PublicApiClient, path: string, extra: Record<string, unknown> = {}) => {
    const created = await client.call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: { url: `${system.receiver.url}${path}` },
      ...extra,
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };
  const statusesOf = (stream: SseStream, taskId: string) =>
    stream
      .taskEvents()
      .filter((e) => e.taskId === taskId)
      .map((e) => e.status as string);
  const finishedIn = (stream: SseStream, taskId: string, final = /^(delivered|dead|cancelled)$/) =>
    stream.waitUntil(`the end of task ${taskId}`, (s) => statusesOf(s, taskId).some((status) => final.test(status)));

  beforeAll(async () => {
    system = await startTestSystem({
      shardCount: 4,
      schedulers: 3,
      env: {
        scheduler: { RETRY_BASE_MS: '50', RETRY_MAX_MS: '100', DEFAULT_MAX_ATTEMPTS: '3', EVENT_POLL_MS: '50' },
        // 120 creates at once are more than the default burst (100): rate limits have tests of
        // their own, and this file is about the order of events.
        frontend: {
          SSE_HEARTBEAT_MS: '300',
          KEY_RECHECK_MS: '200',
          RATE_LIMIT_PER_SECOND: '100000',
          RATE_LIMIT_BURST: '100000',
          ACCOUNT_RATE_LIMIT_PER_SECOND: '100000',
          ACCOUNT_RATE_LIMIT_BURST: '100000',
        },
      },
    });
    alice = system.api;
    await alice.signup('alice@example.com');
    bob = publicApiClient(system.stack.frontendUrl);
    await bob.signup('bob@example.com');
    system.receiver.respondWith((d) => (d.path.startsWith('/fail') ? { status: 503 } : { status: 200 }));
  });
  afterAll(async () => {
    for (const stream of open) stream.close();
    await system?.stop();
  });

  it('streams a webhook task scheduled -> running -> delivered, each message as the contract says', async () => {
    const stream = await connect(asKey(alice));
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const id = await create(alice, '/ok');
    await finishedIn(stream, id);
    expect(statusesOf(stream, id)).toEqual(['scheduled', 'running', 'delivered']);

    const messages = stream.messages.filter((m) => JSON.parse(m.data).taskId === id);
    for (const message of messages) {
      const data = JSON.parse(message.data);
      expect(message.event).toBe('task');
      expect(message.lastEventId).toBe(data.id);
      expect(new Date(data.at).toISOString()).toBe(data.at);
    }
    const [scheduled, running, delivered] = messages.map((m) => JSON.parse(m.data));
    expect(scheduled).toEqual({
      id: expect.any(String),
      taskId: id,
      status: 'scheduled',
      attempt: 0,
      at: expect.any(String),
    });
    expect(running).toEqual({
      id: expect.any(String),
      taskId: id,
      status: 'running',
      attempt: 1,
      at: expect.any(String),
    });
    expect(delivered).toEqual({
      id: expect.any(String),
      taskId: id,
      status: 'delivered',
      attempt: 1,
      at: expect.any(String),
      outcome: 'success',
      httpStatus: 200,
    });
  });

  it('streams a failing task through every retry to dead, and a cancelled one to cancelled', async () => {
    const stream = await connect(asKey(alice));
    const failing = await create(alice, '/fail');
    const cancelled = await create(alice, '/never', { delay: 'PT1H' });
    await stream.waitUntil('the cancellable task scheduled', (s) => statusesOf(s, cancelled).length === 1);
    expect((await alice.call('DELETE', `/v1/tasks/${cancelled}`)).status).toBe(200);
    await finishedIn(stream, failing);
    await finishedIn(stream, cancelled);
    expect(statusesOf(stream, failing)).toEqual([
      'scheduled',
      'running',
      'retrying',
      'running',
      'retrying',
      'running',
      'dead',
    ]);
    expect(statusesOf(stream, cancelled)).toEqual(['scheduled', 'cancelled']);
    const dead = stream.taskEvents().find((e) => e.taskId === failing && e.status === 'dead');
    expect(dead).toMatchObject({
      attempt: 3,
      outcome: 'retryable',
      httpStatus: 503,
      error: expect.stringMatching(/^HTTP 503/),
    });
  });

  it('resumes with Last-Event-ID or ?after= with exactly the events after that id, none before', async () => {
    const first = await connect(asKey(alice));
    const ids = [await create(alice, '/ok'), await create(alice, '/ok'), await create(alice, '/ok')];
    for (const id of ids) await finishedIn(first, id);
    // A fresh stream may also bring events that committed a moment before it connected: only
    // these three tasks' events count, and they all come after any such.
    const ours = first.taskEvents().filter((e) => ids.includes(e.taskId));
    expect(ours).toHaveLength(9);
    const resumeFrom = ours[3].id;
    const all = first.taskEvents().slice(first.taskEvents().findIndex((e) => e.id === resumeFrom) - 3);
    expect(all.slice(0, 4)).toEqual(ours.slice(0, 4));
    const expected = all.slice(4).map((e) => e.id);

    const byHeader = await connect({ ...asKey(alice), 'last-event-id': resumeFrom });
    const byQuery = await connect(asKey(alice), `?after=${encodeURIComponent(resumeFrom)}`);
    // A browser reconnecting sends Last-Event-ID with the ?after= of the URL it first opened: the header wins.
    const byBoth = await connect(
      { ...asKey(alice), 'last-event-id': resumeFrom },
      `?after=${encodeURIComponent(all[0].id)}`,
    );
    for (const stream of [byHeader, byQuery, byBoth]) {
      await stream.waitUntil('the events after the id', (s) => s.taskEvents().length >= expected.length);
    }
    // Give a stray early event time to show up before concluding there is none.
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const stream of [byHeader, byQuery, byBoth]) {
      expect(stream.taskEvents().map((e) => e.id)).toEqual(expected);
      expect(stream.taskEvents()).toEqual(all.slice(4));
    }
  });

  it('starts a fresh stream at the present with an id line, so a reconnect from it misses nothing', async () => {
    const fresh = await connect(asKey(alice));
    const position = await fresh.waitUntil('the first id line', (s) => s.lastEventId || undefined);
    expect(fresh.messages).toEqual([]);
    fresh.close();
    // Made while nobody listened.
    const id = await create(alice, '/ok');
    const again = await connect({ ...asKey(alice), 'last-event-id': position });
    await finishedIn(again, id);
    expect(statusesOf(again, id)).toEqual(['scheduled', 'running', 'delivered']);
  });

  it('works with the web session cookie, as a browser EventSource connects', async () => {
    const login = await alice.call(
      'POST',
      '/v1/login',
      { email: 'alice@example.com', password: 'correct horse battery staple' },
      { key: null },
    );
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const stream = await connect({ cookie });
    expect(stream.status).toBe(200);
    const id = await create(alice, '/ok');
    await finishedIn(stream, id);
    expect(statusesOf(stream, id)).toEqual(['scheduled', 'running', 'delivered']);
  });

  it("never shows one user another user's tasks", async () => {
    const bobs = await connect(asKey(bob));
    const alices = await connect(asKey(alice));
    const aliceTasks = [await create(alice, '/ok'), await create(alice, '/fail', { retry: { maxAttempts: 1 } })];
    const bobTask = await create(bob, '/ok');
    for (const id of aliceTasks) await finishedIn(alices, id);
    await finishedIn(bobs, bobTask);
    expect(new Set(bobs.taskEvents().map((e) => e.taskId))).toEqual(new Set([bobTask]));
    expect(alices.taskEvents().map((e) => e.taskId)).not.toContain(bobTask);
  });

  it('answers 401 without a key or with a revoked one, and ends a stream whose key is revoked', async () => {
    expect((await connect({})).status).toBe(401);
    const key = (await alice.call('POST', '/v1/api-keys', { name: 'dashboard' })).body;
    const stream = await connect({ authorization: `Bearer ${key.apiKey}` });
    expect(stream.status).toBe(200);
    expect((await alice.call('DELETE', `/v1/api-keys/${key.id}`)).status).toBe(200);
    await waitFor('the stream to end', () => stream.ended);
    const refused = await connect({ authorization: `Bearer ${key.apiKey}` });
    expect(refused.status).toBe(401);
    expect(refused.body.error).toMatch(/revoked/);
  });

  it('sends comment heartbeats so proxies keep the connection', async () => {
    const stream = await connect(asKey(alice));
    await stream.waitUntil('two heartbeats', (s) => s.comments.filter((c) => c === 'keep-alive').length >= 2, 5000);
  });

  it.each([
    ['?after=yesterday', {}, 'after'],
    ['?after=1-99999999999999999999', {}, 'after'],
    ['?since=2026-01-01T00:00:00Z', {}, 'since'],
    ['', { 'last-event-id': 'x' }, 'Last-Event-ID'],
  ])('answers bad input %s %j with 400 naming %s', async (query, headers, field) => {
    const answer = await connect({ ...asKey(alice), ...headers }, query);
    expect(answer.status).toBe(400);
    expect(answer.body.issues.map((i: { path: string }) => i.path)).toContain(field);
  });

  it('keeps every task\u2019s events in order while 3 replicas write history at once', async () => {
    const stream = await connect(asKey(alice));
    const ids = await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        create(alice, i % 3 === 0 ? `/fail-${i}` : `/ok-${i}`, i % 6 === 0 ? { retry: { maxAttempts: 2 } } : {}),
      ),
    );
    await stream.waitUntil(
      'every task finished',
      (s) => ids.every((id) => /delivered|dead/.test(statusesOf(s, id).join(' '))),
      60_000,
    );
    for (const id of ids)
      expect([id, statusesOf(stream, id).join(' ')]).toEqual([id, expect.stringMatching(lifeOfATask)]);
    const eventIds = stream.taskEvents().map((e) => e.id);
    expect(new Set(eventIds).size).toBe(eventIds.length);
  }, 90_000);
});
