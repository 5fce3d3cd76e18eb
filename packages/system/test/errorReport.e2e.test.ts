import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  publicApiClient,
  startTestSystem,
  startWebhookReceiver,
  waitFor,
  type PublicApiClient,
  type TestSystem,
  type WebhookReceiver,
} from '../src/testing/index.js';

interface Group {
  channel: string;
  targetHost: string;
  errorClass: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
  sampleError?: string;
}

describe('the report on recurring errors (2 scheduler replicas, real receivers)', () => {
  let system: TestSystem;
  let other: WebhookReceiver;
  let alice: PublicApiClient;
  let bob: PublicApiClient;

  const hostOf = (url: string) => new URL(url).host;
  const create = async (client: PublicApiClient, body: Record<string, unknown>) => {
    const created = await client.call('POST', '/v1/tasks', body);
    expect(created.status).toBe(201);
    return created.body.id as string;
  };
  const webhook = (client: PublicApiClient, url: string, extra: Record<string, unknown> = {}) =>
    create(client, { channel: 'webhook', webhook: { url }, ...extra });
  const finished = async (client: PublicApiClient, ids: string[]) => {
    const tasks = await waitFor(
      'every task finished',
      async () => {
        const got = await Promise.all(ids.map(async (id) => (await client.call('GET', `/v1/tasks/${id}`)).body));
        return got.every((t) => t.status === 'delivered' || t.status === 'dead') ? got : undefined;
      },
      { timeoutMs: 30_000 },
    );
    return tasks;
  };
  const report = async (client: PublicApiClient, query = '') => {
    const answer = await client.call('GET', `/v1/reports/errors${query}`);
    expect(answer.status).toBe(200);
    return answer.body as { since: string; groups: Group[] };
  };
  const key = (g: Group) => `${g.channel} ${g.targetHost} ${g.errorClass}`;

  beforeAll(async () => {
    other = await startWebhookReceiver();
    other.respondWith(() => ({ status: 500 }));
    system = await startTestSystem({
      shardCount: 4,
      schedulers: 2,
      env: { scheduler: { RETRY_BASE_MS: '50', RETRY_MAX_MS: '100', DEFAULT_MAX_ATTEMPTS: '2' } },
    });
    system.receiver.respondWith((d) =>
      d.path.startsWith('/busy')
        ? { status: 503 }
        : d.path.startsWith('/gone')
          ? { status: 404 }
          : d.path.startsWith('/slow')
            ? { status: 200, delayMs: 1500 }
            : { status: 200 },
    );
    alice = system.api;
    await alice.signup('alice@example.com');
    bob = publicApiClient(system.stack.frontendUrl);
    await bob.signup('bob@example.com');
  });
  afterAll(async () => {
    await system?.stop();
    await other?.close();
  });

  it('groups failures by channel, destination and kind, with counts, first and last seen and a sample, newest first', async () => {
    const started = Date.now();
    const ids = {
      busy: [
        await webhook(alice, `${system.receiver.url}/busy-1`),
        await webhook(alice, `${system.receiver.url}/busy-2`),
        await webhook(alice, `${system.receiver.url}/busy-3`),
      ],
      gone: [
        await webhook(alice, `${system.receiver.url}/gone-1`),
        await webhook(alice, `${system.receiver.url}/gone-2`),
      ],
      other: [await webhook(alice, `${other.url}/anything`)],
      refused: [await webhook(alice, 'http://127.0.0.1:1/nobody')],
      slow: [await webhook(alice, `${system.receiver.url}/slow`, { timeout: 'PT0.3S', retry: { maxAttempts: 1 } })],
      sms: [await create(alice, { channel: 'sms', sms: { to: '+4915112345678', body: 'hi' } })],
      email: [await create(alice, { channel: 'email', email: { to: 'ada@mail.example', subject: 'hi', text: 'hi' } })],
      ok: [await webhook(alice, `${system.receiver.url}/ok-1`), await webhook(alice, `${system.receiver.url}/ok-2`)],
    };
    const tasks = new Map((await finished(alice, Object.values(ids).flat())).map((t) => [t.id as string, t]));
    const failedAt = (group: string[]) =>
      group.flatMap((id) =>
        tasks
          .get(id)!
          .attempts.filter((a: { outcome: string }) => a.outcome !== 'success')
          .map((a: { finishedAt: string }) => Date.parse(a.finishedAt)),
      );

    const { groups, since } = await report(alice);
    expect(Date.parse(since)).toBeLessThan(started - 23 * 3_600_000);
    const a = hostOf(system.receiver.url);
    expect(groups.map((g) => [key(g), g.count]).sort()).toEqual(
      [
        [`webhook ${a} http_5xx`, 6],
        [`webhook ${a} http_4xx`, 2],
        [`webhook ${hostOf(other.url)} http_5xx`, 2],
        ['webhook 127.0.0.1:1 connection_refused', 2],
        [`webhook ${a} timeout`, 1],
        ['sms sms not_configured', 1],
        ['email mail.example not_configured', 1],
      ].sort(),
    );
    const byKey = new Map(groups.map((g) => [key(g), g]));
    for (const [name, group] of [
      [`webhook ${a} http_5xx`, ids.busy],
      [`webhook ${a} http_4xx`, ids.gone],
      [`webhook ${hostOf(other.url)} http_5xx`, ids.other],
      ['webhook 127.0.0.1:1 connection_refused', ids.refused],
    ] as const) {
      const g = byKey.get(name)!;
      expect([name, Date.parse(g.firstSeen), Date.parse(g.lastSeen)]).toEqual([
        name,
        Math.min(...failedAt(group)),
        Math.max(...failedAt(group)),
      ]);
    }
    expect(byKey.get(`webhook ${a} http_5xx`)!.sampleError).toBe('HTTP 503: status 503');
    expect(byKey.get(`webhook ${hostOf(other.url)} http_5xx`)!.sampleError).toBe('HTTP 500: status 500');
    expect(byKey.get('webhook 127.0.0.1:1 connection_refused')!.sampleError).toMatch(/ECONNREFUSED/);
    expect(byKey.get(`webhook ${a} timeout`)!.sampleError).toBe('timed out after 300 ms');
    expect(byKey.get('sms sms not_configured')!.sampleError).toMatch(/cannot send it/);
    const lastSeen = groups.map((g) => Date.parse(g.lastSeen));
    expect(lastSeen).toEqual([...lastSeen].sort((x, y) => y - x));
  });

  it('counts only failures since `since`', async () => {
    const before = (await report(alice)).groups.find((g) => g.targetHost === hostOf(other.url))!;
    const since = new Date(Date.now() + 50).toISOString();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await finished(alice, [await webhook(alice, `${other.url}/again`)]);
    const { groups } = await report(alice, `?since=${encodeURIComponent(since)}`);
    expect(groups.map((g) => [key(g), g.count])).toEqual([[`webhook ${hostOf(other.url)} http_5xx`, 2]]);
    expect(Date.parse(groups[0]!.firstSeen)).toBeGreaterThan(Date.parse(before.lastSeen));
    expect(
      (await report(alice, `?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).groups,
    ).toEqual([]);
  });

  it('shows each user only their own failures', async () => {
    expect((await report(bob)).groups).toEqual([]);
    await finished(bob, [await webhook(bob, `${system.receiver.url}/gone-bob`)]);
    expect((await report(bob)).groups.map((g) => [key(g), g.count])).toEqual([
      [`webhook ${hostOf(system.receiver.url)} http_4xx`, 1],
    ]);
    expect((await report(alice)).groups.find((g) => g.errorClass === 'http_4xx')!.count).toBe(2);
  });

  it.each([
    ['?since=yesterday', 'since'],
    ['?since=2026-11-25', 'since'],
    ['?since=2026-13-01T00:00:00Z', 'since'],
    ['?until=2026-11-25T00:00:00Z', 'until'],
  ])('answers %s with 400 naming %s', async (query, field) => {
    const answer = await alice.call('GET', `/v1/reports/errors${query}`);
    expect(answer.status).toBe(400);
    expect(answer.body.issues.map((i: { path: string }) => i.path)).toContain(field);
  });

  it('needs a key', async () => {
    expect((await alice.call('GET', '/v1/reports/errors', undefined, { key: null })).status).toBe(401);
  });
});
