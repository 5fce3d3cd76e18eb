import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  publicApiClient,
  startSmsProvider,
  startSmtpServer,
  startTestSystem,
  waitFor,
  type PublicApiClient,
  type TestSmsProvider,
  type TestSmtpServer,
  type TestSystem,
} from '../src/testing/index.js';

const zone = 'Europe/Berlin';
const localMinutes = (ms: number) => {
  const [h, m] = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(ms)
    .split(':');
  return Number(h) * 60 + Number(m);
};
const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

describe('remind me later: one request, a random moment, never in quiet hours', () => {
  let system: TestSystem;
  let api: PublicApiClient;
  let smtp: TestSmtpServer;
  let sms: TestSmsProvider;
  // Quiet hours placed from an hour after now for twelve hours, whatever time the test runs.
  const quietStart = (localMinutes(Date.now()) + 60) % 1440;
  const quietEnd = (quietStart + 720) % 1440;
  const inQuiet = (ms: number) => {
    const m = localMinutes(ms);
    return quietStart < quietEnd ? m >= quietStart && m < quietEnd : m >= quietStart || m < quietEnd;
  };

  beforeAll(async () => {
    [smtp, sms] = await Promise.all([startSmtpServer(), startSmsProvider()]);
    system = await startTestSystem({
      env: {
        // 300 reminders in a row would otherwise meet the per-key rate limit, which is not under test here.
        frontend: {
          RATE_LIMIT_PER_SECOND: '100000',
          RATE_LIMIT_BURST: '100000',
          ACCOUNT_RATE_LIMIT_PER_SECOND: '100000',
          ACCOUNT_RATE_LIMIT_BURST: '100000',
        },
        sender: {
          SMTP_HOST: '127.0.0.1',
          SMTP_PORT: String(smtp.port),
          SMS_BASE_URL: sms.baseUrl,
          SMS_ACCOUNT_SID: sms.accountSid,
          SMS_AUTH_TOKEN: sms.authToken,
          SMS_FROM: '+4930123456',
        },
      },
    });
    api = system.api;
    await api.signup('thinker@example.com');
    const profile = await api.call('PATCH', '/v1/me', {
      timezone: zone,
      quietHours: { start: hhmm(quietStart), end: hhmm(quietEnd) },
    });
    expect(profile.status).toBe(200);
  });
  afterAll(async () => {
    await system?.stop();
    await Promise.all([smtp?.close(), sms?.close()]);
  });

  it('emails a thought to its owner at a random moment in the window', async () => {
    const created = await api.call('POST', '/v1/reminders', {
      text: 'Call grandma about the garden.\nShe asked twice.',
      within: 'PT3S',
    });
    expect(created.status).toBe(201);
    const mail = await waitFor('the reminder email', () =>
      smtp.received.find((m) => m.message.headers.get('later-delivery-id') === created.body.id),
    );
    expect(mail.envelopeTo).toEqual(['thinker@example.com']);
    expect(mail.message.subject).toBe('Reminder: Call grandma about the garden.');
    expect(mail.message.text).toContain('She asked twice.');
  });

  it('draws 300 reminders over three days: all in the window, none in quiet hours, spread over the allowed day', async () => {
    const sentAt = Date.now();
    const dues: number[] = [];
    for (let i = 0; i < 300; i++) {
      const created = await api.call('POST', '/v1/reminders', { text: `thought ${i}`, within: 'P3D' });
      expect(created.status).toBe(201);
      dues.push(Date.parse(created.body.dueAt));
    }
    expect(dues.every((due) => due >= sentAt && due < Date.now() + 3 * 86_400_000)).toBe(true);
    expect(dues.filter(inQuiet)).toEqual([]);
    const allowedHours = new Set(dues.map((due) => Math.floor(localMinutes(due) / 60)));
    expect(allowedHours.size).toBeGreaterThanOrEqual(11);
  });

  it('sends an SMS reminder to the phone in the profile, and says what is missing without one', async () => {
    const missing = await api.call('POST', '/v1/reminders', {
      text: 'water the plants',
      within: 'PT2S',
      channel: 'sms',
    });
    expect(missing.status).toBe(400);
    expect(missing.body.issues[0].path).toBe('to');
    await api.call('PATCH', '/v1/me', { phone: '+4915112345678' });
    const created = await api.call('POST', '/v1/reminders', {
      text: 'water the plants',
      within: 'PT2S',
      channel: 'sms',
    });
    expect(created.status).toBe(201);
    await waitFor('the SMS', () => sms.received.find((m) => m.body === 'water the plants'));
    expect(sms.received.at(-1)).toMatchObject({ to: '+4915112345678', authorised: true });
  });

  it('keeps a new account\u2019s reminders out of its default quiet hours, 22:00-08:00 in its own time zone', async () => {
    const newcomer = publicApiClient(system.stack.frontendUrl);
    await newcomer.signup('newcomer@example.com');
    expect((await newcomer.call('GET', '/v1/me')).body).toMatchObject({
      timezone: 'UTC',
      quietHours: { start: '22:00', end: '08:00' },
    });
    // Tokyo's nights, not UTC's: the quiet hours are read in the time zone the user sets.
    await newcomer.call('PATCH', '/v1/me', { timezone: 'Asia/Tokyo' });
    const tokyoHour = (ms: number) =>
      Number(
        new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', hourCycle: 'h23' }).format(ms),
      );
    const hours: number[] = [];
    for (let i = 0; i < 100; i++) {
      const created = await newcomer.call('POST', '/v1/reminders', { text: `thought ${i}`, within: 'P2D' });
      expect(created.status).toBe(201);
      hours.push(tokyoHour(Date.parse(created.body.dueAt)));
    }
    expect(hours.filter((hour) => hour >= 22 || hour < 8)).toEqual([]);
    expect(new Set(hours).size).toBeGreaterThanOrEqual(10);
  });

  it('refuses a window that lies entirely in the quiet hours, and a bad window or address', async () => {
    const from = Date.now() + 2 * 3_600_000;
    const quietOnly = await api.call('POST', '/v1/reminders', {
      text: 'x',
      within: { from: new Date(from).toISOString(), to: new Date(from + 3_600_000).toISOString() },
    });
    expect([quietOnly.status, quietOnly.body.issues[0].path]).toEqual([400, 'within']);
    expect((await api.call('POST', '/v1/reminders', { text: 'x', within: 'soon' })).body.issues[0].path).toBe('within');
    expect(
      (await api.call('POST', '/v1/reminders', { text: 'x', within: 'P1D', to: 'not-an-address' })).body.issues[0].path,
    ).toBe('to');
    expect((await api.call('POST', '/v1/reminders', { text: '', within: 'P1D' })).body.issues[0].path).toBe('text');
  });
});
