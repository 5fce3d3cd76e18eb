import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  publicApiClient,
  scrapeMetrics,
  startTestSystem,
  type Answer,
  type PublicApiClient,
  type TestSystem,
} from '../src/testing/index.js';

/**
 * What guessing costs: API keys, passwords on login and on password change. Two frontends on one
 * database, behind a (pretend) proxy whose X-Forwarded-For gives each request its client address.
 */
describe('limits on guessing credentials (two real frontends on one Postgres)', () => {
  let system: TestSystem;
  let first: PublicApiClient;
  let second: PublicApiClient;
  const password = 'the right password here';
  let lastAddress = 0;
  /** A client address no other request used (TEST-NET-2). */
  const freshAddress = () => `198.51.${100 + Math.floor(++lastAddress / 250)}.${lastAddress % 250}`;
  const from = (address: string) => ({ key: null, headers: { 'x-forwarded-for': address } });
  const signup = async (email: string) => {
    const answer = await first.call('POST', '/v1/signup', { email, password }, from(freshAddress()));
    expect(answer.status).toBe(201);
    return answer.body.apiKey as string;
  };
  const login = (api: PublicApiClient, email: string, pw: string, address = freshAddress()) =>
    api.call('POST', '/v1/login', { email, password: pw }, from(address));
  const scrypts = async (frontendUrl: string) =>
    (await scrapeMetrics(frontendUrl)).value('later_frontend_scrypt_hashes_total') ?? NaN;
  const cpuSeconds = async (frontendUrl: string) =>
    (await scrapeMetrics(frontendUrl)).value('process_cpu_seconds_total') ?? NaN;
  const statuses = (answers: Answer[]) => answers.map((a) => a.status);

  beforeAll(async () => {
    system = await startTestSystem({
      env: {
        frontend: {
          TRUST_PROXY: '1',
          AUTH_FAILURES_PER_MINUTE: '20',
          LOGIN_ATTEMPTS_PER_MINUTE: '5',
          LOGIN_FREE_FAILURES: '5',
          // Long enough that the whole test runs inside the first wait, however slow the machine.
          LOGIN_BACKOFF_MS: '600000',
        },
      },
    });
    first = system.api;
    second = publicApiClient((await system.stack.addFrontend()).url);
  });
  afterAll(() => system?.stop());

  it('answers a flood of made-up keys with a real prefix 401 without scrypt, then 429 for that address', async () => {
    const key = await signup('keys@example.com');
    const prefix = key.split('.')[0]!;
    const address = freshAddress();
    const [scryptsBefore, cpuBefore] = [
      await scrypts(system.stack.frontendUrl),
      await cpuSeconds(system.stack.frontendUrl),
    ];
    const answers: Answer[] = [];
    for (let i = 0; i < 40; i++) {
      const fake = `${prefix}.${randomBytes(32).toString('base64url')}`;
      answers.push(
        await first.call('GET', '/v1/tasks', undefined, { key: fake, headers: { 'x-forwarded-for': address } }),
      );
    }
    expect(statuses(answers)).toEqual([...Array(20).fill(401), ...Array(20).fill(429)]);
    expect(Number(answers[39]!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(answers[39]!.body.error).toMatch(/from this address/);
    // 40 scrypts would be ~4 CPU-seconds; digests cost next to nothing.
    expect(await scrypts(system.stack.frontendUrl)).toBe(scryptsBefore);
    expect((await cpuSeconds(system.stack.frontendUrl)) - cpuBefore).toBeLessThan(1);
    // The real key from another address is untouched.
    expect(
      (await first.call('GET', '/v1/tasks', undefined, { key, headers: { 'x-forwarded-for': freshAddress() } })).status,
    ).toBe(200);
  });

  it('refuses the right password with 429 after wrong ones from 40 addresses, on either replica', async () => {
    await signup('victim@example.com');
    await signup('bystander@example.com');
    const answers: Answer[] = [];
    for (let i = 0; i < 40; i++)
      answers.push(await login(i % 2 ? second : first, 'Victim@example.com', `wrong guess number ${i}`));
    expect(statuses(answers)).toEqual([...Array(5).fill(401), ...Array(35).fill(429)]);
    const right = await login(second, 'victim@example.com', password);
    expect(right.status).toBe(429);
    expect(right.body.error).toMatch(/for this account/);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(500);
    // Other accounts log in as usual, on both replicas.
    expect((await login(first, 'bystander@example.com', password)).status).toBe(200);
    expect((await login(second, 'bystander@example.com', password)).status).toBe(200);
  });

  it('limits unknown emails alike, and counts addresses of one IPv6 /64 as one', async () => {
    const answers: Answer[] = [];
    for (let i = 0; i < 7; i++)
      answers.push(await login(i % 2 ? second : first, 'nobody@example.com', `guess ${i}`, freshAddress()));
    expect(statuses(answers)).toEqual([...Array(5).fill(401), 429, 429]);

    const sameNetwork: Answer[] = [];
    for (let i = 1; i <= 6; i++)
      sameNetwork.push(await login(first, `nobody${i}@example.com`, 'a guess', `2001:db8:7:7::${i.toString(16)}`));
    expect(statuses(sameNetwork)).toEqual([...Array(5).fill(401), 429]);
    expect(sameNetwork[5]!.body.error).toMatch(/from this address/);
    expect((await login(first, 'nobody7@example.com', 'a guess', '2001:db8:7:8::1')).status).toBe(401);
  });

  it('limits POST /v1/me/password per address and per account, sharing the account\u2019s count with login', async () => {
    const key = await signup('changer@example.com');
    const change = (currentPassword: string, address = freshAddress()) =>
      first.call(
        'POST',
        '/v1/me/password',
        { currentPassword, newPassword: 'a brand new password' },
        { key, headers: { 'x-forwarded-for': address } },
      );

    const address = freshAddress();
    const sameAddress: Answer[] = [];
    for (let i = 0; i < 6; i++)
      sameAddress.push(
        await first.call('POST', '/v1/me/password', {}, { key, headers: { 'x-forwarded-for': address } }),
      );
    expect(statuses(sameAddress)).toEqual([...Array(5).fill(400), 429]);
    expect(sameAddress[5]!.body.error).toMatch(/from this address/);

    const wrong: Answer[] = [];
    for (let i = 0; i < 6; i++) wrong.push(await change(`not it, try ${i}`));
    expect(statuses(wrong)).toEqual([...Array(5).fill(403), 429]);
    expect(wrong[5]!.body.error).toMatch(/for this account/);
    expect((await change(password)).status).toBe(429);
    expect((await login(second, 'changer@example.com', password)).status).toBe(429);
  });

  it('spends the same scrypt on an unknown email as on a wrong password', async () => {
    await signup('known@example.com');
    // The first unknown email also makes the stand-in hash, once per process.
    expect((await login(first, 'stranger0@example.com', 'some password')).status).toBe(401);
    const costOf = async (email: string) => {
      const before = await scrypts(system.stack.frontendUrl);
      const started = performance.now();
      expect((await login(first, email, 'some password')).status).toBe(401);
      return { scrypts: (await scrypts(system.stack.frontendUrl)) - before, ms: performance.now() - started };
    };
    const unknown = await costOf('stranger1@example.com');
    const wrong = await costOf('known@example.com');
    expect([unknown.scrypts, wrong.scrypts]).toEqual([1, 1]);
    expect(unknown.ms).toBeGreaterThan(wrong.ms / 3);
  });
});
