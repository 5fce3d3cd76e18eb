import { verifyLaterWebhook } from '@later/webhook-verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestSystem,
  startWebhookReceiver,
  waitFor,
  type ReceivedDelivery,
  type TestSystem,
  type WebhookReceiver,
} from '../src/testing/index.js';

describe('callbacks: the outcome of a task, posted signed once it is delivered or dead (3 scheduler replicas)', () => {
  let system: TestSystem;
  let outcomes: WebhookReceiver;
  let secret: string;

  const create = async (path: string, extra: Record<string, unknown> = {}) => {
    const created = await system.api.call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: { url: `${system.receiver.url}${path}` },
      callback: { url: `${outcomes.url}/outcome` },
      ...extra,
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };
  const reportsOf = (taskId: string) => outcomes.received.filter((r) => JSON.parse(r.body).taskId === taskId);
  const reportOf = (taskId: string) =>
    waitFor(`the callback of ${taskId}`, () => reportsOf(taskId).find((r) => r.attempt >= 1), { timeoutMs: 20_000 });
  const verifies = (d: ReceivedDelivery) => verifyLaterWebhook({ secret, headers: d.headers, body: d.body });

  beforeAll(async () => {
    outcomes = await startWebhookReceiver();
    system = await startTestSystem({
      shardCount: 4,
      schedulers: 3,
      env: { scheduler: { RETRY_BASE_MS: '50', RETRY_MAX_MS: '100', DEFAULT_MAX_ATTEMPTS: '2' } },
    });
    await system.api.signup('ada@example.com');
    secret = (await system.api.call('GET', '/v1/signing-keys')).body.keys[0].secret;
    system.receiver.respondWith((d) => (d.path.startsWith('/fail') ? { status: 503 } : { status: 200 }));
  });
  afterAll(async () => {
    await system?.stop();
    await outcomes?.close();
  });

  it('posts a signed report for a delivered task and for a dead one; both verify with @later/webhook-verify', async () => {
    const delivered = await create('/ok');
    const dead = await create('/fail');
    const [good, bad] = [await reportOf(delivered), await reportOf(dead)];

    expect(verifies(good)).toBe(true);
    expect(verifies(bad)).toBe(true);
    expect(verifies({ ...good, body: good.body.replace('delivered', 'dead') })).toBe(false);
    expect(good.method).toBe('POST');
    expect(good.headers['content-type']).toBe('application/json');
    expect(JSON.parse(good.body)).toEqual({
      taskId: delivered,
      status: 'delivered',
      attempts: 1,
      outcome: 'success',
      httpStatus: 200,
      finishedAt: expect.any(String),
    });
    expect(JSON.parse(bad.body)).toEqual({
      taskId: dead,
      status: 'dead',
      attempts: 2,
      outcome: 'retryable',
      httpStatus: 503,
      error: expect.stringMatching(/^HTTP 503/),
      finishedAt: expect.any(String),
    });
    // The finish time is the last attempt's, as the task shows it.
    const task = (await system.api.call('GET', `/v1/tasks/${dead}`)).body;
    expect(JSON.parse(bad.body).finishedAt).toBe(task.attempts.at(-1).finishedAt);
    expect(task.callback).toEqual({ url: `${outcomes.url}/outcome` });

    // The callback is an ordinary task of the owner: it shows what it reports on.
    const callbackTask = await waitFor('the callback task delivered', async () => {
      const got = await system.api.call('GET', `/v1/tasks/${good.deliveryId}`);
      return got.body.status === 'delivered' ? got.body : undefined;
    });
    expect(callbackTask).toMatchObject({
      callbackFor: delivered,
      channel: 'webhook',
      webhook: { url: `${outcomes.url}/outcome`, method: 'POST' },
    });
    expect(callbackTask.callback).toBeUndefined();
  });

  it('sends exactly one report per final outcome with 3 replicas: none for a cancelled task, none for a callback, again after a replay', async () => {
    const ids = await Promise.all(
      Array.from({ length: 60 }, (_, i) => create(i % 4 === 0 ? `/fail-${i}` : `/ok-${i}`)),
    );
    const cancelled = await create('/never', { delay: 'PT1H' });
    expect((await system.api.call('DELETE', `/v1/tasks/${cancelled}`)).status).toBe(200);
    await waitFor('every report', () => ids.every((id) => reportsOf(id).length > 0), { timeoutMs: 60_000 });
    // Time for a second report to show up, if one were ever sent.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    for (const id of ids) expect([id, reportsOf(id).length]).toEqual([id, 1]);
    expect(reportsOf(cancelled)).toEqual([]);
    const reported = new Set(outcomes.received.map((r) => JSON.parse(r.body).taskId as string));
    const callbackTaskIds = outcomes.received.map((r) => r.deliveryId);
    expect(callbackTaskIds.filter((id) => reported.has(id))).toEqual([]);
    const rows = await system.db.query<{ callback_for: string; n: number }>(
      'SELECT callback_for::text, count(*)::int AS n FROM tasks WHERE callback_for = ANY($1::bigint[]) GROUP BY callback_for',
      [ids],
    );
    expect(rows).toHaveLength(60);
    expect(rows.every((r) => r.n === 1)).toBe(true);

    // A replayed task that ends again is a new outcome: one more report, of attempt 2.
    const replayed = ids[1]!;
    expect((await system.api.call('POST', `/v1/tasks/${replayed}/replay`)).status).toBe(200);
    await waitFor('the second report', () => reportsOf(replayed).length === 2, { timeoutMs: 20_000 });
    expect(JSON.parse(reportsOf(replayed)[1]!.body)).toMatchObject({ status: 'delivered', attempts: 2 });
  }, 120_000);

  it('retries a report its receiver refuses, like any webhook', async () => {
    let refused = 0;
    outcomes.respondWith(() => (refused++ === 0 ? { status: 503 } : { status: 200 }));
    const id = await create('/ok');
    await waitFor('a report delivered after a refusal', () => reportsOf(id).length === 2, { timeoutMs: 20_000 });
    const [first, second] = reportsOf(id);
    expect([first!.deliveryId, first!.attempt, second!.attempt]).toEqual([second!.deliveryId, 1, 2]);
    outcomes.respondWith(() => ({ status: 200 }));
  });

  it("reports a schedule's occurrences too, naming the schedule", async () => {
    const schedule = await system.api.call('POST', '/v1/schedules', {
      every: 'PT1S',
      maxRuns: 1,
      task: {
        channel: 'webhook',
        webhook: { url: `${system.receiver.url}/ok-scheduled` },
        callback: { url: `${outcomes.url}/outcome` },
      },
    });
    expect(schedule.status).toBe(201);
    const report = await waitFor(
      'the occurrence\u2019s report',
      () => outcomes.received.find((r) => JSON.parse(r.body).scheduleId === schedule.body.id),
      { timeoutMs: 20_000 },
    );
    expect(verifies(report)).toBe(true);
    expect(JSON.parse(report.body)).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it.each([
    [{ url: 'http://10.0.0.5/outcome' }, 'callback.url'],
    [{ url: 'http://169.254.169.254/latest/meta-data' }, 'callback.url'],
    [{ url: 'ftp://example.com/x' }, 'callback.url'],
    [{}, 'callback.url'],
    [{ url: 'https://example.com/x', secret: 'x' }, 'callback.secret'],
    ['https://example.com/x', 'callback'],
  ])('refuses the callback %j with 400 naming %s', async (callback, field) => {
    const answer = await system.api.call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: { url: `${system.receiver.url}/x` },
      callback,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.issues.map((i: { path: string }) => i.path)).toContain(field);
  });

  it('refuses a refused address in a schedule\u2019s task template, naming task.callback.url', async () => {
    const answer = await system.api.call('POST', '/v1/schedules', {
      every: 'PT1H',
      task: {
        channel: 'webhook',
        webhook: { url: `${system.receiver.url}/x` },
        callback: { url: 'http://192.168.1.10/' },
      },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.issues[0].path).toBe('task.callback.url');
  });
});
