import { createHash, scryptSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { verifyLaterWebhook } from '@later/webhook-verify';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServerHandle } from '../src/index.js';
import {
  adminDatabaseUrl,
  publicApiClient,
  startTestSystem,
  waitFor,
  type PublicApiClient,
  type TestSystem,
} from '../src/testing/index.js';

const redisPassword = 'a-redis-password-for-security-tests';
/**
 * The Postgres password in every service's DATABASE_URL: TEST_DATABASE_URL's own if it has one;
 * else one the shared test server (trusting local connections) never asks for, but which the
 * services hold all the same, like any credential that must stay out of their logs.
 */
const databaseUrl = new URL(adminDatabaseUrl());
databaseUrl.password ||= 'a-postgres-password-for-security-tests';
const postgresPassword = decodeURIComponent(databaseUrl.password);

describe('keeping strangers out, on real processes (2 scheduler replicas, a password-protected Redis)', () => {
  let dir: string;
  let redisServer: RedisServerHandle;
  let system: TestSystem;
  let alice: PublicApiClient;
  let eve: PublicApiClient;
  let aliceId: string;
  const password = 'alice has a long password';
  /** Everything each service has written since it started (recentOutput keeps only the last lines). */
  const logs = new Map<string, string[]>();

  const hook = (path: string) => ({ url: `${system.receiver.url}${path}` });
  const deliveryOf = (id: string) =>
    waitFor(`delivery of ${id}`, () => system.receiver.received.find((r) => r.deliveryId === id));
  const createAs = async (api: PublicApiClient, body: Record<string, unknown>) =>
    (await api.call('POST', '/v1/tasks', { channel: 'webhook', ...body })).body.id as string;

  beforeAll(async () => {
    dir = mkdtempSync(`${tmpdir()}/later-security-`);
    redisServer = await startRedisServer({ dir, appendonly: false, password: redisPassword });
    system = await startTestSystem(
      {
        shardCount: 2,
        schedulers: 2,
        env: { frontend: { KEY_RECHECK_MS: '200', RATE_LIMIT_PER_SECOND: '20', RATE_LIMIT_BURST: '30' } },
      },
      { redisUrl: redisServer.url, adminDatabaseUrl: databaseUrl.toString() },
    );
    for (const service of [system.stack.frontend, ...system.stack.schedulers, ...system.stack.senders]) {
      const lines = [service.recentOutput()];
      logs.set(service.label, lines);
      for (const stream of [service.process.stdout!, service.process.stderr!])
        stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    }
    alice = system.api;
    aliceId = await alice.signup('alice@example.com', password);
    eve = publicApiClient(system.stack.frontendUrl);
    await eve.signup('eve@example.com');
  });
  afterAll(async () => {
    await system?.stop();
    await redisServer?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('signs every delivery: the receiver package verifies it with the owner\u2019s key, and a rotation keeps it verifiable', async () => {
    const [first] = (await alice.call('GET', '/v1/signing-keys')).body.keys;
    expect(first).toMatchObject({ version: 1, status: 'current' });
    const verify = (d: { headers: Record<string, unknown>; body: string }, secret: string | string[]) =>
      verifyLaterWebhook({ secret, headers: d.headers as Record<string, string | undefined>, body: d.body });

    const signed = await deliveryOf(await createAs(alice, { webhook: { ...hook('/signed'), body: { n: 1 } } }));
    expect(verify(signed, first.secret)).toBe(true);
    expect(verify({ ...signed, body: '{"n":2}' }, first.secret)).toBe(false);
    const eveKey = (await eve.call('GET', '/v1/signing-keys')).body.keys[0].secret;
    expect(eveKey).not.toBe(first.secret);
    expect(verify(signed, eveKey)).toBe(false);

    const rotated = (await alice.call('POST', '/v1/signing-keys/rotate')).body.keys;
    const next = rotated.find((k: { status: string }) => k.status === 'next');
    const rotatedTwice = await alice.call('POST', '/v1/signing-keys/rotate');
    expect([rotatedTwice.status, rotatedTwice.body]).toEqual([
      409,
      { error: 'a rotation is under way: promote the next key first', issues: [] },
    ]);
    // Senders cache an owner's keys for up to 5 s.
    await new Promise((resolve) => setTimeout(resolve, 5200));
    const during = await deliveryOf(await createAs(alice, { webhook: { ...hook('/rotating'), body: 'x' } }));
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verify(during, first.secret)).toBe(true);
    expect(verify(during, next.secret)).toBe(true);

    expect((await alice.call('POST', '/v1/signing-keys/promote')).body.keys).toEqual([{ ...next, status: 'current' }]);
    const promotedTwice = await alice.call('POST', '/v1/signing-keys/promote');
    expect([promotedTwice.status, promotedTwice.body]).toEqual([
      409,
      { error: 'there is no next key to promote: rotate first', issues: [] },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 5200));
    const after = await deliveryOf(await createAs(alice, { webhook: { ...hook('/promoted'), body: 'y' } }));
    expect(verify(after, next.secret)).toBe(true);
    expect(verify(after, first.secret)).toBe(false);
  }, 60_000);

  it('manages API keys: shown once, listed by prefix only, revoked keys answer 401', async () => {
    const created = await alice.call('POST', '/v1/api-keys', { name: 'billing' });
    expect(created.status).toBe(201);
    expect(created.body.apiKey).toMatch(new RegExp(`^${created.body.prefix}\\.`));
    const listed = await alice.call('GET', '/v1/api-keys');
    expect(listed.body.keys.map((k: { name: string }) => k.name).sort()).toEqual(['billing', 'default']);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.apiKey.split('.')[1]);
    expect((await alice.call('GET', '/v1/tasks', undefined, { key: created.body.apiKey })).status).toBe(200);
    expect((await alice.call('DELETE', `/v1/api-keys/${created.body.id}`)).body.revokedAt).not.toBeNull();
    await waitFor(
      'the revoked key to be refused',
      async () => (await alice.call('GET', '/v1/tasks', undefined, { key: created.body.apiKey })).status === 401,
    );
    expect((await alice.call('GET', '/v1/tasks')).status).toBe(200);
  });

  it('limits each key\u2019s rate with 429 and Retry-After, leaving other keys alone', async () => {
    // Far more than the burst: even a slow machine cannot serve them before the bucket runs dry.
    const answers = await Promise.all(Array.from({ length: 250 }, () => eve.call('GET', '/v1/tasks?limit=1')));
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited[0]!.body.error).toMatch(/too many requests/);
    expect((await alice.call('GET', '/v1/tasks?limit=1')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1500));
  });

  it('refuses webhook targets that are private, loopback outside the allow-list, or metadata addresses', async () => {
    for (const url of [
      'http://10.0.0.5/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://[fd00::1]/x',
      'http://192.168.1.10/',
    ]) {
      const refused = await alice.call('POST', '/v1/tasks', { channel: 'webhook', webhook: { url } });
      expect(refused.status).toBe(400);
      expect(refused.body.issues[0].path).toBe('webhook.url');
    }
    const schedule = await alice.call('POST', '/v1/schedules', {
      every: 'PT1H',
      task: { channel: 'webhook', webhook: { url: 'http://10.1.1.1/' } },
    });
    expect(schedule.body.issues[0].path).toBe('task.webhook.url');
  });

  it('answers a body over the limit with 413 in the usual error shape', async () => {
    const huge = await alice.call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: { ...hook('/x'), body: 'x'.repeat(2_000_000) },
    });
    expect(huge.status).toBe(413);
    expect(huge.body.issues[0].path).toBe('(body)');
  });

  it('lets no user see or touch another\u2019s tasks, schedules or keys, on any endpoint', async () => {
    const task = await createAs(alice, { webhook: hook('/private'), delay: 'PT1H' });
    const delivered = await createAs(alice, { webhook: hook('/private-done') });
    await deliveryOf(delivered);
    const schedule = (
      await alice.call('POST', '/v1/schedules', { every: 'PT1H', task: { channel: 'webhook', webhook: hook('/s') } })
    ).body.id;
    const aliceKey = (await alice.call('GET', '/v1/api-keys')).body.keys[0].id;
    const attempts: [string, string, unknown?][] = [
      ['GET', `/v1/tasks/${task}`],
      ['PATCH', `/v1/tasks/${task}`, { delay: 'PT2H' }],
      ['DELETE', `/v1/tasks/${task}`],
      ['POST', `/v1/tasks/${delivered}/replay`],
      ['GET', `/v1/schedules/${schedule}`],
      ['POST', `/v1/schedules/${schedule}/pause`],
      ['POST', `/v1/schedules/${schedule}/resume`],
      ['DELETE', `/v1/schedules/${schedule}`],
      ['DELETE', `/v1/api-keys/${aliceKey}`],
    ];
    for (const [method, path, body] of attempts) {
      expect([method, path, (await eve.call(method, path, body)).status]).toEqual([method, path, 404]);
    }
    // A bulk replay names no ids: Eve's replays only Eve's tasks, and Alice's delivered one stays as it was.
    await waitFor(
      'Alice\u2019s task delivered',
      async () => (await alice.call('GET', `/v1/tasks/${delivered}`)).body.status === 'delivered',
    );
    expect((await eve.call('POST', '/v1/tasks/replay', { status: 'delivered', limit: 1000 })).body).toEqual({
      replayed: [],
      more: false,
    });
    expect((await eve.call('POST', '/v1/tasks/replay', { status: 'delivered' }, { key: null })).status).toBe(401);
    expect((await eve.call('GET', '/v1/tasks?limit=100')).body.tasks.map((t: { id: string }) => t.id)).not.toContain(
      task,
    );
    expect((await eve.call('GET', '/v1/schedules')).body.schedules).toEqual([]);
    expect((await eve.call('GET', '/v1/api-keys')).body.keys.map((k: { id: string }) => k.id)).not.toContain(aliceKey);
    // Nothing of Alice's changed.
    expect((await alice.call('GET', `/v1/tasks/${task}`)).body.status).toBe('scheduled');
    expect((await alice.call('GET', `/v1/tasks/${delivered}`)).body).toMatchObject({
      status: 'delivered',
      attempts: [{ n: 1 }],
    });
    expect((await alice.call('GET', `/v1/schedules/${schedule}`)).body.status).toBe('active');
    expect((await alice.call('GET', '/v1/tasks')).status).toBe(200);
  });

  it('stores passwords only as scrypt hashes and API keys only as SHA-256 digests of them', async () => {
    const created = (await alice.call('POST', '/v1/api-keys', { name: 'hashed' })).body;
    const db = new pg.Client({ connectionString: system.db.url });
    await db.connect();
    try {
      const [user] = (
        await db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [aliceId])
      ).rows;
      const hash = user!.password_hash;
      expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
      expect(hash).not.toContain(password);
      const [, N, r, p, salt, key] = hash.split('$') as string[];
      const derived = scryptSync(password, Buffer.from(salt!, 'base64url'), 32, {
        N: Number(N),
        r: Number(r),
        p: Number(p),
        maxmem: 64 * 1024 * 1024,
      });
      expect(derived.toString('base64url')).toBe(key);

      const keys = (
        await db.query<{ prefix: string; secret_digest: string; secret_hash: string | null }>(
          'SELECT prefix, secret_digest, secret_hash FROM api_keys WHERE user_id = $1',
          [aliceId],
        )
      ).rows;
      for (const apiKey of [alice.apiKey!, created.apiKey as string]) {
        const [prefix, secret] = apiKey.slice('lk_'.length).split('.') as [string, string];
        const row = keys.find((k) => k.prefix === prefix)!;
        expect(row).toEqual({
          prefix,
          secret_digest: createHash('sha256').update(secret).digest('hex'),
          secret_hash: null,
        });
      }
    } finally {
      await db.end();
    }
  });

  it('never writes a secret to any service\u2019s log, even when Redis refuses its password', async () => {
    await createAs(alice, {
      webhook: { ...hook('/secret'), headers: { authorization: 'Bearer receiver-token-123456' } },
    });
    await alice.call('GET', '/v1/tasks', undefined, {
      key: 'lk_000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    });
    const signingSecret = (await alice.call('GET', '/v1/signing-keys')).body.keys[0].secret;
    // A password rotated under the services: every reconnect's AUTH is refused, and ioredis hands
    // the services an error that carries the AUTH command, password and all.
    const admin = new Redis(redisServer.url);
    try {
      await admin.config('SET', 'requirepass', 'a-rotated-redis-password');
      await admin.client('KILL', 'TYPE', 'normal');
      const output = () => [...logs.values()].map((lines) => lines.join('')).join('\n');
      await waitFor('a sender and a scheduler to log the refused AUTH', () =>
        [system.stack.senders[0]!, system.stack.schedulers[0]!].every((s) =>
          logs.get(s.label)!.join('').includes('WRONGPASS'),
        ),
      );
      await admin.config('SET', 'requirepass', redisPassword);
      const everything = output();
      expect(everything.length).toBeGreaterThan(0);
      const secrets = [
        alice.apiKey!,
        eve.apiKey!,
        password,
        system.stack.schedulerToken,
        signingSecret,
        'receiver-token-123456',
        redisPassword,
        postgresPassword,
      ];
      expect(secrets.filter((secret) => everything.includes(secret))).toEqual([]);
    } finally {
      admin.disconnect();
    }
  });
});
