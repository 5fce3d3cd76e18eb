import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  publicApiClient,
  startTestSystem,
  waitFor,
  type PublicApiClient,
  type TestSystem,
} from '../src/testing/index.js';

describe('replaying many dead tasks at once (POST /v1/tasks/replay), on real processes', () => {
  let system: TestSystem;
  let ada: PublicApiClient;
  let bob: PublicApiClient;
  /** Whether the receiver refuses `/gone` with a 404 (a permanent failure) or takes it (200). */
  let gone = true;

  const create = async (path: string) =>
    (await ada.call('POST', '/v1/tasks', { channel: 'webhook', webhook: { url: `${system.receiver.url}${path}` } }))
      .body.id as string;
  const taskOf = async (id: string) => (await ada.call('GET', `/v1/tasks/${id}`)).body;
  const settled = (id: string, status: string) =>
    waitFor(`task ${id} ${status}`, async () => {
      const task = await taskOf(id);
      return task.status === status ? task : undefined;
    });
  const deliveriesOf = (id: string) =>
    system.receiver.received
      .filter((r) => r.deliveryId.split('.')[0] === id)
      .map((r) => `${r.deliveryId} #${r.attempt}`);

  beforeAll(async () => {
    system = await startTestSystem({ shardCount: 2 });
    ada = system.api;
    await ada.signup('ada@example.com');
    bob = publicApiClient(system.stack.frontendUrl);
    await bob.signup('bob@example.com');
    system.receiver.respondWith((d) => ({ status: d.path === '/gone' && gone ? 404 : 200 }));
  });

  afterAll(() => system?.stop());

  it('replays exactly the caller\u2019s dead tasks, newest first, `limit` at a time, keeping their history; a delivered one is left alone', async () => {
    const older = await create('/gone');
    const newer = await create('/gone');
    const delivered = await create('/fine');
    await Promise.all([settled(older, 'dead'), settled(newer, 'dead'), settled(delivered, 'delivered')]);

    // Another user's call finds nothing of Ada's, dead or delivered.
    expect((await bob.call('POST', '/v1/tasks/replay')).body).toEqual({ replayed: [], more: false });
    expect((await bob.call('POST', '/v1/tasks/replay', { status: 'delivered', limit: 1000 })).body).toEqual({
      replayed: [],
      more: false,
    });
    for (const id of [older, newer]) expect((await taskOf(id)).attempts).toHaveLength(1);

    gone = false;
    const first = await ada.call('POST', '/v1/tasks/replay', { limit: 1 });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      replayed: [{ id: newer, status: 'scheduled', dueAt: expect.any(String) }],
      more: true,
    });
    // Without a body: dead tasks, up to 100. The one replayed above matches no more.
    const rest = await ada.call('POST', '/v1/tasks/replay');
    expect(rest.body).toEqual({
      replayed: [{ id: older, status: 'scheduled', dueAt: expect.any(String) }],
      more: false,
    });

    for (const id of [older, newer]) {
      const task = await settled(id, 'delivered');
      expect(
        task.attempts.map((a: { n: number; outcome: string; httpStatus: number }) => [a.n, a.outcome, a.httpStatus]),
      ).toEqual([
        [1, 'permanent', 404],
        [2, 'success', 200],
      ]);
      expect(deliveriesOf(id)).toEqual([`${id} #1`, `${id}.r1 #2`]);
    }
    expect((await ada.call('POST', '/v1/tasks/replay')).body).toEqual({ replayed: [], more: false });
    const untouched = await taskOf(delivered);
    expect([untouched.status, untouched.attempts.length, deliveriesOf(delivered)]).toEqual([
      'delivered',
      1,
      [`${delivered} #1`],
    ]);
  });

  it('replays each task once when two calls race for the same dead tasks: the one that lost it skips it', async () => {
    gone = true;
    const ids = [await create('/gone'), await create('/gone'), await create('/gone')];
    await Promise.all(ids.map((id) => settled(id, 'dead')));
    gone = false;
    const answers = await Promise.all([1, 2, 3].map(() => ada.call('POST', '/v1/tasks/replay', {})));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const replayed = answers.flatMap((a) => a.body.replayed.map((t: { id: string }) => t.id));
    expect(replayed.sort()).toEqual([...ids].sort());
    for (const id of ids) {
      expect((await settled(id, 'delivered')).attempts).toHaveLength(2);
      expect(deliveriesOf(id)).toEqual([`${id} #1`, `${id}.r1 #2`]);
    }
  });

  it('answers bad input with 400 naming the field, and replays nothing', async () => {
    gone = true;
    const dead = await create('/gone');
    await settled(dead, 'dead');
    const bad: [unknown, string][] = [
      [{ limit: 0 }, 'limit'],
      [{ limit: 1001 }, 'limit'],
      [{ limit: 'all' }, 'limit'],
      [{ status: 'running' }, 'status'],
      [{ channel: 'pigeon' }, 'channel'],
      [{ stream: '' }, 'stream'],
      [{ key: 'a\u0000b' }, 'key'],
    ];
    for (const [body, field] of bad) {
      const answer = await ada.call('POST', '/v1/tasks/replay', body);
      expect([body, answer.status, answer.body.issues.map((i: { path: string }) => i.path)]).toEqual([
        body,
        400,
        [field],
      ]);
    }
    // Filters sent as a form (curl -d's default type) were read as no body: every dead task was replayed.
    const form = await ada.call('POST', '/v1/tasks/replay', 'key=nothing-has-it', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect([form.status, form.body.error]).toEqual([
      415,
      'send the request body as application/json, not application/x-www-form-urlencoded',
    ]);
    expect(
      (
        await ada.call('POST', '/v1/tasks/replay', '{"key":"nothing-has-it"}', {
          headers: { 'content-type': 'text/plain' },
        })
      ).status,
    ).toBe(415);
    // A body that is not what its Content-Encoding says was a 500.
    for (const encoding of ['gzip', 'br']) {
      const answer = await ada.call(
        'POST',
        '/v1/tasks/replay',
        { key: 'nothing-has-it' },
        { headers: { 'content-encoding': encoding } },
      );
      expect([encoding, answer.status, answer.body.issues]).toEqual([
        encoding,
        400,
        [{ path: '(body)', message: `the request body is not valid ${encoding} data` }],
      ]);
    }
    expect((await ada.call('POST', '/v1/tasks/replay', undefined, { key: null })).status).toBe(401);
    expect((await taskOf(dead)).status).toBe('dead');
    // The filters narrow it as they do in GET /v1/tasks: no dead task of that key, stream or channel.
    for (const filter of [{ key: 'nothing-has-it' }, { stream: 'nothing-in-it' }, { channel: 'sms' }]) {
      expect((await ada.call('POST', '/v1/tasks/replay', filter)).body).toEqual({ replayed: [], more: false });
    }
    expect((await taskOf(dead)).status).toBe('dead');
  });
});
