import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueuedTask } from '@later/queue';
import { startSmsProvider, startSmtpServer, type TestSmsProvider, type TestSmtpServer } from '@later/system/testing';
import { EmailChannel } from '../src/channels/email.js';
import { SmsChannel } from '../src/channels/sms.js';
import { outcomeOf } from './outcomeOf.js';

const settings = {
  ownerId: 'o',
  priority: 1 as const,
  maxAttempts: 3,
  timeoutMs: 5000,
  backoff: { kind: 'fixed' as const, baseMs: 1, maxMs: 1, jitter: 0 },
};
const ctx = { taskId: '7', attempt: 2, signal: new AbortController().signal, signingSecrets: [] };

describe('EmailChannel against a real SMTP server', () => {
  let smtp: TestSmtpServer;
  let channel: EmailChannel;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    channel = new EmailChannel({
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      from: 'Later <later@example.test>',
      rejectUnauthorized: true,
    });
  });
  afterAll(async () => {
    channel.close();
    await smtp.close();
  });

  const mail = (to: string): QueuedTask => ({
    ...settings,
    channel: 'email',
    email: { to, subject: 'Take the laundry out', text: 'It finished an hour ago.', html: '<p>It finished.</p>' },
  });

  it('sends subject, text, html and the delivery headers', async () => {
    const result = await channel.deliver(mail('ada@example.com'), ctx);
    expect(outcomeOf(result)).toEqual({ outcome: 'success' });
    expect(result.excerpt).toEqual({
      request: {
        to: 'ada@example.com',
        from: 'Later <later@example.test>',
        subject: 'Take the laundry out',
        body: { text: 'It finished an hour ago.', bytes: 24, truncated: false },
      },
      response: { reply: expect.stringMatching(/^250 /) },
    });
    const got = smtp.received.at(-1)!;
    expect(got.envelopeTo).toEqual(['ada@example.com']);
    expect(got.message.subject).toBe('Take the laundry out');
    expect(got.message.text?.trim()).toBe('It finished an hour ago.');
    expect(got.message.html).toContain('<p>It finished.</p>');
    expect(got.message.headers.get('later-delivery-id')).toBe('7');
    await channel.deliver({ ...mail('ada@example.com'), replay: 1 }, ctx);
    expect(smtp.received.at(-1)!.message.headers.get('later-delivery-id')).toBe('7.r1');
    expect(got.message.from?.value[0]).toMatchObject({ name: 'Later', address: 'later@example.test' });
  });

  it('treats an SMTP 5xx as permanent and a 4xx as retryable', async () => {
    smtp.refuse('gone.example', 550);
    smtp.refuse('busy.example', 451);
    expect(await channel.deliver(mail('x@gone.example'), ctx)).toMatchObject({
      outcome: 'permanent',
      error: expect.stringMatching(/^SMTP 550/),
      errorClass: 'smtp_5xx',
      excerpt: { response: { reply: expect.stringMatching(/^550 /) } },
    });
    expect(await channel.deliver(mail('x@busy.example'), ctx)).toMatchObject({
      outcome: 'retryable',
      error: expect.stringMatching(/^SMTP 451/),
      errorClass: 'smtp_4xx',
    });
  });

  it('treats an unreachable server as retryable', async () => {
    const nowhere = new EmailChannel({
      host: '127.0.0.1',
      port: 1,
      secure: false,
      from: 'a@b.co',
      rejectUnauthorized: true,
    });
    expect((await nowhere.deliver(mail('ada@example.com'), ctx)).outcome).toBe('retryable');
    nowhere.close();
  });
});

describe('SmsChannel against a provider endpoint shaped like Twilio\u2019s', () => {
  let provider: TestSmsProvider;
  let channel: SmsChannel;

  beforeAll(async () => {
    provider = await startSmsProvider();
    channel = new SmsChannel({
      baseUrl: provider.baseUrl,
      accountSid: provider.accountSid,
      authToken: provider.authToken,
      from: '+4930123456',
    });
  });
  afterAll(async () => {
    await channel.close();
    await provider.close();
  });

  const sms = (to: string): QueuedTask => ({ ...settings, channel: 'sms', sms: { to, body: 'Take the laundry out.' } });

  it('posts To, From and Body with Basic auth to the account\u2019s Messages resource', async () => {
    const result = await channel.deliver(sms('+4915112345678'), ctx);
    expect(outcomeOf(result)).toEqual({ outcome: 'success', httpStatus: 201 });
    // The request's fields without the credentials (the Basic auth header is redacted), and the provider's answer.
    expect(result.excerpt!.request).toMatchObject({
      method: 'POST',
      to: '+4915112345678',
      from: '+4930123456',
      headers: { authorization: '[redacted]' },
    });
    expect(result.excerpt!.request.body!.text).toBe(
      'To=%2B4915112345678&From=%2B4930123456&Body=Take+the+laundry+out.',
    );
    expect(JSON.stringify(result.excerpt)).not.toContain(provider.authToken);
    expect(result.excerpt!.response).toMatchObject({ status: 201, body: { truncated: false } });
    expect(provider.received.at(-1)).toMatchObject({
      accountSid: provider.accountSid,
      authorised: true,
      to: '+4915112345678',
      from: '+4930123456',
      body: 'Take the laundry out.',
    });
  });

  it('is permanent for a number the provider refuses, and for bad credentials', async () => {
    expect(await channel.deliver(sms('+15550001234'), ctx)).toMatchObject({ outcome: 'permanent', httpStatus: 400 });
    const wrong = new SmsChannel({
      baseUrl: provider.baseUrl,
      accountSid: provider.accountSid,
      authToken: 'wrong',
      from: '+4930123456',
    });
    expect(await wrong.deliver(sms('+4915112345678'), ctx)).toMatchObject({ outcome: 'permanent', httpStatus: 401 });
    await wrong.close();
  });
});
