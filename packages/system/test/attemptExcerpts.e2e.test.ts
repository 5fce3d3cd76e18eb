import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startSmtpServer,
  startTestSystem,
  startWebhookReceiver,
  waitFor,
  type PublicApiClient,
  type TestSmtpServer,
  type TestSystem,
  type WebhookReceiver,
} from '../src/testing/index.js';

describe('each attempt keeps an excerpt of what it sent and got back', () => {
  let system: TestSystem;
  let api: PublicApiClient;
  let smtp: TestSmtpServer;
  let receiver: WebhookReceiver;

  const finished = (id: string) =>
    waitFor(`task ${id} finished`, async () => {
      const task = (await api.call('GET', `/v1/tasks/${id}`)).body;
      return ['delivered', 'dead'].includes(task.status) ? task : undefined;
    });

  beforeAll(async () => {
    [smtp, receiver] = await Promise.all([startSmtpServer(), startWebhookReceiver()]);
    system = await startTestSystem({
      env: {
        sender: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_FROM: 'Later <later@example.test>' },
      },
    });
    api = system.api;
    await api.signup('excerpts@example.com');
  });
  afterAll(async () => {
    await system?.stop();
    await Promise.all([smtp?.close(), receiver?.close()]);
  });

  it('shows a webhook attempt\u2019s request and response: the Authorization value redacted, bodies cut at 4 KiB with their size', async () => {
    const sentBody = JSON.stringify({ note: 'n'.repeat(6000) });
    const answer = 'a'.repeat(5000);
    receiver.respondWith(() => ({
      status: 200,
      headers: { 'content-type': 'text/plain', 'set-cookie': 'session=abc' },
      body: answer,
    }));
    const created = await api.call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: {
        url: `${receiver.url}/hooks/excerpt`,
        headers: { Authorization: 'Bearer very-secret-value', 'X-Team': 'blue' },
        body: sentBody,
      },
    });
    expect(created.status).toBe(201);
    const task = await finished(created.body.id);
    expect(task.status).toBe('delivered');
    expect(receiver.received.at(-1)!.headers.authorization).toBe('Bearer very-secret-value');
    const [attempt] = task.attempts;
    expect(attempt.request).toMatchObject({
      method: 'POST',
      url: `${receiver.url}/hooks/excerpt`,
      headers: {
        Authorization: '[redacted]',
        'X-Team': 'blue',
        'webhook-signature': '[redacted]',
        'webhook-id': created.body.id,
      },
      body: { text: sentBody.slice(0, 4096), bytes: Buffer.byteLength(sentBody), truncated: true },
    });
    expect(attempt.response).toMatchObject({
      status: 200,
      headers: { 'content-type': 'text/plain', 'set-cookie': '[redacted]' },
      body: { text: answer.slice(0, 4096), bytes: 5000, truncated: true },
    });
    expect(JSON.stringify(task.attempts)).not.toContain('very-secret-value');
  });

  it('shows an email attempt\u2019s envelope, subject, text and the SMTP server\u2019s reply', async () => {
    const created = await api.call('POST', '/v1/tasks', {
      channel: 'email',
      email: { to: 'ada@example.com', subject: 'Reminder', text: 'Call grandma.' },
    });
    const task = await finished(created.body.id);
    expect(task.status).toBe('delivered');
    expect(task.attempts[0].request).toEqual({
      to: 'ada@example.com',
      from: 'Later <later@example.test>',
      subject: 'Reminder',
      body: { text: 'Call grandma.', bytes: 13, truncated: false },
    });
    expect(task.attempts[0].response).toEqual({ reply: expect.stringMatching(/^250 /) });
  });

  it('keeps a failed attempt\u2019s answer too, and the error quotes its start', async () => {
    receiver.respondWith(() => ({ status: 422, body: '{"error":"unknown customer"}' }));
    const created = await api.call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: { url: `${receiver.url}/hooks/refused`, body: '{}' },
    });
    const task = await finished(created.body.id);
    expect(task.status).toBe('dead');
    expect(task.attempts[0]).toMatchObject({
      outcome: 'permanent',
      error: 'HTTP 422: {"error":"unknown customer"}',
      response: { status: 422, body: { text: '{"error":"unknown customer"}', bytes: 28, truncated: false } },
    });
  });
});
