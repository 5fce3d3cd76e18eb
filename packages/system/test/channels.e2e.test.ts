import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  senderChannelEnv,
  startSmsProvider,
  startSmtpServer,
  startTestSystem,
  startWebhookReceiver,
  waitFor,
  type PublicApiClient,
  type TestSmsProvider,
  type TestSmtpServer,
  type TestSystem,
  type WebhookReceiver,
} from '../src/testing/index.js';

describe('email and SMS channels, and flow control, on real servers', () => {
  let system: TestSystem;
  let api: PublicApiClient;
  let smtp: TestSmtpServer;
  let sms: TestSmsProvider;
  let fast: WebhookReceiver;

  const until = (id: string, status: string) =>
    waitFor(`task ${id} ${status}`, async () => {
      const task = (await api.call('GET', `/v1/tasks/${id}`)).body;
      return task.status === status ? task : undefined;
    });

  beforeAll(async () => {
    [smtp, sms, fast] = await Promise.all([startSmtpServer(), startSmsProvider(), startWebhookReceiver()]);
    system = await startTestSystem({
      shardCount: 2,
      schedulers: 2,
      env: {
        sender: {
          ...senderChannelEnv(smtp, sms),
          CONCURRENCY: '6',
          PER_DESTINATION_CONCURRENCY: '2',
          // Fewer than the SMTP pool's 5 connections: each email slot in use is a session at the server.
          EMAIL_CONCURRENCY: '4',
          DESTINATION_BUSY_DELAY_MS: '100',
          EMAIL_RATE_PER_SECOND: '4',
        },
      },
    });
    api = system.api;
    await api.signup('channels@example.com');
  });
  afterAll(async () => {
    await system?.stop();
    await Promise.all([smtp?.close(), sms?.close(), fast?.close()]);
  });

  it('delivers an email task to the SMTP server and records it delivered', async () => {
    const created = await api.call('POST', '/v1/tasks', {
      channel: 'email',
      email: { to: 'ada@example.com', subject: 'Reminder', text: 'Call grandma.' },
      delay: 'PT1S',
    });
    expect(created.status).toBe(201);
    const task = await until(created.body.id, 'delivered');
    expect(task.email).toEqual({ to: 'ada@example.com', subject: 'Reminder', text: 'Call grandma.' });
    const mail = smtp.received.find((m) => m.message.headers.get('later-delivery-id') === created.body.id)!;
    expect(mail.envelopeTo).toEqual(['ada@example.com']);
    expect(mail.message.text?.trim()).toBe('Call grandma.');
    expect(mail.receivedAt).toBeGreaterThanOrEqual(Date.parse(created.body.dueAt));
  });

  it('delivers an SMS task through the provider\u2019s Messages API and records it delivered', async () => {
    const created = await api.call('POST', '/v1/tasks', {
      channel: 'sms',
      sms: { to: '+4915112345678', body: 'Call grandma.' },
    });
    const task = await until(created.body.id, 'delivered');
    expect(task.attempts[0]).toMatchObject({ outcome: 'success', httpStatus: 201 });
    expect(sms.received.at(-1)).toMatchObject({
      authorised: true,
      to: '+4915112345678',
      from: '+4930123456',
      body: 'Call grandma.',
    });
  });

  it('records a refused recipient as dead, with the provider\u2019s reason', async () => {
    smtp.refuse('nowhere.example', 550);
    const mail = await api.call('POST', '/v1/tasks', {
      channel: 'email',
      email: { to: 'x@nowhere.example', subject: 's', text: 't' },
    });
    const text = await api.call('POST', '/v1/tasks', { channel: 'sms', sms: { to: '+15550009999', body: 'b' } });
    expect((await until(mail.body.id, 'dead')).attempts[0].error).toMatch(/^SMTP 550/);
    expect((await until(text.body.id, 'dead')).attempts[0]).toMatchObject({ outcome: 'permanent', httpStatus: 400 });
  });

  it('answers a task without the target of its channel, or with another one\u2019s, with 400 naming it', async () => {
    const cases: [unknown, string][] = [
      [{ channel: 'email' }, 'email'],
      [
        { channel: 'email', email: { to: 'a@b.co', subject: 's', text: 't' }, webhook: { url: 'https://x.y' } },
        'webhook',
      ],
      [{ channel: 'sms', sms: { to: '015112345678', body: 'b' } }, 'sms.to'],
      [{ channel: 'sms', sms: { to: '+4915112345678', body: '' } }, 'sms.body'],
      [{ channel: 'email', email: { to: 'not-an-address', subject: 's', text: 't' } }, 'email.to'],
      [{ channel: 'email', email: { to: 'a@b.co', subject: 'two\nlines', text: 't' } }, 'email.subject'],
    ];
    for (const [body, field] of cases) {
      const answer = await api.call('POST', '/v1/tasks', body);
      expect([answer.status, answer.body.issues.map((i: { path: string }) => i.path)]).toEqual([
        400,
        expect.arrayContaining([field]),
      ]);
    }
  });

  it('gives one slow receiver at most its share of slots, so another host is not held up', async () => {
    system.receiver.respondWith((d) => (d.path === '/slow' ? { status: 200, delayMs: 1500 } : { status: 200 }));
    const slow = await Promise.all(
      Array.from({ length: 10 }, () =>
        api.call('POST', '/v1/tasks', { channel: 'webhook', webhook: { url: `${system.receiver.url}/slow` } }),
      ),
    );
    const startedAt = Date.now();
    const quick = await Promise.all(
      Array.from({ length: 4 }, () =>
        api.call('POST', '/v1/tasks', { channel: 'webhook', webhook: { url: `${fast.url}/quick` } }),
      ),
    );
    await waitFor('the other host\u2019s tasks', () => fast.received.length >= 4);
    // All four arrived while the slow host still had most of its ten waiting.
    expect(Date.now() - startedAt).toBeLessThan(1400);
    await waitFor(
      'the slow host\u2019s tasks',
      () => system.receiver.received.filter((r) => r.path === '/slow' && r.respondedAt).length >= 10,
      { timeoutMs: 20_000 },
    );
    const slowOnes = system.receiver.received.filter((r) => r.path === '/slow');
    const mostAtOnce = Math.max(
      ...slowOnes.map(
        (a) => slowOnes.filter((b) => b.receivedAt <= a.receivedAt && b.respondedAt! > a.receivedAt).length,
      ),
    );
    expect(mostAtOnce).toBeLessThanOrEqual(2);
    for (const { body } of [...slow, ...quick]) await until(body.id, 'delivered');
    system.receiver.respondWith(() => ({ status: 200 }));
  });

  it('one slow channel does not starve the others: with every email slot held by a stalled SMTP server, webhooks go out at once', async () => {
    const release = smtp.hold();
    // Each to a domain of its own, so that the email slots, not the per-destination limit, run out.
    const emails = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        api.call('POST', '/v1/tasks', {
          channel: 'email',
          email: { to: `ada@slow-${i}.example`, subject: 'slow', text: 't' },
        }),
      ),
    );
    await waitFor('all 4 email slots held at the SMTP server', () => smtp.held() === 4, { timeoutMs: 15_000 });
    const quick = await Promise.all(
      Array.from({ length: 4 }, () =>
        api.call('POST', '/v1/tasks', { channel: 'webhook', webhook: { url: `${fast.url}/beside-slow-email` } }),
      ),
    );
    const arrived = await waitFor('the webhooks', () => {
      const got = fast.received.filter((r) => r.path === '/beside-slow-email');
      return got.length >= 4 && got;
    });
    const lateness = arrived.map(
      (r) => r.receivedAt - Date.parse(quick.find((q) => q.body.id === r.deliveryId)!.body.dueAt),
    );
    expect(Math.max(...lateness)).toBeLessThan(1000);
    // The email channel was full all along: four held, the other two still waiting for a slot.
    expect(smtp.held()).toBe(4);
    const statuses = await Promise.all(
      emails.map(async ({ body }) => (await api.call('GET', `/v1/tasks/${body.id}`)).body.status),
    );
    expect(statuses.sort()).toEqual(['running', 'running', 'running', 'running', 'scheduled', 'scheduled']);
    release();
    for (const { body } of emails) await until(body.id, 'delivered');
  });

  it('keeps the email channel to its rate limit', async () => {
    const before = smtp.received.length;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api.call('POST', '/v1/tasks', {
          channel: 'email',
          email: { to: `r${i}@example.com`, subject: 'rate', text: 't' },
        }),
      ),
    );
    await waitFor('twenty emails', () => smtp.received.length >= before + 20, { timeoutMs: 30_000 });
    const times = smtp.received
      .slice(before)
      .map((m) => m.receivedAt)
      .sort((a, b) => a - b);
    // 4 per second with a burst of 4: twenty take at least four seconds (transit jitter aside).
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(3000);
  });
});
