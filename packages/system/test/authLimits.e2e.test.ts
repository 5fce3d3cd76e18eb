import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scrapeMetrics, startTestSystem, type Answer, type PublicApiClient, type TestSystem } from '../src/testing/index.js';

/**
 * What guessing costs. A real frontend behind a (pretend) proxy whose X-Forwarded-For gives each
 * request its client address.
 */
describe('limits on guessing credentials (real frontend and Postgres)', () => {
  let system: TestSystem;
  let first: PublicApiClient;
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
  const scrypts = async (frontendUrl: string) => (await scrapeMetrics(frontendUrl)).value('later_frontend_scrypt_hashes_total') ?? NaN;
  const cpuSeconds = async (frontendUrl: string) => (await scrapeMetrics(frontendUrl)).value('process_cpu_seconds_total') ?? NaN;
  const statuses = (answers: Answer[]) => answers.map((a) => a.status);

  beforeAll(async () => {
    system = await startTestSystem({
      env: {
        frontend: {
          TRUST_PROXY: '1',
          AUTH_FAILURES_PER_MINUTE: '20',
        },
      },
    });
    first = system.api;
  });
  afterAll(() => system?.stop());

  it('answers a flood of made-up keys with a real prefix 401 without scrypt, then 429 for that address', async () => {
    const key = await signup('keys@example.com');
    const prefix = key.split('.')[0]!;
    const address = freshAddress();
    const [scryptsBefore, cpuBefore] = [await scrypts(system.stack.frontendUrl), await cpuSeconds(system.stack.frontendUrl)];
    const answers: Answer[] = [];
    for (let i = 0; i < 40; i++) {
      const fake = `${prefix}.${randomBytes(32).toString('base64url')}`;
      answers.push(await first.call('GET', '/v1/tasks', undefined, { key: fake, headers: { 'x-forwarded-for': address } }));
    }
    expect(statuses(answers)).toEqual([...Array(20).fill(401), ...Array(20).fill(429)]);
    expect(Number(answers[39]!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(answers[39]!.body.error).toMatch(/from this address/);
    // 40 scrypts would be ~4 CPU-seconds; digests cost next to nothing.
    expect(await scrypts(system.stack.frontendUrl)).toBe(scryptsBefore);
    expect((await cpuSeconds(system.stack.frontendUrl)) - cpuBefore).toBeLessThan(1);
    // The real key from another address is untouched.
    expect((await first.call('GET', '/v1/tasks', undefined, { key, headers: { 'x-forwarded-for': freshAddress() } })).status).toBe(200);
  });
});
