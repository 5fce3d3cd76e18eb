import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, waitFor, type TestSystem } from '../src/testing/index.js';

/** The API the web UI needs beyond tasks themselves: list filters and search, schedule previews, the dashboard's figures. */
describe('task filters, schedule previews and dashboard stats (real processes)', () => {
  let system: TestSystem;
  const call = (method: string, path: string, body?: unknown) => system.api.call(method, path, body);
  const ids = async (query: string) =>
    ((await call('GET', `/v1/tasks?${query}`)).body.tasks as { id: string }[]).map((t) => t.id);

  beforeAll(async () => {
    system = await startTestSystem({ schedulers: 2, senders: 1, shardCount: 4 });
    await system.api.signup('dash@example.com');
  });
  afterAll(() => system?.stop());

  it('filters tasks by channel, stream and key, searches them, and pages through a filtered list', async () => {
    const hook = (path: string, extra: object = {}) => ({
      channel: 'webhook',
      webhook: { url: `${system.receiver.url}/${path}`, body: { note: path } },
      delay: 'PT1H',
      ...extra,
    });
    const created: string[] = [];
    for (const body of [
      hook('invoices', { stream: 'customer-7' }),
      hook('invoices', { stream: 'customer-7', key: 'sync-7' }),
      hook('laundry', { key: 'Laundry-Day' }),
      {
        channel: 'email',
        email: { to: 'ada@example.com', subject: 'Quarterly report', text: 'see attached' },
        delay: 'PT1H',
      },
      { channel: 'sms', sms: { to: '+4915112345678', body: 'call mum' }, delay: 'PT1H' },
    ]) {
      const answer = await call('POST', '/v1/tasks', body);
      expect(answer.status).toBe(201);
      created.push(answer.body.id);
    }
    const [inv1, inv2, laundry, email, sms] = created;
    expect(await ids('channel=email')).toEqual([email]);
    expect(await ids('channel=sms')).toEqual([sms]);
    expect(await ids('stream=customer-7')).toEqual([inv2, inv1]);
    expect(await ids('key=sync-7')).toEqual([inv2]);
    expect(await ids('stream=customer-7&key=sync-7&channel=webhook')).toEqual([inv2]);
    // Search: the destination, the body, the key (any case), the subject, the id itself.
    expect(await ids('q=INVOICES')).toEqual([inv2, inv1]);
    expect(await ids('q=laundry-day')).toEqual([laundry]);
    expect(await ids('q=quarterly')).toEqual([email]);
    expect(await ids('q=4915112345678')).toEqual([sms]);
    expect(await ids(`q=${laundry}`)).toContain(laundry);
    // LIKE wildcards in the text are taken literally.
    expect(await ids('q=%25')).toEqual([]);
    expect(await ids('q=_')).toEqual([]);
    const first = await call('GET', '/v1/tasks?channel=webhook&limit=2');
    expect(first.body.tasks.map((t: { id: string }) => t.id)).toEqual([laundry, inv2]);
    const second = await call('GET', `/v1/tasks?channel=webhook&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toEqual({ tasks: [expect.objectContaining({ id: inv1 })], nextCursor: null });
  });

  it('answers bad filters with a 400 naming the parameter', async () => {
    for (const [query, field] of [
      ['channel=fax', 'channel'],
      ['stream=', 'stream'],
      ['key=', 'key'],
      [`q=${'x'.repeat(201)}`, 'q'],
      ['q=a%00b', 'q'],
      ['status=lost', 'status'],
      ['colour=red', 'colour'],
    ]) {
      const answer = await call('GET', `/v1/tasks?${query}`);
      expect(answer.status, query).toBe(400);
      expect(
        answer.body.issues.map((i: { path: string }) => i.path),
        query,
      ).toContain(field);
    }
  });

  it('previews the next five runs of a cron in a time zone, and of an every rule, creating nothing', async () => {
    const cron = await call('POST', '/v1/schedules/preview', { cron: '30 8 * * 1-5', timezone: 'Europe/Berlin' });
    expect(cron.status).toBe(200);
    expect(cron.body.timezone).toBe('Europe/Berlin');
    expect(cron.body.runs).toHaveLength(5);
    const local = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Berlin',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
    for (const run of cron.body.runs as string[]) {
      expect(Date.parse(run)).toBeGreaterThan(Date.now() - 1000);
      expect(local.format(new Date(run))).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 08:30$/);
    }
    const every = await call('POST', '/v1/schedules/preview', { every: 'PT15M', count: 3 });
    const runs = (every.body.runs as string[]).map(Date.parse);
    expect(runs).toHaveLength(3);
    expect([runs[1]! - runs[0]!, runs[2]! - runs[1]!]).toEqual([900_000, 900_000]);
    const ended = await call('POST', '/v1/schedules/preview', {
      every: 'PT1H',
      endAt: new Date(Date.now() + 2.5 * 3_600_000).toISOString(),
    });
    expect(ended.body.runs).toHaveLength(3);
    expect((await call('GET', '/v1/schedules')).body.schedules).toEqual([]);
  });

  it('answers a bad rule with a 400 naming the field', async () => {
    for (const [body, field] of [
      [{ cron: '61 * * * *' }, 'cron'],
      [{ cron: 'every day' }, 'cron'],
      [{ every: 'soon' }, 'every'],
      [{ every: 'PT0.5S' }, 'every'],
      [{}, 'cron'],
      [{ cron: '* * * * *', every: 'PT1M' }, 'every'],
      [{ cron: '* * * * *', timezone: 'Mars/Olympus' }, 'timezone'],
      [{ cron: '* * * * *', count: 21 }, 'count'],
      [{ cron: '* * * * *', task: {} }, 'task'],
    ] as const) {
      const answer = await call('POST', '/v1/schedules/preview', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.issues[0].path, JSON.stringify(body)).toBe(field);
    }
  });

  it('counts waiting tasks by due bucket, attempts per minute, due lag, failures by class and host, and live replicas', async () => {
    await system.api.signup('figures@example.com');
    system.receiver.respondWith((d) => ({ status: d.path.startsWith('/broken') ? 503 : 200 }));
    for (const [delay, n] of [
      ['PT30M', 2],
      ['PT5H', 1],
      ['P3D', 1],
      ['P30D', 3],
    ] as const) {
      for (let i = 0; i < n; i++)
        await call('POST', '/v1/tasks', {
          channel: 'webhook',
          webhook: { url: `${system.receiver.url}/later` },
          delay,
        });
    }
    const now = [
      await call('POST', '/v1/tasks', { channel: 'webhook', webhook: { url: `${system.receiver.url}/ok` } }),
      await call('POST', '/v1/tasks', {
        channel: 'webhook',
        webhook: { url: `${system.receiver.url}/broken` },
        retry: { maxAttempts: 1 },
      }),
    ];
    await waitFor('both to finish', async () => {
      const states = await Promise.all(now.map(async (t) => (await call('GET', `/v1/tasks/${t.body.id}`)).body.status));
      return states.join() === 'delivered,dead';
    });
    const stats = await waitFor('the failure to be counted', async () => {
      const answer = await call('GET', '/v1/stats');
      return answer.body.failures?.length > 0 ? answer.body : undefined;
    });
    expect(stats.scheduled).toEqual({ overdue: 0, nextHour: 2, nextDay: 1, nextWeek: 1, later: 3 });
    expect(stats.failures).toEqual([{ errorClass: 'http_5xx', count: 1 }]);
    expect(stats.failingHosts).toEqual([{ host: new URL(system.receiver.url).host, count: 1 }]);
    expect(stats.throughput).toHaveLength(60);
    const totals = stats.throughput.reduce(
      (sum: { delivered: number; failed: number }, m: { delivered: number; failed: number }) => ({
        delivered: sum.delivered + m.delivered,
        failed: sum.failed + m.failed,
      }),
      { delivered: 0, failed: 0 },
    );
    expect(totals).toEqual({ delivered: 1, failed: 1 });
    expect(Date.parse(stats.throughput[59].minute)).toBeLessThanOrEqual(Date.parse(stats.at));
    expect(stats.dueLag.samples).toBe(2);
    expect(stats.dueLag.p50).toBeGreaterThanOrEqual(0);
    expect(stats.dueLag.max).toBeLessThan(5000);
    // Counts only: the replicas' host names and process ids are not every user's business.
    expect(stats.replicas).toEqual({ schedulers: 2, senders: 1 });

    // Another user's figures are their own; the replicas are everyone's.
    await system.api.signup('other@example.com');
    const other = (await call('GET', '/v1/stats')).body;
    expect(other.scheduled).toEqual({ overdue: 0, nextHour: 0, nextDay: 0, nextWeek: 0, later: 0 });
    expect([other.failures, other.dueLag.samples]).toEqual([[], 0]);

    // A sender killed (no goodbye) drops out once its heartbeat is stale; one stopped cleanly at once.
    const extra = await system.stack.addSender();
    const replicas = async () => (await call('GET', '/v1/stats')).body.replicas;
    await waitFor('the new sender', async () => (await replicas()).senders === 2);
    await extra.kill();
    await waitFor('the killed sender to drop out', async () => (await replicas()).senders === 1, { timeoutMs: 15_000 });
    await system.stack.senders[0]!.stop();
    expect(await replicas()).toEqual({ schedulers: 2, senders: 0 });
  });
});
