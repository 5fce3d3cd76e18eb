import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startSmsProvider,
  startTestSystem,
  waitFor,
  type TestSmsProvider,
  type TestSystem,
} from '../src/testing/index.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('debounce and follow-ups (issue 22), on real processes (2 scheduler replicas)', () => {
  let system: TestSystem;
  let sms: TestSmsProvider;

  beforeAll(async () => {
    sms = await startSmsProvider();
    system = await startTestSystem({
      shardCount: 2,
      schedulers: 2,
      env: {
        scheduler: { RETRY_BASE_MS: '50', RETRY_MAX_MS: '100', DEFAULT_MAX_ATTEMPTS: '2' },
        sender: {
          SMS_BASE_URL: sms.baseUrl,
          SMS_ACCOUNT_SID: sms.accountSid,
          SMS_AUTH_TOKEN: sms.authToken,
          SMS_FROM: '+4930123456',
        },
      },
    });
    await system.api.signup('ada@example.com');
    system.receiver.respondWith((d) => (d.path.startsWith('/fail') ? { status: 503 } : { status: 200 }));
  });
  afterAll(async () => {
    await system?.stop();
    await sms?.close();
  });

  const deliveriesTo = (path: string) => system.receiver.received.filter((d) => d.path === path);
  const taskOf = async (id: string) => (await system.api.call('GET', `/v1/tasks/${id}`)).body;
  const debounced = (path: string, n: number, debounce: Record<string, unknown>) =>
    system.api.call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: { url: `${system.receiver.url}${path}`, body: { n } },
      key: path,
      debounce,
    });

  describe('trailing debounce', () => {
    it('three creates within the period make one delivery, of the newest body, a period after the last create', async () => {
      const answers = [];
      const sentAt: number[] = [];
      for (let n = 1; n <= 3; n++) {
        sentAt.push(Date.now());
        answers.push(await debounced('/debounced', n, { period: 'PT2S' }));
        if (n < 3) await sleep(500);
      }
      for (const answer of answers) expect(answer.status).toBe(201);
      // Each answer names the pending task and when it is due: a period after its own creation.
      for (const [i, answer] of answers.entries()) {
        expect(Date.parse(answer.body.dueAt) - sentAt[i]!).toBeGreaterThanOrEqual(1900);
        expect(Date.parse(answer.body.dueAt) - sentAt[i]!).toBeLessThan(3000);
      }
      const [first, second, last] = answers.map((answer) => answer.body.id as string);
      expect(answers.map((answer) => answer.body.replaced)).toEqual([undefined, first, second]);
      expect((await taskOf(first!)).status).toBe('cancelled');
      expect((await taskOf(second!)).status).toBe('cancelled');

      const delivery = await waitFor('the debounced delivery', () => deliveriesTo('/debounced')[0], {
        timeoutMs: 15_000,
      });
      expect(JSON.parse(delivery.body)).toEqual({ n: 3 });
      expect(delivery.deliveryId).toBe(last);
      // Not before the last create + period (2 s), and not a period after the first create (which was ~1 s earlier).
      expect(delivery.receivedAt - sentAt[2]!).toBeGreaterThanOrEqual(1900);
      expect(delivery.receivedAt - sentAt[2]!).toBeLessThan(3500);
      await sleep(1000);
      expect(deliveriesTo('/debounced')).toHaveLength(1);
      // The run began with the first: its start is what maxWait would count from.
      const since = (await taskOf(first!)).debounce.since;
      expect(Math.abs(Date.parse(since) - sentAt[0]!)).toBeLessThan(1000);
      expect((await taskOf(last!)).debounce).toEqual({ since });
    }, 30_000);

    it('maxWait caps the postponing: due maxWait after the first create, not a period after the last', async () => {
      const answers = [];
      const sentAt: number[] = [];
      for (let n = 1; n <= 3; n++) {
        sentAt.push(Date.now());
        answers.push(await debounced('/capped', n, { period: 'PT2S', maxWait: 'PT2.5S' }));
        if (n < 3) await sleep(800);
      }
      const first = await taskOf(answers[0]!.body.id);
      const capped = new Date(Date.parse(first.debounce.since) + 2500).toISOString();
      // The third would be due at ~3.6 s without the cap; it is due at the first's creation + 2.5 s.
      expect(answers[1]!.body.dueAt).toBe(capped);
      expect(answers[2]!.body.dueAt).toBe(capped);

      const delivery = await waitFor('the capped delivery', () => deliveriesTo('/capped')[0], { timeoutMs: 15_000 });
      expect(JSON.parse(delivery.body)).toEqual({ n: 3 });
      expect(delivery.receivedAt - sentAt[0]!).toBeGreaterThanOrEqual(2400);
      expect(delivery.receivedAt - sentAt[2]!).toBeLessThan(2000 - 100);
      await sleep(1000);
      expect(deliveriesTo('/capped')).toHaveLength(1);
    }, 30_000);

    it('answers 400 naming the field for a debounce without a key, with a time of its own, or a bad period', async () => {
      const webhook = { url: `${system.receiver.url}/never` };
      const refused = async (body: Record<string, unknown>) => {
        const answer = await system.api.call('POST', '/v1/tasks', { channel: 'webhook', webhook, ...body });
        expect(answer.status).toBe(400);
        return answer.body.issues.map((issue: { path: string }) => issue.path);
      };
      expect(await refused({ debounce: { period: 'PT1S' } })).toEqual(['debounce']);
      expect(await refused({ key: 'k', delay: 'PT1S', debounce: { period: 'PT1S' } })).toEqual(['debounce']);
      expect(await refused({ key: 'k', debounce: { period: 'soon' } })).toEqual(['debounce.period']);
      expect(await refused({ key: 'k', debounce: { period: 'P6Y' } })).toEqual(['debounce.period']);
    });
  });

  describe('follow-ups', () => {
    const smsTo = (body: string) => sms.received.filter((m) => m.body === body);

    it('onDead: a webhook that dies makes its SMS follow-up once, and both tasks show the link', async () => {
      const created = await system.api.call('POST', '/v1/tasks', {
        channel: 'webhook',
        webhook: { url: `${system.receiver.url}/fail-followed` },
        onDead: { channel: 'sms', sms: { to: '+4915112345678', body: 'the webhook died' } },
        onDelivered: { channel: 'sms', sms: { to: '+4915112345678', body: 'never sent' } },
      });
      expect(created.status).toBe(201);
      const parentId = created.body.id as string;

      await waitFor('the SMS follow-up', () => smsTo('the webhook died')[0], { timeoutMs: 20_000 });
      const parent = await waitFor('the parent to show its follow-up', async () => {
        const task = await taskOf(parentId);
        return task.followUps ? task : undefined;
      });
      expect(parent.status).toBe('dead');
      expect(parent.onDead).toEqual({ channel: 'sms', sms: { to: '+4915112345678', body: 'the webhook died' } });
      expect(parent.followUps).toEqual([
        { taskId: expect.any(String), on: 'dead', attempt: 2, createdAt: expect.any(String) },
      ]);
      const child = await waitFor('the follow-up delivered', async () => {
        const task = await taskOf(parent.followUps[0].taskId);
        return task.status === 'delivered' ? task : undefined;
      });
      expect(child).toMatchObject({ followUpOf: parentId, channel: 'sms' });
      expect(child.onDead).toBeUndefined();

      await sleep(1500);
      expect(smsTo('the webhook died')).toHaveLength(1);
      expect(smsTo('never sent')).toHaveLength(0);
      const rows = await system.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM tasks WHERE follow_up_of = $1',
        [parentId],
      );
      expect(rows[0]!.n).toBe(1);
    }, 40_000);

    it('onDelivered: a delivered webhook makes its follow-up once', async () => {
      const created = await system.api.call('POST', '/v1/tasks', {
        channel: 'webhook',
        webhook: { url: `${system.receiver.url}/ok-followed` },
        onDelivered: {
          channel: 'webhook',
          webhook: { url: `${system.receiver.url}/ok-after`, body: { then: 'done' } },
        },
      });
      expect(created.status).toBe(201);
      const after = await waitFor('the follow-up webhook', () => deliveriesTo('/ok-after')[0], { timeoutMs: 20_000 });
      expect(JSON.parse(after.body)).toEqual({ then: 'done' });
      expect((await taskOf(after.deliveryId)).followUpOf).toBe(created.body.id);
      expect((await taskOf(created.body.id)).followUps).toEqual([
        { taskId: after.deliveryId, on: 'delivered', attempt: 1, createdAt: expect.any(String) },
      ]);
      await sleep(1000);
      expect(deliveriesTo('/ok-after')).toHaveLength(1);
    }, 30_000);

    it('answers 400 naming the field for a follow-up with follow-ups of its own, a key, or a bad body', async () => {
      const webhook = { url: `${system.receiver.url}/never` };
      const text = { channel: 'sms', sms: { to: '+4915112345678', body: 'x' } };
      const refused = async (body: Record<string, unknown>) => {
        const answer = await system.api.call('POST', '/v1/tasks', { channel: 'webhook', webhook, ...body });
        expect(answer.status).toBe(400);
        return answer.body.issues.map((issue: { path: string }) => issue.path);
      };
      expect(await refused({ onDead: { ...text, onDead: text } })).toEqual(['onDead.onDead']);
      expect(await refused({ onDelivered: { ...text, key: 'k' } })).toEqual(['onDelivered.key']);
      expect(await refused({ onDead: { channel: 'sms' } })).toEqual(['onDead.sms']);
      // Checked by the scheduler as a task of its own would be: a URL the egress rules refuse.
      expect(
        await refused({ onDead: { channel: 'webhook', webhook: { url: 'http://169.254.169.254/latest' } } }),
      ).toEqual(['onDead.webhook.url']);
    });
  });
});
