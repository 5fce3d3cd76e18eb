import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openEventStream,
  publicApiClient,
  startTestSystem,
  waitFor,
  type PublicApiClient,
  type SseStream,
  type TestSystem,
} from '../src/testing/index.js';

/** Each test signs its own account up, so one test's requests and counts never touch another's limits. */
describe('per-account quotas, on real processes (low limits in the stack env)', () => {
  let system: TestSystem;
  let accounts = 0;
  const newAccount = async (): Promise<PublicApiClient> => {
    const api = publicApiClient(system.stack.frontendUrl);
    await api.signup(`quota-${++accounts}@example.com`);
    return api;
  };
  const webhookTask = () => ({ channel: 'webhook', webhook: { url: `${system.receiver.url}/quota` } });

  beforeAll(async () => {
    system = await startTestSystem({
      env: {
        frontend: {
          LOGIN_ATTEMPTS_PER_MINUTE: '100',
          ACCOUNT_RATE_LIMIT_PER_SECOND: '1',
          ACCOUNT_RATE_LIMIT_BURST: '20',
          MAX_API_KEYS_PER_ACCOUNT: '12',
          MAX_EVENT_STREAMS_PER_ACCOUNT: '2',
        },
        scheduler: { MAX_ACTIVE_SCHEDULES_PER_ACCOUNT: '2', MIN_SCHEDULE_INTERVAL_MS: '60000' },
      },
    });
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('gives all of an account\u2019s keys one request rate: 10 keys are refused with 429 and Retry-After together', async () => {
    const api = await newAccount();
    const keys: string[] = [];
    for (let i = 0; i < 10; i++) keys.push((await api.call('POST', '/v1/api-keys', { name: `k${i}` })).body.apiKey);
    // Once each first, so every key is verified (slow on a busy machine) before the burst.
    for (const key of keys) await api.call('GET', '/v1/tasks?limit=1', undefined, { key });
    // 5 requests per key, far under each key's own burst (100), 50 for the account (burst 20).
    const answers = await Promise.all(
      keys.flatMap((key) => Array.from({ length: 5 }, () => api.call('GET', '/v1/tasks?limit=1', undefined, { key }))),
    );
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(20);
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited[0]!.body.error).toMatch(/too many requests for this account/);
    // Another account is untouched.
    expect((await (await newAccount()).call('GET', '/v1/tasks?limit=1')).status).toBe(200);
  });

  it('refuses the API key past the account\u2019s limit with 409 naming it, and counts only keys not revoked', async () => {
    const api = await newAccount();
    const made = [];
    // The signup's key is the first of 12.
    for (let i = 0; i < 11; i++) made.push(await api.call('POST', '/v1/api-keys', { name: `k${i}` }));
    expect(made.map((a) => a.status)).toEqual(Array(11).fill(201));
    const refused = await api.call('POST', '/v1/api-keys', { name: 'one too many' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatch(/12 API keys/);
    expect((await api.call('GET', '/v1/api-keys')).body.keys).toHaveLength(12);
    expect((await api.call('DELETE', `/v1/api-keys/${made[0]!.body.id}`)).status).toBe(200);
    expect((await api.call('POST', '/v1/api-keys', { name: 'after a revoke' })).status).toBe(201);
  });

  it('refuses the active schedule past the account\u2019s limit with 409 naming it; paused ones do not count until resumed', async () => {
    const api = await newAccount();
    const first = await api.call('POST', '/v1/schedules', { every: 'PT1H', task: webhookTask() });
    expect(first.status).toBe(201);
    expect((await api.call('POST', '/v1/schedules', { cron: '0 * * * *', task: webhookTask() })).status).toBe(201);
    const third = await api.call('POST', '/v1/schedules', { every: 'PT2H', task: webhookTask() });
    expect(third.status).toBe(409);
    expect(third.body.error).toMatch(/2 active schedules/);

    const paused = await api.call('POST', '/v1/schedules', {
      key: 'later',
      every: 'PT1H',
      paused: true,
      task: webhookTask(),
    });
    expect(paused.status).toBe(201);
    expect((await api.call('POST', `/v1/schedules/${paused.body.id}/resume`)).status).toBe(409);
    // Registering it again, now active, is a third active schedule too.
    expect((await api.call('POST', '/v1/schedules', { key: 'later', every: 'PT1H', task: webhookTask() })).status).toBe(
      409,
    );
    expect((await api.call('GET', `/v1/schedules/${paused.body.id}`)).body.status).toBe('paused');

    expect((await api.call('DELETE', `/v1/schedules/${first.body.id}`)).status).toBe(200);
    const resumed = await api.call('POST', `/v1/schedules/${paused.body.id}/resume`);
    expect(resumed.status).toBe(200);
    expect(resumed.body.status).toBe('active');
  });

  it('refuses a schedule that runs more often than the shortest interval, naming cron or every', async () => {
    const api = await newAccount();
    for (const [rule, field] of [
      [{ every: 'PT30S' }, 'every'],
      [{ every: 'PT1S' }, 'every'],
      [{ cron: '* * * * * *' }, 'cron'],
      [{ cron: '*/30 * * * * *' }, 'cron'],
      // Once an hour at first sight, but twice in that minute, 30 s apart.
      [{ cron: '0,30 0 * * * *' }, 'cron'],
    ] as const) {
      const refused = await api.call('POST', '/v1/schedules', { ...rule, task: webhookTask() });
      expect(refused.status, JSON.stringify(rule)).toBe(400);
      expect(refused.body.issues[0].path).toBe(field);
      expect(refused.body.error).toMatch(/60 s/);
    }
    expect((await api.call('POST', '/v1/schedules', { cron: '* * * * *', task: webhookTask() })).status).toBe(201);
    const slow = await api.call('POST', '/v1/schedules', { key: 'k', every: 'PT1M', task: webhookTask() });
    expect(slow.status).toBe(201);
    // Changing a schedule to a faster rule is refused the same way.
    const faster = await api.call('POST', '/v1/schedules', { key: 'k', every: 'PT10S', task: webhookTask() });
    expect(faster.status).toBe(400);
    expect(faster.body.issues[0].path).toBe('every');
  });

  it('refuses the event stream past the account\u2019s limit with 409 naming it, and lets one open again once one closes', async () => {
    const api = await newAccount();
    const open = () =>
      openEventStream(`${system.stack.frontendUrl}/v1/events`, { authorization: `Bearer ${api.apiKey}` });
    const streams: SseStream[] = [await open(), await open()];
    try {
      expect(streams.map((s) => s.status)).toEqual([200, 200]);
      const refused = await open();
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatch(/2 open event streams/);
      // Another account has its own.
      const other = await newAccount();
      const theirs = await openEventStream(`${system.stack.frontendUrl}/v1/events`, {
        authorization: `Bearer ${other.apiKey}`,
      });
      theirs.close();
      expect(theirs.status).toBe(200);

      streams.shift()!.close();
      const again = await waitFor('a stream to open after one closed', async () => {
        const stream = await open();
        if (stream.status === 200) return stream;
        stream.close();
        return undefined;
      });
      streams.push(again);
    } finally {
      for (const stream of streams) stream.close();
    }
  });
});
