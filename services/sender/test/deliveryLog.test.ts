import { Redis } from 'ioredis';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EgressPolicy } from '@later/egress';
import { QueueScripts } from '@later/queue';
import { queuedTask } from '@later/queue/testing';
import { startWebhookReceiver, testRedis, waitFor, type TestRedis, type WebhookReceiver } from '@later/system/testing';
import { WebhookChannel } from '../src/channels/webhook.js';
import { DeliveryLoop } from '../src/deliveryLoop.js';
import { DeliverySigner } from '../src/deliverySigner.js';

describe("the sender's log", () => {
  let t: TestRedis;
  let subscriber: Redis;
  let receiver: WebhookReceiver;
  let channel: WebhookChannel;
  let loop: DeliveryLoop;
  let scripts: QueueScripts;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    t = await testRedis();
    subscriber = new Redis(t.url);
    receiver = await startWebhookReceiver();
    channel = new WebhookChannel(new EgressPolicy(['127.0.0.1/32']), 3);
    scripts = new QueueScripts(t.redis, t.prefix);
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    loop = new DeliveryLoop(scripts, subscriber, { webhook: channel, email: channel, sms: channel }, new DeliverySigner(t.redis, t.prefix, 's'.repeat(32)), pino({ level: 'info' }, sink), {
      shards: [0],
      lanes: [{ channel: 'webhook', concurrency: 4 }],
      perDestination: 100,
      destinationBusyDelayMs: 100,
      leaseMarginMs: 5000,
      maxIdleMs: 200,
    });
    await loop.start();
  });
  afterAll(async () => {
    await loop?.stop(1000);
    await channel?.close();
    await receiver?.close();
    subscriber?.disconnect();
    await t?.cleanup();
  });

  it('has one info line per delivery: task, channel, destination host, outcome and lateness, not the body', async () => {
    const task = queuedTask({ webhook: { url: `${receiver.url}/hooks/logged`, method: 'POST', headers: {}, body: 'the secret plan' } });
    await scripts.scheduleTasks(0, [{ taskId: '905', dueAt: Date.now() - 1500, task }]);
    await scripts.claimDue(0, 100);
    const line = await waitFor('the delivery line', () => lines.find((l) => l.msg === 'delivery' && l.taskId === '905'), { timeoutMs: 5000 });
    expect(line).toMatchObject({ level: 30, channel: 'webhook', destination: new URL(receiver.url).host, attempt: 1, outcome: 'success', httpStatus: 200 });
    expect(line.lateMs).toBeGreaterThanOrEqual(1500);
    expect(JSON.stringify(lines)).not.toContain('the secret plan');
    expect(lines.filter((l) => l.msg === 'delivery')).toHaveLength(1);
  });
});
