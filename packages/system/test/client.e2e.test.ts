import { createLaterClient, LaterError, type LaterClient, type TaskEvent } from '@later/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultyProxy, startTestSystem, waitFor, type FaultyProxy, type TestSystem } from '../src/testing/index.js';

describe('@later/client against a real stack', () => {
  let system: TestSystem;
  let proxy: FaultyProxy;
  /** Through the proxy, which loses answers and cuts connections when told. */
  let later: LaterClient;
  let direct: LaterClient;
  const retries: { status: number; waitMs: number }[] = [];
  const webhook = (path: string) => ({
    channel: 'webhook' as const,
    webhook: { url: `${system.receiver.url}/${path}` },
  });
  const all = async <T>(items: AsyncIterable<T>) => {
    const list: T[] = [];
    for await (const item of items) list.push(item);
    return list;
  };

  beforeAll(async () => {
    system = await startTestSystem({
      env: {
        scheduler: { EVENT_POLL_MS: '50' },
        // A low limit, so that bursts of calls meet 429s the client must wait out.
        frontend: { RATE_LIMIT_PER_SECOND: '5', RATE_LIMIT_BURST: '5', SSE_HEARTBEAT_MS: '300' },
      },
    });
    await system.api.signup('client@example.com');
    proxy = await startFaultyProxy(system.stack.frontendUrl);
    const retry = { onRetry: (info: { status: number; waitMs: number }) => void retries.push(info) };
    later = createLaterClient({ baseUrl: proxy.url, apiKey: system.api.apiKey!, retry });
    direct = createLaterClient({ baseUrl: system.stack.frontendUrl, apiKey: system.api.apiKey!, retry });
  });
  afterAll(async () => {
    await proxy?.close();
    await system?.stop();
  });

  it('creates a task, and a create whose answer was lost is retried into the same task, never a second', async () => {
    proxy.loseNextAnswer((r) => r.method === 'POST' && r.path === '/v1/tasks');
    const created = await later.tasks.create({ ...webhook('lost-answer'), delay: 'PT1H' });
    expect(created).toEqual({ id: expect.any(String), status: 'scheduled', dueAt: expect.any(String) });

    const posts = proxy.requests.filter((r) => r.method === 'POST' && r.path === '/v1/tasks');
    // Two asks at least (a 429 from the low rate limit may add one), all with one key.
    expect(posts.length).toBeGreaterThanOrEqual(2);
    expect(posts[0]!.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(posts.map((r) => r.headers['idempotency-key'])).size).toBe(1);
    expect((await all(later.tasks.list({ q: 'lost-answer' }))).map((t) => t.id)).toEqual([created.id]);

    const another = await later.tasks.create({ ...webhook('lost-answer'), delay: 'PT1H' });
    expect(another.id).not.toBe(created.id);
    expect(
      proxy.requests.filter((r) => r.method === 'POST' && r.path === '/v1/tasks').at(-1)!.headers['idempotency-key'],
    ).not.toBe(posts[0]!.headers['idempotency-key']);
  });

  it('retries a reminder whose answer was lost into the same reminder (the frontend honours its Idempotency-Key)', async () => {
    proxy.loseNextAnswer((r) => r.method === 'POST' && r.path === '/v1/reminders');
    const reminder = await later.reminders.create({ text: 'water the lost-answer plants', within: 'P1D' });
    // The lost answer is asked again; a 429 from the low rate limit may add one more ask.
    const asks = proxy.requests.filter((r) => r.path === '/v1/reminders');
    expect(asks.length).toBeGreaterThanOrEqual(2);
    expect(new Set(asks.map((r) => r.headers['idempotency-key'])).size).toBe(1);
    expect((await all(later.tasks.list({ channel: 'email', q: 'lost-answer plants' }))).map((t) => t.id)).toEqual([
      reminder.id,
    ]);
  });

  it('lists every task, page after page', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await direct.tasks.create({ ...webhook(`paged-${i}`), delay: 'PT1H' })).id);
    const before = proxy.requests.length;
    const listed = await all(later.tasks.list({ q: 'paged-', limit: 3 }));
    expect(listed.map((t) => t.id)).toEqual([...ids].reverse());
    // A page the rate limit answered 429 is asked again with the same path: one page, two requests.
    const pages = proxy.requests.slice(before).filter((r, i, all) => i === 0 || r.path !== all[i - 1]!.path);
    expect(pages.map((r) => r.path.includes('cursor='))).toEqual([false, true, true]);
  });

  it('gets, updates, replays and cancels; every failure is a LaterError with status, error and issues', async () => {
    const { id } = await direct.tasks.create({ ...webhook('edit'), delay: 'PT1H' });
    expect((await direct.tasks.get(id)).attempts).toEqual([]);
    expect((await direct.tasks.update(id, { priority: 'high' })).priority).toBe('high');
    expect((await direct.tasks.cancel(id)).status).toBe('cancelled');

    const conflict = await direct.tasks.cancel(id).catch((err: unknown) => err);
    expect(conflict).toBeInstanceOf(LaterError);
    expect(conflict).toMatchObject({ status: 409 });
    const invalid = await direct.tasks
      .create({ channel: 'webhook', webhook: { url: 'ftp://example.com' } })
      .catch((err: unknown) => err);
    expect(invalid).toMatchObject({
      status: 400,
      error: expect.stringContaining('webhook.url'),
      issues: [{ path: 'webhook.url', message: expect.any(String) }],
    });
    expect(await direct.tasks.get('999999999').catch((err: unknown) => err)).toMatchObject({
      status: 404,
      error: 'no task 999999999',
    });
    const stranger = createLaterClient({ baseUrl: system.stack.frontendUrl, apiKey: 'lk_nobody.nothing' });
    expect(await stranger.tasks.get(id).catch((err: unknown) => err)).toMatchObject({ status: 401 });

    const done = await direct.tasks.create(webhook('replayed'));
    await waitFor('the task delivered', async () => (await direct.tasks.get(done.id)).status === 'delivered');
    expect(await direct.tasks.replay(done.id)).toMatchObject({ id: done.id, status: 'scheduled' });
  });

  it('streams events and, after a dropped connection, resumes with Last-Event-ID: nothing missed, nothing twice', async () => {
    const events: TaskEvent[] = [];
    const stop = new AbortController();
    const reading = (async () => {
      for await (const event of later.events.subscribe({ signal: stop.signal, reconnectDelayMs: 100 }))
        events.push(event);
    })();
    const statusesOf = (taskId: string) => events.filter((e) => e.taskId === taskId).map((e) => e.status);
    try {
      // Created once the stream is open, so its events come on it.
      await waitFor('the stream open', () => proxy.requests.some((r) => r.path === '/v1/events'));
      const first = await direct.tasks.create(webhook('before-the-drop'));
      await waitFor('the first task delivered on the stream', () => statusesOf(first.id).includes('delivered'));
      const lastBeforeDrop = events.at(-1)!.id;

      proxy.refuseConnections(true);
      proxy.dropConnections();
      const during = await direct.tasks.create(webhook('during-the-drop'));
      await waitFor(
        'the task delivered while the stream was down',
        async () => (await direct.tasks.get(during.id)).status === 'delivered',
      );
      proxy.refuseConnections(false);

      await waitFor('the missed events, after the reconnect', () => statusesOf(during.id).includes('delivered'));
      expect(statusesOf(during.id)).toEqual(['scheduled', 'running', 'delivered']);
      expect(statusesOf(first.id).filter((s) => s === 'delivered')).toHaveLength(1);
      expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
      const resumed = proxy.requests.filter(
        (r) => r.path === '/v1/events' && r.headers['last-event-id'] === lastBeforeDrop,
      );
      expect(resumed.length).toBeGreaterThanOrEqual(1);
    } finally {
      stop.abort();
      await reading;
    }
  });

  it('waits out 429 Too Many Requests after Retry-After: a burst beyond the rate limit all goes through, once each', async () => {
    retries.length = 0;
    const created = await Promise.all(
      Array.from({ length: 12 }, (_, i) => direct.tasks.create({ ...webhook(`burst-${i}`), delay: 'PT1H' })),
    );
    expect(new Set(created.map((t) => t.id)).size).toBe(12);
    expect(retries.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    expect(retries.every((r) => r.waitMs >= 1000)).toBe(true);
    expect(await all(direct.tasks.list({ q: 'burst-' }))).toHaveLength(12);
  });

  it('gives up on a 429 when retries are off, with the API error', async () => {
    const impatient = createLaterClient({
      baseUrl: system.stack.frontendUrl,
      apiKey: system.api.apiKey!,
      retry: { retries: 0 },
    });
    const answers = await Promise.allSettled(Array.from({ length: 12 }, () => impatient.tasks.get('1')));
    const refused = answers.filter((a) => a.status === 'rejected').map((a) => (a as PromiseRejectedResult).reason);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.find((err) => err.status === 429)).toMatchObject({ error: 'too many requests for this caller' });
  });
});
