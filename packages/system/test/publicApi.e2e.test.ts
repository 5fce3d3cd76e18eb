import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../src/index.js';
import {
  startTestSystem,
  waitFor,
  type PublicApiClient,
  type TestSystem,
  type WebhookReceiver,
} from '../src/testing/index.js';

describe('the public API, end to end on real processes', () => {
  let system: TestSystem;
  let stack: Stack;
  let receiver: WebhookReceiver;
  let api: PublicApiClient;
  let apiKey: string;
  const call = (method: string, path: string, body?: unknown, key: string | null = apiKey) =>
    api.call(method, path, body, { key });

  beforeAll(async () => {
    system = await startTestSystem({
      shardCount: 4,
      schedulers: 2,
      env: { scheduler: { RETRY_BASE_MS: '50', RETRY_MAX_MS: '100', DEFAULT_MAX_ATTEMPTS: '3' } },
    });
    ({ stack, receiver, api } = system);
    await api.signup('ada@example.com', 'correct horse battery');
    apiKey = api.apiKey!;
  });

  afterAll(() => system?.stop());

  it('has no dev outbox or inbox outside npm run dev (no DEV_OUTBOX_URL)', async () => {
    for (const path of ['/v1/dev/outbox', '/v1/dev/inbox']) expect((await call('GET', path)).status).toBe(404);
  });

  it('delivers a webhook due in 2 s and shows it delivered with one attempt', async () => {
    const created = await call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: { url: `${receiver.url}/hook`, body: { text: 'take the laundry out' } },
      delay: 'PT2S',
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('scheduled');
    const dueAt = Date.parse(created.body.dueAt);

    const delivery = await waitFor('the webhook', () =>
      receiver.received.find((r) => r.deliveryId === created.body.id),
    );
    expect(delivery.receivedAt).toBeGreaterThanOrEqual(dueAt - 50);
    expect(JSON.parse(delivery.body)).toEqual({ text: 'take the laundry out' });
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(delivery.attempt).toBe(1);

    const task = await waitFor('status delivered', async () => {
      const got = await call('GET', `/v1/tasks/${created.body.id}`);
      return got.body.status === 'delivered' ? got.body : undefined;
    });
    expect(task.attempts).toHaveLength(1);
    expect(task.attempts[0]).toMatchObject({ n: 1, outcome: 'success', httpStatus: 200, dueAt: created.body.dueAt });
    // Each stage's time, in order: how late it was claimed, started and finished.
    const stages = [
      dueAt,
      ...['claimedAt', 'startedAt', 'finishedAt'].map((stage) => Date.parse(task.attempts[0][stage])),
    ];
    expect(stages.every(Number.isFinite)).toBe(true);
    expect(stages).toEqual([...stages].sort((x, y) => x - y));
  });

  it('retries a 503 and records every attempt, then a 404 is permanent', async () => {
    let calls = 0;
    receiver.respondWith((d) =>
      d.path === '/flaky' && ++calls === 1 ? { status: 503 } : d.path === '/gone' ? { status: 404 } : { status: 200 },
    );
    const flaky = await call('POST', '/v1/tasks', { channel: 'webhook', webhook: { url: `${receiver.url}/flaky` } });
    const gone = await call('POST', '/v1/tasks', { channel: 'webhook', webhook: { url: `${receiver.url}/gone` } });
    const flakyTask = await waitFor('flaky delivered', async () => {
      const got = await call('GET', `/v1/tasks/${flaky.body.id}`);
      return got.body.status === 'delivered' ? got.body : undefined;
    });
    expect(
      flakyTask.attempts.map((a: { n: number; outcome: string; httpStatus?: number }) => [
        a.n,
        a.outcome,
        a.httpStatus,
      ]),
    ).toEqual([
      [1, 'retryable', 503],
      [2, 'success', 200],
    ]);
    // A retry has a due time of its own, after the failure, and is claimed at or after it.
    const [first, retry] = flakyTask.attempts;
    expect(Date.parse(retry.dueAt)).toBeGreaterThan(Date.parse(first.finishedAt));
    expect(Date.parse(retry.claimedAt)).toBeGreaterThanOrEqual(Date.parse(retry.dueAt));
    const goneTask = await waitFor('gone dead', async () => {
      const got = await call('GET', `/v1/tasks/${gone.body.id}`);
      return got.body.status === 'dead' ? got.body : undefined;
    });
    expect(
      goneTask.attempts.map((a: { n: number; outcome: string; httpStatus?: number }) => [a.n, a.outcome, a.httpStatus]),
    ).toEqual([[1, 'permanent', 404]]);
    receiver.respondWith(() => ({ status: 200 }));
  });

  it('cancels a task that has not run, and refuses to cancel one that has', async () => {
    const later = await call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: { url: `${receiver.url}/never` },
      delay: 'PT1H',
    });
    const cancelled = await call('DELETE', `/v1/tasks/${later.body.id}`);
    expect(cancelled).toMatchObject({ status: 200, body: { id: later.body.id, status: 'cancelled' } });
    expect((await call('DELETE', `/v1/tasks/${later.body.id}`)).status).toBe(409);

    const now = await call('POST', '/v1/tasks', { channel: 'webhook', webhook: { url: `${receiver.url}/now` } });
    await waitFor('delivered', async () => (await call('GET', `/v1/tasks/${now.body.id}`)).body.status === 'delivered');
    const refused = await call('DELETE', `/v1/tasks/${now.body.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatch(/delivered/);
  });

  it("lists the caller's tasks newest first, paged, and filters by status", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(
        (await call('POST', '/v1/tasks', { channel: 'webhook', webhook: { url: `${receiver.url}/p` }, delay: 'P1D' }))
          .body.id,
      );
    }
    const first = await call('GET', '/v1/tasks?status=scheduled&limit=2');
    expect(first.body.tasks.map((t: { id: string }) => t.id)).toEqual([ids[2], ids[1]]);
    const second = await call('GET', `/v1/tasks?status=scheduled&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.tasks.map((t: { id: string }) => t.id)[0]).toBe(ids[0]);
  });

  it("keeps strangers out: no key 401, a wrong key 401, another user's task 404", async () => {
    expect((await call('GET', '/v1/tasks', undefined, null)).status).toBe(401);
    expect(
      (await call('GET', '/v1/tasks', undefined, 'lk_000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status,
    ).toBe(401);
    const mine = await call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: { url: `${receiver.url}/x` },
      delay: 'P1D',
    });
    const other = await call(
      'POST',
      '/v1/signup',
      { email: 'eve@example.com', password: 'another long password' },
      null,
    );
    expect((await call('GET', `/v1/tasks/${mine.body.id}`, undefined, other.body.apiKey)).status).toBe(404);
    expect((await call('DELETE', `/v1/tasks/${mine.body.id}`, undefined, other.body.apiKey)).status).toBe(404);
    expect((await call('GET', '/v1/tasks', undefined, other.body.apiKey)).body.tasks).toEqual([]);
    // The scheduler's internal API does not answer without the service token.
    const internal = await fetch(
      `${stack.schedulerUrl}/internal/v1/owners/${'0'.repeat(8)}-0000-4000-8000-000000000000/tasks`,
    );
    expect(internal.status).toBe(401);
  });

  it('keeps accepting and delivering tasks when a scheduler replica is killed', async () => {
    await stack.schedulers[0]!.kill();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const created = await call('POST', '/v1/tasks', {
        channel: 'webhook',
        webhook: { url: `${receiver.url}/survivor` },
      });
      expect(created.status).toBe(201);
      ids.push(created.body.id);
    }
    // Polled at 24 reads a second, under the caller's rate limit (50/s): a task in a shard the
    // dead replica owned waits a second for takeover, and faster polling used up the burst
    // meanwhile, so every later read was a 429.
    await waitFor(
      'every task delivered by the surviving replica',
      async () => {
        // Reads are spread over both replicas too, the dead one included: each must still answer.
        const statuses = await Promise.all(ids.map(async (id) => (await call('GET', `/v1/tasks/${id}`)).body.status));
        return statuses.every((s) => s === 'delivered');
      },
      { intervalMs: 250 },
    );
  });

  it('refuses to cancel a task while it is being delivered (409), and it is delivered once', async () => {
    receiver.respondWith((d) => (d.path === '/slow-cancel' ? { status: 200, delayMs: 2000 } : { status: 200 }));
    const created = await call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: { url: `${receiver.url}/slow-cancel` },
    });
    await waitFor('the delivery to reach the receiver', () =>
      receiver.received.some((r) => r.deliveryId === created.body.id),
    );
    const refused = await call('DELETE', `/v1/tasks/${created.body.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatch(/running/);
    await waitFor(
      'delivered',
      async () => (await call('GET', `/v1/tasks/${created.body.id}`)).body.status === 'delivered',
    );
    expect(receiver.received.filter((r) => r.deliveryId === created.body.id)).toHaveLength(1);
    receiver.respondWith(() => ({ status: 200 }));
  });

  it.each([
    ['POST', '/v1/signup', 400, 'email', { email: 'not-an-email', password: 'long enough password' }],
    ['POST', '/v1/signup', 400, 'password', { email: 'b@example.com', password: 'short' }],
    ['POST', '/v1/signup', 409, 'email', { email: 'ada@example.com', password: 'correct horse battery' }],
    ['POST', '/v1/tasks', 400, 'webhook.url', { channel: 'webhook', webhook: { url: 'ftp://x' } }],
    ['POST', '/v1/tasks', 400, 'webhook', { channel: 'webhook' }],
    ['POST', '/v1/tasks', 400, 'channel', { channel: 'fax', webhook: { url: 'http://x.y' } }],
    ['POST', '/v1/tasks', 400, 'runAt', { channel: 'webhook', webhook: { url: 'http://x.y' }, runAt: 'tomorrow' }],
    ['POST', '/v1/tasks', 400, 'delay', { channel: 'webhook', webhook: { url: 'http://x.y' }, delay: 'soon' }],
    ['POST', '/v1/tasks', 400, 'delay', { channel: 'webhook', webhook: { url: 'http://x.y' }, delay: 'P10Y' }],
    ['POST', '/v1/tasks', 400, 'surprise', { channel: 'webhook', webhook: { url: 'http://x.y' }, surprise: 1 }],
    // The bounds the contract states beside the delays it shares (Delay is up to five years).
    ['POST', '/v1/tasks', 400, 'timeout', { channel: 'webhook', webhook: { url: 'http://x.y' }, timeout: 'PT10M1S' }],
    ['POST', '/v1/tasks', 400, 'timeout', { channel: 'webhook', webhook: { url: 'http://x.y' }, timeout: 99 }],
    [
      'POST',
      '/v1/tasks',
      400,
      'retry.baseDelay',
      { channel: 'webhook', webhook: { url: 'http://x.y' }, retry: { baseDelay: 'P8D' } },
    ],
    [
      'POST',
      '/v1/tasks',
      400,
      'retry.maxDelay',
      { channel: 'webhook', webhook: { url: 'http://x.y' }, retry: { baseDelay: 'PT1M', maxDelay: 'PT30S' } },
    ],
    ['POST', '/v1/tasks', 400, '(body)', '{"channel": "webhook",'],
    ['POST', '/v1/tasks', 400, '(body)', [1, 2]],
    ['GET', '/v1/tasks?limit=0', 400, 'limit', undefined],
    ['GET', '/v1/tasks?status=lost', 400, 'status', undefined],
    ['GET', '/v1/tasks?cursor=%%%', 400, 'cursor', undefined],
    ['GET', '/v1/tasks/abc', 400, 'id', undefined],
    ['GET', '/v1/tasks/99999999999999999999', 400, 'id', undefined],
    ['DELETE', '/v1/tasks/-1', 400, 'id', undefined],
  ])('%s %s with bad input answers %i naming %s', async (method, path, status, field, body) => {
    const answer = await call(method, path, body, path === '/v1/signup' ? null : apiKey);
    expect(answer.status).toBe(status);
    expect(answer.body.issues.map((i: { path: string }) => i.path)).toContain(field);
    expect(typeof answer.body.error).toBe('string');
  });

  it('answers text Postgres cannot store (NUL, lone surrogates) with 400 naming the field, in every stored field, and creates nothing', async () => {
    const nul = 'a\u0000b';
    const lone = 'a\ud800b';
    const url = `${receiver.url}/stored-text`;
    const webhookTask = (webhook: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
      channel: 'webhook',
      webhook: { url, ...webhook },
      ...extra,
    });
    const email = (fields: Record<string, unknown>) => ({
      channel: 'email',
      email: { to: 'ada@example.com', subject: 's', text: 't', ...fields },
    });
    const pending = (await call('POST', '/v1/tasks', webhookTask({}, { delay: 'P1D' }))).body.id;
    const before = (await call('GET', '/v1/tasks?limit=100')).body.tasks;
    const requests: [string, string, unknown, string][] = [
      ['POST', '/v1/tasks', webhookTask({ url: `${url}/${nul}` }), 'webhook.url'],
      ['POST', '/v1/tasks', webhookTask({ body: `text ${nul}` }), 'webhook.body'],
      ['POST', '/v1/tasks', webhookTask({ body: { note: nul } }), 'webhook.body.note'],
      ['POST', '/v1/tasks', webhookTask({ body: { list: [1, lone] } }), 'webhook.body.list.1'],
      ['POST', '/v1/tasks', webhookTask({ body: { [nul]: 1 } }), `webhook.body.${JSON.stringify(nul)}`],
      ['POST', '/v1/tasks', webhookTask({ headers: { 'x-note': lone } }), 'webhook.headers.x-note'],
      ['POST', '/v1/tasks', webhookTask({}, { key: nul }), 'key'],
      ['POST', '/v1/tasks', webhookTask({}, { key: lone }), 'key'],
      ['POST', '/v1/tasks', webhookTask({}, { stream: lone }), 'stream'],
      ['POST', '/v1/tasks', webhookTask({}, { callback: { url: `${url}/${nul}` } }), 'callback.url'],
      ['POST', '/v1/tasks', email({ subject: nul }), 'email.subject'],
      ['POST', '/v1/tasks', email({ text: lone }), 'email.text'],
      ['POST', '/v1/tasks', { channel: 'sms', sms: { to: '+4915112345678', body: nul } }, 'sms.body'],
      ['PATCH', `/v1/tasks/${pending}`, { webhook: { url, body: [nul] } }, 'webhook.body.0'],
      ['POST', '/v1/schedules', { key: nul, every: 'PT1H', task: webhookTask() }, 'key'],
      ['POST', '/v1/schedules', { every: 'PT1H', task: webhookTask({ body: { x: lone } }) }, 'task.webhook.body.x'],
      ['POST', '/v1/reminders', { text: nul, within: 'P1D' }, 'text'],
      ['POST', '/v1/api-keys', { name: nul }, 'name'],
      ['POST', '/v1/api-keys', { name: lone }, 'name'],
      ['GET', `/v1/tasks?key=${encodeURIComponent(nul)}`, undefined, 'key'],
    ];
    const answers = [];
    for (const [method, path, body, field] of requests) {
      const answer = await call(method, path, body);
      answers.push({
        method,
        path: path.split('?')[0],
        field,
        status: answer.status,
        named: answer.body?.issues?.map((i: { path: string }) => i.path),
      });
    }
    expect(answers).toEqual(
      requests.map(([method, path, , field]) => ({
        method,
        path: path.split('?')[0],
        field,
        status: 400,
        named: [field],
      })),
    );
    expect((await call('GET', '/v1/tasks?limit=100')).body.tasks).toEqual(before);
    expect((await call('GET', '/v1/schedules')).body.schedules).toEqual([]);
    expect((await call('GET', '/v1/api-keys')).body.keys).toHaveLength(1);
    expect((await call('GET', `/v1/tasks/${pending}`)).body.webhook).toEqual({ url });
  });

  it('records a receiver’s error answer that holds a NUL (its history is not held up)', async () => {
    receiver.respondWith((d) =>
      d.path === '/nul-answer' ? { status: 404, body: 'no such hook\u0000, sorry' } : { status: 200 },
    );
    const created = await call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: { url: `${receiver.url}/nul-answer` },
    });
    const dead = await waitFor('the task dead, its attempt recorded', async () => {
      const got = await call('GET', `/v1/tasks/${created.body.id}`);
      return got.body.status === 'dead' ? got.body : undefined;
    });
    expect(dead.attempts).toMatchObject([
      { outcome: 'permanent', httpStatus: 404, error: expect.stringContaining('no such hook') },
    ]);
    receiver.respondWith(() => ({ status: 200 }));
  });

  it('forgets tasks finished longer ago than TASK_RETENTION_MS, with their attempts, and keeps the rest', async () => {
    const delivered = await call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: { url: `${receiver.url}/kept-a-while` },
    });
    const waiting = await call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: { url: `${receiver.url}/not-yet` },
      delay: 'PT1H',
    });
    await waitFor(
      'the first task delivered',
      async () => (await call('GET', `/v1/tasks/${delivered.body.id}`)).body.status === 'delivered',
    );
    const db = new pg.Client({ connectionString: system.db.url });
    await db.connect();
    try {
      // Both last changed two days ago: only the finished one is past a one-day retention.
      await db.query(`UPDATE tasks SET updated_at = now() - interval '2 days' WHERE id = ANY($1::bigint[])`, [
        [delivered.body.id, waiting.body.id],
      ]);
      // A replica with the retention set purges on its first reconciling pass.
      await stack.addScheduler({ env: { TASK_RETENTION_MS: '86400000' } });
      await waitFor(
        'the finished task forgotten',
        async () => (await call('GET', `/v1/tasks/${delivered.body.id}`)).status === 404,
      );
      expect(
        (await db.query('SELECT count(*)::int AS n FROM attempts WHERE task_id = $1', [delivered.body.id])).rows[0].n,
      ).toBe(0);
    } finally {
      await db.end();
    }
    expect((await call('GET', `/v1/tasks/${waiting.body.id}`)).body.status).toBe('scheduled');
  });
});
