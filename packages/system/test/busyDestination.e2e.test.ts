import { createServer, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, waitFor, type PublicApiClient, type TestSystem } from '../src/testing/index.js';

/**
 * A receiver that takes 400 ms per request once released, and until then holds every request it
 * gets: so the test knows which tasks were waiting for the destination when the slots freed.
 */
async function startSlowReceiver() {
  const arrivals: string[] = [];
  const held: ServerResponse[] = [];
  let released = false;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      arrivals.push(String(req.headers['later-delivery-id'] ?? ''));
      if (released) setTimeout(() => res.end('ok'), 400);
      else held.push(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    arrivals,
    release() {
      released = true;
      for (const res of held.splice(0)) setTimeout(() => res.end('ok'), 400);
    },
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

describe('a busy destination hands its freed slots out by priority (1 sender, 4 slots per destination)', () => {
  let system: TestSystem;
  let api: PublicApiClient;
  let receiver: Awaited<ReturnType<typeof startSlowReceiver>>;

  beforeAll(async () => {
    receiver = await startSlowReceiver();
    system = await startTestSystem({
      shardCount: 2,
      schedulers: 1,
      senders: 1,
      // The destination is the bottleneck, not the sender's 100 slots.
      env: { sender: { PER_DESTINATION_CONCURRENCY: '4' }, scheduler: { DEADLINE_MARGIN_MS: '60000' } },
    });
    api = system.api;
    await api.signup('busy-destination@example.com');
  });

  afterAll(async () => {
    await system?.stop();
    await receiver?.close();
  });

  it('sends every high task, and a low one past its deadline, before the low tasks that were waiting before them', async () => {
    const create = async (options: Record<string, unknown>) => {
      const created = await api.call('POST', '/v1/tasks', { channel: 'webhook', webhook: { url: `${receiver.url}/busy` }, ...options });
      expect(created.status).toBe(201);
      return created.body.id as string;
    };
    const low: string[] = [];
    for (let i = 0; i < 30; i += 1) low.push(await create({ priority: 'low' }));
    // The first four hold the destination's every slot; the other 26 wait for it.
    await waitFor('the first wave at the receiver', () => receiver.arrivals.length >= 4);
    const urgent: string[] = [];
    for (let i = 0; i < 10; i += 1) urgent.push(await create({ priority: 'high' }));
    // Its deadline has passed: it counts as high.
    urgent.push(await create({ priority: 'low', deadline: new Date(Date.now() - 1000).toISOString() }));
    // Every task has been taken by the sender once (and found its destination busy) before a slot frees.
    const waiting = [...low.filter((id) => !receiver.arrivals.includes(id)), ...urgent];
    await waitFor(
      'every waiting task taken once',
      async () => {
        for (const id of waiting) {
          const task = (await api.call('GET', `/v1/tasks/${id}`)).body;
          if (!task.attempts?.[0]?.startedAt) return false;
        }
        return true;
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    expect(receiver.arrivals.slice(0, 4).every((id) => low.includes(id))).toBe(true);
    receiver.release();
    await waitFor('every delivery', () => receiver.arrivals.length >= 41, { timeoutMs: 30_000 });

    // The four slots free together, so tasks start in waves of four, and within a wave in no
    // particular order: the eleven urgent ones must fill the three waves after the first (all
    // of the next two, three of the third), ahead of all 26 low ones that waited before them.
    const wave = (n: number) => receiver.arrivals.slice(4 * n, 4 * n + 4);
    const label = (id: string) => (urgent.includes(id) ? 'urgent' : 'low');
    expect([...wave(1), ...wave(2)].map(label), receiver.arrivals.map(label).join(' ')).toEqual(Array(8).fill('urgent'));
    expect(wave(3).map(label).sort(), receiver.arrivals.map(label).join(' ')).toEqual(['low', 'urgent', 'urgent', 'urgent']);
    expect(new Set(receiver.arrivals).size).toBe(41);
  });
});
