import { createServer, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scrapeMetrics, startTestSystem, waitFor, type TestSystem } from '../src/testing/index.js';

/**
 * A receiver that takes 400 ms per request once released, and until then holds every request it
 * gets: so the test knows which tasks were waiting for the destination when its slots freed.
 */
async function startSlowReceiver() {
  const arrivals: string[] = [];
  const held: ServerResponse[] = [];
  let released = false;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      arrivals.push(String(req.url).split('/').pop()!);
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

describe('a busy destination (the default 20 deliveries at once) starts its waiting tasks in priority order', () => {
  let system: TestSystem;
  let receiver: Awaited<ReturnType<typeof startSlowReceiver>>;

  beforeAll(async () => {
    receiver = await startSlowReceiver();
    system = await startTestSystem({
      shardCount: 2,
      schedulers: 1,
      senders: 1,
      // A margin long enough that no task's wait for the destination outlasts a loaded machine's test steps.
      env: { sender: { LEASE_MARGIN_MS: '60000' }, scheduler: { DEADLINE_MARGIN_MS: '60000' } },
    });
    await system.api.signup('busy-destination@example.com');
  });

  afterAll(async () => {
    await system?.stop();
    await receiver?.close();
  });

  it('sends every high task, and a low one near its deadline, before the low tasks that were waiting when they came', async () => {
    const createBatch = async (label: string, count: number, options: Record<string, unknown>) => {
      const tasks = Array.from({ length: count }, (_, i) => ({
        channel: 'webhook',
        webhook: { url: `${receiver.url}/busy/${label}-${i}` },
        ...options,
      }));
      const created = await system.api.call('POST', '/v1/tasks/batch', { tasks });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
    };
    const waiting = async () =>
      (await scrapeMetrics(system.stack.senders[0]!.url)).value('later_sender_waiting_for_destination') ?? 0;

    await createBatch('low', 60, { priority: 'low' });
    // The first twenty hold the destination's every slot; the other forty wait for it.
    await waitFor('the first wave at the receiver', () => receiver.arrivals.length >= 20, { timeoutMs: 20_000 });
    await waitFor('forty low tasks waiting', async () => (await waiting()) >= 40, { timeoutMs: 20_000 });
    await createBatch('high', 20, { priority: 'high' });
    // Its deadline is within the margin: it counts as high.
    await createBatch('near', 1, { priority: 'low', deadline: new Date(Date.now() + 30_000).toISOString() });
    await waitFor('every task waiting', async () => (await waiting()) >= 61, { timeoutMs: 20_000 });
    expect(receiver.arrivals.every((label) => label.startsWith('low-'))).toBe(true);

    receiver.release();
    await waitFor('every delivery', () => receiver.arrivals.length >= 81, { timeoutMs: 30_000 });
    // The twenty slots free together, so tasks start in waves of twenty: the next wave is the
    // twenty high ones, and the one near its deadline opens the wave after (ranked by due time).
    const kinds = (from: number) => receiver.arrivals.slice(from, from + 20).map((label) => label.split('-')[0]);
    const order = receiver.arrivals.join(' ');
    expect(kinds(20), order).toEqual(Array(20).fill('high'));
    expect(
      kinds(40).filter((kind) => kind === 'near'),
      order,
    ).toEqual(['near']);
    expect(new Set(receiver.arrivals).size).toBe(81);
  });
});
