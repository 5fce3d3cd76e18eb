import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EgressPolicy } from '@later/egress';
import {
  currentTaskFormat,
  encodeQueuedTask,
  shardKeys,
  subscriberConnection,
  type QueueScripts,
  type RedisConnection,
} from '@later/queue';
import { queuedTask } from '@later/queue/testing';
import { startWebhookReceiver, testRedis, waitFor, type TestRedis, type WebhookReceiver } from '@later/system/testing';
import { WebhookChannel } from '../src/channels/webhook.js';
import type { DeliveryLoop } from '../src/deliveryLoop.js';
import { capturedLog, makeReady, startTestLoop } from './deliveryLoopHarness.js';

describe("the sender's log", () => {
  let t: TestRedis;
  let subscriber: RedisConnection;
  let receiver: WebhookReceiver;
  let channel: WebhookChannel;
  let loop: DeliveryLoop;
  let scripts: QueueScripts;
  const { log, lines } = capturedLog();

  beforeAll(async () => {
    t = await testRedis();
    subscriber = subscriberConnection(t.redis);
    receiver = await startWebhookReceiver();
    channel = new WebhookChannel(new EgressPolicy(['127.0.0.1/32']), 3);
    ({ loop, scripts } = await startTestLoop(t, subscriber, { channel, log }));
  });
  afterAll(async () => {
    await loop?.stop(1000);
    await channel?.close();
    await receiver?.close();
    subscriber?.disconnect();
    await t?.cleanup();
  });

  it('has one info line per delivery: task, channel, destination host, outcome and lateness, not the body', async () => {
    const task = queuedTask({
      webhook: { url: `${receiver.url}/hooks/logged`, method: 'POST', headers: {}, body: 'the secret plan' },
    });
    await makeReady(scripts, [{ taskId: '905', dueAt: Date.now() - 1500, task }]);
    const line = await waitFor(
      'the delivery line',
      () => lines.find((l) => l.msg === 'delivery' && l.taskId === '905'),
      { timeoutMs: 5000 },
    );
    expect(line).toMatchObject({
      level: 30,
      channel: 'webhook',
      destination: new URL(receiver.url).host,
      attempt: 1,
      outcome: 'success',
      httpStatus: 200,
    });
    expect(line.lateMs).toBeGreaterThanOrEqual(1500);
    expect(JSON.stringify(lines)).not.toContain('the secret plan');
    expect(lines.filter((l) => l.msg === 'delivery')).toHaveLength(1);
  });

  it('says once that it left a task of a newer format to a newer release, and does not deliver it', async () => {
    const task = queuedTask({ webhook: { url: `${receiver.url}/hooks/newer`, method: 'POST', headers: {} } });
    await scripts.queueTasks(0, [{ taskId: '906', dueAt: Date.now() - 10, task }]);
    // A newer release's scheduler wrote it: a format this sender does not read.
    await t.redis.hset(
      shardKeys(t.prefix, 0).tasks,
      '906',
      JSON.stringify({ ...JSON.parse(encodeQueuedTask(task)), v: currentTaskFormat + 1 }),
    );
    await scripts.claimDue(0, 100);
    const line = await waitFor(
      'the newer-format line',
      () => lines.find((l) => l.msg?.toString().startsWith('left ready tasks to a newer release')),
      { timeoutMs: 5000 },
    );
    expect(line).toMatchObject({ level: 40, channel: 'webhook' });
    await waitFor('a few more takes', () => loop.newerFormatTotal >= 3, { timeoutMs: 5000 });
    expect(receiver.received.filter((r) => r.path === '/hooks/newer')).toHaveLength(0);
    expect(lines.filter((l) => l.msg?.toString().startsWith('left ready tasks'))).toHaveLength(1);
  });
});
