import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServerHandle } from '../src/index.js';
import { scrapeMetrics, startTestSystem, waitFor, type Scrape, type TestSystem } from '../src/testing/index.js';

/**
 * GET /metrics of the frontend, a scheduler and a sender, on real processes. Redis is a private
 * redis-server, because the last test hangs it (SIGSTOP) and stops it.
 */
describe('Prometheus metrics on every service', () => {
  let dir: string;
  let redisServer: RedisServerHandle;
  let system: TestSystem;

  const scheduler = () => scrapeMetrics(system.stack.schedulers[0]!.url);
  const sender = () => scrapeMetrics(system.stack.senders[0]!.url);
  const frontend = () => scrapeMetrics(system.stack.frontendUrl);
  const create = async (body: Record<string, unknown>) => {
    const answer = await system.api.call('POST', '/v1/tasks', body);
    expect(answer.status).toBe(201);
    return answer.body.id as string;
  };
  const webhook = (path: string, extra: Record<string, unknown> = {}) =>
    create({ channel: 'webhook', webhook: { url: `${system.receiver.url}${path}` }, ...extra });
  const settled = (ids: string[]) =>
    waitFor(
      `tasks ${ids.join(', ')} delivered or dead`,
      async () => {
        const statuses = await Promise.all(
          ids.map(async (id) => (await system.api.call('GET', `/v1/tasks/${id}`)).body.status as string),
        );
        return statuses.every((s) => s === 'delivered' || s === 'dead');
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    );

  beforeAll(async () => {
    dir = mkdtempSync(`${tmpdir()}/later-metrics-`);
    redisServer = await startRedisServer({ dir, appendonly: false });
    system = await startTestSystem(
      {
        shardCount: 2,
        schedulers: 1,
        senders: 1,
        env: {
          // A short horizon, so a task due in 3 s is queued from Postgres by the horizon queuer.
          scheduler: { HORIZON_MS: '2000', HORIZON_INTERVAL_MS: '200' },
          // One webhook slot, so a second task waits in the ready list while a slow one is delivered.
          sender: { CONCURRENCY: '1' },
        },
      },
      { redisUrl: redisServer.url },
    );
    await system.api.signup('metrics@example.com');
  });

  afterAll(async () => {
    await system?.stop();
    await redisServer?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts tasks created, claimed, queued from the horizon, delivered and failed by channel, how long deliveries took, and requests', async () => {
    system.receiver.respondWith((d) => ({ status: d.path === '/gone' ? 404 : 200 }));
    const ids = [
      await webhook('/hook'),
      await webhook('/hook'),
      await webhook('/gone'),
      await webhook('/hook', { delay: 'PT3S' }), // beyond the 2 s horizon: waits in Postgres
      // No SMTP server is configured: the sender fails it for good (not_configured).
      await create({ channel: 'email', email: { to: 'ada@example.com', subject: 'Hello', text: 'Later' } }),
    ];
    await settled(ids);

    const s = await scheduler();
    expect(s.status).toBe(200);
    expect(s.value('later_tasks_created_total', { channel: 'webhook' })).toBe(4);
    expect(s.value('later_tasks_created_total', { channel: 'email' })).toBe(1);
    expect(s.value('later_tasks_created_total', { channel: 'sms' })).toBe(0);
    expect(s.value('later_tasks_claimed_total', { channel: 'webhook' })).toBe(4);
    expect(s.value('later_tasks_claimed_total', { channel: 'email' })).toBe(1);
    expect(s.value('later_horizon_queued_total')).toBe(1);
    // A start and a finish per task; the statuses above are Postgres', so all are written.
    expect(s.value('later_history_events_written_total')).toBe(10);
    expect(s.value('later_leases_reaped_total')).toBe(0);
    expect(s.value('later_lost_tasks_queued_total')).toBe(0);

    const d = await sender();
    expect(d.status).toBe(200);
    expect(d.value('later_deliveries_total', { channel: 'webhook', outcome: 'delivered' })).toBe(3);
    expect(d.value('later_deliveries_total', { channel: 'webhook', outcome: 'dead' })).toBe(1);
    expect(d.value('later_deliveries_total', { channel: 'email', outcome: 'dead' })).toBe(1);
    expect(d.value('later_deliveries_total', { channel: 'webhook', outcome: 'stale' })).toBe(0);
    expect(d.value('later_delivery_duration_seconds_count', { channel: 'webhook' })).toBe(4);
    expect(d.value('later_delivery_duration_seconds_count', { channel: 'email' })).toBe(1);
    expect(d.value('later_delivery_duration_seconds_sum', { channel: 'webhook' })).toBeGreaterThan(0);
    expect(d.value('later_delivery_duration_seconds_bucket', { channel: 'webhook', le: '+Inf' })).toBe(4);
    expect(d.value('later_deliveries_in_flight', { channel: 'webhook' })).toBe(0);
    // Every task taken was claimed at or after its due time: the histogram has them all.
    expect(d.value('later_due_lag_seconds_count', { channel: 'webhook' })).toBe(4);
    expect(d.value('later_due_lag_seconds_bucket', { channel: 'webhook', le: '+Inf' })).toBe(4);
    expect(d.value('later_sender_overloaded')).toBe(0);

    const f = await frontend();
    expect(f.status).toBe(200);
    expect(
      f.value('later_http_request_duration_seconds_count', { route: '/v1/tasks', method: 'POST', status: '201' }),
    ).toBe(5);
    expect(
      f.value('later_http_request_duration_seconds_count', { route: '/v1/signup', method: 'POST', status: '201' }),
    ).toBe(1);
    expect(
      f.value('later_http_request_duration_seconds_count', { route: '/v1/tasks/:id', method: 'GET', status: '200' }),
    ).toBeGreaterThanOrEqual(5);
    // Routes as declared: no task id ever becomes a label value.
    const routes = new Set(
      f.samples.filter((x) => x.name === 'later_http_request_duration_seconds_count').map((x) => x.labels.route!),
    );
    const declared = ['/healthz', '/readyz', '/v1/signup', '/v1/tasks', '/v1/tasks/:id'];
    expect([...routes].filter((route) => !declared.includes(route))).toEqual([]);

    for (const scrape of [s, d, f]) {
      expect(scrape.value('nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
      expect(scrape.value('process_cpu_seconds_total')).toBeGreaterThan(0);
    }
  });

  it('shows the ready queue, leases in flight and the outcome buffer, read from Redis when scraped', async () => {
    system.receiver.respondWith((d) => ({ status: 200, delayMs: d.path === '/slow' ? 3000 : 0 }));
    const slow = await webhook('/slow');
    await waitFor('the slow delivery to start', () => system.receiver.received.some((r) => r.deliveryId === slow));
    const waiting = await webhook('/hook');

    const busy = await waitFor('a task leased and another ready', async () => {
      const s = await scheduler();
      return s.value('later_leases_in_flight') === 1 && s.value('later_ready_tasks', { channel: 'webhook' }) === 1
        ? s
        : undefined;
    });
    expect(busy.value('later_redis_up')).toBe(1);
    expect(busy.value('later_ready_tasks', { channel: 'email' })).toBe(0);
    expect(busy.value('later_outcome_buffer_entries')).toBeGreaterThanOrEqual(0);
    expect(busy.value('later_overdue_tasks')).toBe(1);
    expect(busy.value('later_held_tasks', { channel: 'webhook' })).toBe(0);
    const busySender = await sender();
    expect(busySender.value('later_deliveries_in_flight', { channel: 'webhook' })).toBe(1);
    expect(busySender.value('later_sender_saturated', { channel: 'webhook' })).toBe(1);

    await settled([slow, waiting]);
    const idle = await waitFor('the outcome buffer written to Postgres', async () => {
      const s = await scheduler();
      return s.value('later_outcome_buffer_entries') === 0 ? s : undefined;
    });
    expect(idle.value('later_leases_in_flight')).toBe(0);
    expect(idle.value('later_ready_tasks', { channel: 'webhook' })).toBe(0);
    expect(idle.value('later_overdue_tasks')).toBe(0);
    expect((await sender()).value('later_deliveries_in_flight', { channel: 'webhook' })).toBe(0);
  });

  it('answers a scrape within a second, with what the process knows, while Redis hangs or is down', async () => {
    const withoutRedis = (s: Scrape) => {
      expect(s.status).toBe(200);
      expect(s.elapsedMs).toBeLessThan(1000);
      expect(s.value('later_redis_up')).toBe(0);
      // Left out rather than stale; still declared, so a dashboard knows the metric.
      expect(
        s.samples.filter((x) =>
          ['later_ready_tasks', 'later_leases_in_flight', 'later_outcome_buffer_entries'].includes(x.name),
        ),
      ).toEqual([]);
      expect(s.declares('later_ready_tasks')).toBe(true);
      expect(s.value('later_tasks_created_total', { channel: 'webhook' })).toBe(6);
      expect(s.value('nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    };

    redisServer.process.kill('SIGSTOP');
    try {
      withoutRedis(await scheduler());
      expect((await sender()).status).toBe(200);
    } finally {
      redisServer.process.kill('SIGCONT');
    }
    await waitFor('Redis answering scrapes again', async () => (await scheduler()).value('later_redis_up') === 1);

    await redisServer.stop();
    withoutRedis(await scheduler());
    expect((await sender()).status).toBe(200);
    redisServer = await startRedisServer({ dir, port: redisServer.port, appendonly: false });
  });
});
