import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestSystem,
  waitFor,
  type PublicApiClient,
  type TestSystem,
  type WebhookReceiver,
} from '../src/testing/index.js';

describe('priority order when the senders are saturated (2 schedulers, 1 sender with 1 slot)', () => {
  let system: TestSystem;
  let receiver: WebhookReceiver;
  let api: PublicApiClient;

  beforeAll(async () => {
    // One shard, so every task becomes ready in the same claim and only priority decides the order.
    system = await startTestSystem({
      shardCount: 1,
      schedulers: 2,
      senders: 1,
      env: { sender: { CONCURRENCY: '1' }, scheduler: { DEADLINE_MARGIN_MS: '60000' } },
    });
    ({ receiver, api } = system);
    await api.signup('priority@example.com');
    receiver.respondWith(() => ({ status: 200, delayMs: 10 }));
  });

  afterAll(() => system?.stop());

  it('hands out high, then medium (front first), then low; a near deadline counts as high', async () => {
    // Far enough ahead that every task exists before the first is due, even on a busy machine.
    const due = Date.now() + 8000;
    const plan: { label: string; priority?: string; position?: string; deadline?: string }[] = [
      ...Array.from({ length: 8 }, () => ({ label: 'low', priority: 'low' })),
      ...Array.from({ length: 8 }, () => ({ label: 'medium' })),
      ...Array.from({ length: 8 }, () => ({ label: 'high', priority: 'high' })),
      ...Array.from({ length: 3 }, () => ({ label: 'front', position: 'front' })),
      // Low, but its deadline is within the margin when it is due: it runs with the high ones.
      ...Array.from({ length: 3 }, () => ({
        label: 'urgent',
        priority: 'low',
        deadline: new Date(due + 30_000).toISOString(),
      })),
    ];
    const labelOf = new Map<string, string>();
    for (const { label, ...options } of plan) {
      const created = await api.call('POST', '/v1/tasks', {
        channel: 'webhook',
        webhook: { url: `${receiver.url}/p` },
        runAt: new Date(due).toISOString(),
        ...options,
      });
      expect(created.status).toBe(201);
      labelOf.set(created.body.id, label);
    }
    expect(Date.now(), 'creating the tasks took longer than the lead before their due time').toBeLessThan(due);
    await waitFor('every delivery', () => receiver.received.length >= plan.length, { timeoutMs: 25_000 });
    const order = [...receiver.received]
      .sort((a, b) => a.receivedAt - b.receivedAt)
      .map((r) => labelOf.get(r.deliveryId)!);
    const rank = { high: 0, urgent: 0, front: 1, medium: 2, low: 3 } as Record<string, number>;
    // All are due at the same instant, so one claim makes them all ready and priority alone decides.
    const ranks = order.map((label) => rank[label]!);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(order.slice(0, 11).every((label) => label === 'high' || label === 'urgent')).toBe(true);
  });
});
