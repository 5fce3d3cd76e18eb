import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EgressPolicy } from '@later/egress';
import {
  signingKeyFor,
  subscriberConnection,
  writeSigningVersions,
  type QueueScripts,
  type RedisConnection,
} from '@later/queue';
import { queuedTask } from '@later/queue/testing';
import {
  startWebhookReceiver,
  testRedis,
  waitFor,
  type ReceivedDelivery,
  type TestRedis,
  type WebhookReceiver,
} from '@later/system/testing';
import { verifyLaterSignature, verifyLaterWebhook } from '@later/webhook-verify';
import { WebhookChannel } from '../src/channels/webhook.js';
import type { DeliveryLoop } from '../src/deliveryLoop.js';
import { makeReady, startTestLoop } from './deliveryLoopHarness.js';

const signingSecret = 'm'.repeat(32);
/** The secret a user is shown by `GET /v1/signing-keys` (the scheduler shows signingKeyFor's value). */
const shownKey = (ownerId: string, version: number) => signingKeyFor(signingSecret, ownerId, version);
const headersOf = (d: ReceivedDelivery) => d.headers as Record<string, string>;

describe('deliveries signed per Standard Webhooks, checked by its own library', () => {
  let t: TestRedis;
  let subscriber: RedisConnection;
  let receiver: WebhookReceiver;
  let channel: WebhookChannel;
  let loop: DeliveryLoop;
  let scripts: QueueScripts;

  beforeAll(async () => {
    t = await testRedis();
    subscriber = subscriberConnection(t.redis);
    receiver = await startWebhookReceiver();
    channel = new WebhookChannel(new EgressPolicy(['127.0.0.1/32']), 3);
    // The owner 'rotating' has a next key: its deliveries are signed with both.
    await writeSigningVersions(t.redis, t.prefix, [['rotating', { current: 1, next: 2 }]]);
    ({ loop, scripts } = await startTestLoop(t, subscriber, { channel, signingSecret }));
  });
  afterAll(async () => {
    await loop?.stop(1000);
    await channel?.close();
    await receiver?.close();
    subscriber?.disconnect();
    await t?.cleanup();
  });

  const deliver = async (taskId: string, ownerId: string, body: string) => {
    const task = queuedTask({
      ownerId,
      webhook: {
        url: `${receiver.url}/hooks/${taskId}`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      },
    });
    await makeReady(scripts, [{ taskId, task }]);
    return waitFor(`the delivery of ${taskId}`, () => receiver.received.find((d) => d.path === `/hooks/${taskId}`), {
      timeoutMs: 5000,
    });
  };

  it('a real delivery verifies with `new Webhook(secret).verify(body, headers)`; replayed with another webhook-id it does not', async () => {
    const secret = shownKey('alice', 1);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const delivery = await deliver('901', 'alice', '{"text":"take the laundry out"}');
    const headers = headersOf(delivery);
    expect(headers).toMatchObject({ 'webhook-id': '901', 'later-delivery-id': '901' });
    expect(headers['webhook-timestamp']).toMatch(/^\d+$/);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);

    const webhook = new Webhook(secret);
    expect(webhook.verify(delivery.body, headers)).toEqual({ text: 'take the laundry out' });
    // The captured delivery sent again as another delivery (or with the body changed) is refused.
    expect(() => webhook.verify(delivery.body, { ...headers, 'webhook-id': '902' })).toThrow(/signature/i);
    expect(() => webhook.verify('{"text":"take the dog out"}', headers)).toThrow(/signature/i);
    expect(() =>
      webhook.verify(delivery.body, {
        ...headers,
        'webhook-timestamp': String(Number(headers['webhook-timestamp']) + 1),
      }),
    ).toThrow(/signature/i);
    expect(() => new Webhook(shownKey('bob', 1)).verify(delivery.body, headers)).toThrow(/signature/i);
    // The receiver package reads the same headers.
    expect(verifyLaterWebhook({ secret, headers, body: delivery.body })).toBe(true);
  });

  it('during a rotation carries two signatures, space-separated, each verifying with its own key', async () => {
    const delivery = await deliver('903', 'rotating', '{"n":1}');
    const headers = headersOf(delivery);
    const signatures = headers['webhook-signature']!.split(' ');
    expect(signatures).toHaveLength(2);
    expect(headers['later-signature']).toBe(headers['webhook-signature']);
    for (const secret of [shownKey('rotating', 1), shownKey('rotating', 2)]) {
      expect(new Webhook(secret).verify(delivery.body, headers)).toEqual({ n: 1 });
      expect(verifyLaterWebhook({ secret, headers, body: delivery.body })).toBe(true);
    }
    // Each signature on its own belongs to one key.
    expect(
      new Webhook(shownKey('rotating', 1)).verify(delivery.body, { ...headers, 'webhook-signature': signatures[0]! }),
    ).toEqual({ n: 1 });
    expect(
      new Webhook(shownKey('rotating', 2)).verify(delivery.body, { ...headers, 'webhook-signature': signatures[1]! }),
    ).toEqual({ n: 1 });
    expect(() =>
      new Webhook(shownKey('rotating', 2)).verify(delivery.body, { ...headers, 'webhook-signature': signatures[0]! }),
    ).toThrow();
    // The low-level check refuses a tampered id, timestamp or body.
    const input = {
      secret: shownKey('rotating', 1),
      id: headers['webhook-id'],
      timestamp: headers['webhook-timestamp'],
      signature: headers['webhook-signature'],
      body: delivery.body,
    };
    expect(verifyLaterSignature(input)).toBe(true);
    expect(verifyLaterSignature({ ...input, id: '904' })).toBe(false);
    expect(verifyLaterSignature({ ...input, timestamp: String(Number(input.timestamp) - 1) })).toBe(false);
    expect(verifyLaterSignature({ ...input, body: '{"n":2}' })).toBe(false);
  });
});
