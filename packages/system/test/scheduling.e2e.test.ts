import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../src/index.js';
import {
  percentile,
  startTestSystem,
  waitFor,
  type Answer,
  type PublicApiClient,
  type TestSystem,
  type WebhookReceiver,
} from '../src/testing/index.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('scheduling semantics, 3 scheduler replicas and 2 senders', () => {
  let system: TestSystem;
  let stack: Stack;
  let receiver: WebhookReceiver;
  let api: PublicApiClient;
  let ownerId: string;

  const hook = (path: string) => ({ url: `${receiver.url}${path}` });
  const internal = (path: string, body: unknown, schedulerIndex = 0) =>
    fetch(`${stack.schedulers[schedulerIndex]!.url}/internal/v1/owners/${ownerId}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.schedulerToken}` },
      body: JSON.stringify(body),
    });
  const task = async (id: string) => (await api.call('GET', `/v1/tasks/${id}`)).body;
  const outcomesOf = (t: { attempts: { n: number; outcome: string }[] }) => t.attempts.map((a) => [a.n, a.outcome]);
  const receiptsAt = (path: string) =>
    receiver.received.filter((r) => r.path === path).map((r) => [r.deliveryId, r.attempt]);
  /** Whether Redis holds the task in any form (its body stays until it is finished). */
  // Waiting in Redis: with its body in the bodies hash, or parked (a task due in an hour): the key
  // layout of @later/queue's keys.ts and parking.ts (ids bucketed 1,024 to a hash).
  const inRedis = async (id: string) => {
    const tag = `{${system.redis.prefix}:${BigInt(id) % 8n}}`;
    const found = await Promise.all([
      system.redis.redis.hexists(`${tag}:tasks`, id),
      system.redis.redis.hexists(`${tag}:parkedAt:${BigInt(id) / 1024n}`, id),
    ]);
    return found.includes(1);
  };
  const until = (id: string, status: string, timeoutMs = 15_000) =>
    waitFor(
      `task ${id} ${status}`,
      async () => {
        const t = await task(id);
        return t.status === status ? t : undefined;
      },
      { timeoutMs, intervalMs: 100 },
    );

  beforeAll(async () => {
    system = await startTestSystem({
      shardCount: 8,
      schedulers: 3,
      senders: 2,
      env: { scheduler: { RANDOM_SEED: '42', RETRY_BASE_MS: '100', RETRY_MAX_MS: '200', MISFIRE_GRACE_MS: '2000' } },
    });
    ({ stack, receiver, api } = system);
    ownerId = await api.signup('semantics@example.com');
  });

  afterAll(() => system?.stop());

  it('draws 10,000 `within: PT10S` times uniformly (chi-square, fixed seed) and delivers each once at its time', async () => {
    const dueOffsets: number[] = [];
    const dueAtById = new Map<string, number>();
    for (let batch = 0; batch < 10; batch++) {
      const sentAt = Date.now();
      const tasks = Array.from({ length: 1000 }, () => ({
        channel: 'webhook',
        webhook: hook('/within'),
        within: 'PT10S',
      }));
      const res = await internal('/tasks/bulk', { tasks });
      const answeredAt = Date.now();
      expect(res.status).toBe(201);
      const dueTimes = ((await res.json()) as { tasks: { id: string; dueAt: string }[] }).tasks.map((created) => {
        dueAtById.set(created.id, Date.parse(created.dueAt));
        return Date.parse(created.dueAt);
      });
      // Drawn from the scheduler's "now", a moment after we sent: within [sent, answered + 10 s).
      expect(Math.min(...dueTimes)).toBeGreaterThanOrEqual(sentAt);
      expect(Math.max(...dueTimes)).toBeLessThan(answeredAt + 10_000);
      // That "now" is best estimated by the batch's earliest draw (1,000 draws: ~10 ms after it).
      const start = Math.min(...dueTimes);
      dueOffsets.push(...dueTimes.map((due) => due - start));
    }
    const bins = Array.from({ length: 20 }, () => 0);
    for (const offset of dueOffsets) bins[Math.min(19, Math.floor(offset / 500))]! += 1;
    const expected = dueOffsets.length / bins.length;
    const chiSquare = bins.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
    // 19 degrees of freedom: 43.8 is the critical value at p = 0.001.
    expect(chiSquare).toBeLessThan(43.8);

    await waitFor('10,000 deliveries', () => receiver.received.filter((r) => r.path === '/within').length >= 10_000, {
      timeoutMs: 60_000,
      intervalMs: 200,
    });
    const received = receiver.received.filter((r) => r.path === '/within');
    expect(new Set(received.map((r) => r.deliveryId)).size).toBe(10_000);
    const lateness = received.map((r) => r.receivedAt - dueAtById.get(r.deliveryId)!);
    expect(Math.min(...lateness)).toBeGreaterThanOrEqual(-5);
    console.log(
      `[within] chi-square ${chiSquare.toFixed(1)} over 20 bins; lateness p50 ${percentile(lateness, 50)} ms, p99 ${percentile(lateness, 99)} ms`,
    );
  });

  it('fires a cron of every second, for 10 s, once per second: no second twice, none skipped', async () => {
    const created = await api.call('POST', '/v1/schedules', {
      cron: '* * * * * *',
      task: { channel: 'webhook', webhook: hook('/every-second') },
    });
    expect(created.status).toBe(201);
    await sleep(10_500);
    expect((await api.call('POST', `/v1/schedules/${created.body.id}/pause`)).body.status).toBe('paused');
    await sleep(1500);
    const received = receiver.received.filter((r) => r.path === '/every-second');
    const ids = received.map((r) => r.deliveryId);
    expect(new Set(ids).size).toBe(ids.length);
    const seconds = (await Promise.all(ids.map(task))).map((t) => Date.parse(t.dueAt) / 1000).sort((a, b) => a - b);
    expect(seconds.length).toBeGreaterThanOrEqual(9);
    seconds.forEach((second, i) => i > 0 && expect(second - seconds[i - 1]!).toBe(1));
  });

  it("shows a schedule's next five runs, across a DST change, in its time zone", async () => {
    const created = await api.call('POST', '/v1/schedules', {
      cron: '30 2 * * *',
      timezone: 'Europe/Berlin',
      startAt: '2027-03-26T00:00:00Z',
      task: { channel: 'webhook', webhook: hook('/dst') },
    });
    expect(created.body.nextRuns).toEqual([
      '2027-03-26T01:30:00.000Z',
      '2027-03-27T01:30:00.000Z',
      '2027-03-28T01:30:00.000Z', // 02:30 does not exist that night: 03:30 CEST
      '2027-03-29T00:30:00.000Z',
      '2027-03-30T00:30:00.000Z',
    ]);
    const fetched = await api.call('GET', `/v1/schedules/${created.body.id}`);
    expect(fetched.body.nextRuns).toEqual(created.body.nextRuns);
  });

  it('registering one schedule key from several replicas at once yields one schedule with one pending run', async () => {
    const spec = {
      key: 'standup',
      cron: '0 8 * * 1-5',
      timezone: 'Europe/Berlin',
      task: { channel: 'webhook', webhook: hook('/standup') },
    };
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => internal('/schedules', spec, i % 3)));
    const bodies = (await Promise.all(answers.map((a) => a.json()))) as { id: string; pendingTaskId: string }[];
    expect(new Set(bodies.map((b) => b.id)).size).toBe(1);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    const again = await api.call('POST', '/v1/schedules', spec);
    expect(again.status).toBe(200);
    expect(again.body.pendingTaskId).toBe(bodies[0]!.pendingTaskId);
    const listed = (await api.call('GET', '/v1/schedules?limit=100')).body.schedules.filter(
      (s: { key?: string }) => s.key === 'standup',
    );
    expect(listed).toHaveLength(1);
    const pending = (await api.call('GET', '/v1/tasks?status=scheduled&limit=100')).body.tasks.filter(
      (t: { scheduleId?: string }) => t.scheduleId === bodies[0]!.id,
    );
    expect(pending).toHaveLength(1);
    // A changed rule replaces the pending run.
    const changed = await api.call('POST', '/v1/schedules', { ...spec, cron: '0 9 * * 1-5' });
    expect(changed.body.pendingTaskId).not.toBe(bodies[0]!.pendingTaskId);
    expect((await task(bodies[0]!.pendingTaskId)).status).toBe('cancelled');
  });

  it('stops after maxRuns, and resumes from now after a pause', async () => {
    const limited = await api.call('POST', '/v1/schedules', {
      every: 'PT1S',
      maxRuns: 3,
      task: { channel: 'webhook', webhook: hook('/three') },
    });
    await waitFor(
      'the schedule to end',
      async () => (await api.call('GET', `/v1/schedules/${limited.body.id}`)).body.status === 'ended',
    );
    await sleep(1500);
    expect(receiver.received.filter((r) => r.path === '/three')).toHaveLength(3);

    const paused = await api.call('POST', '/v1/schedules', {
      every: 'PT1H',
      paused: true,
      task: { channel: 'webhook', webhook: hook('/p') },
    });
    expect(paused.body).toMatchObject({ status: 'paused', nextRunAt: null, nextRuns: [] });
    const resumed = await api.call('POST', `/v1/schedules/${paused.body.id}/resume`);
    expect(resumed.body.status).toBe('active');
    expect(resumed.body.nextRuns).toHaveLength(5);
    expect((await api.call('DELETE', `/v1/schedules/${paused.body.id}`)).body.status).toBe('ended');
    expect((await api.call('POST', `/v1/schedules/${paused.body.id}/resume`)).status).toBe(409);
  });

  it('runs the tasks of a stream one at a time in due order, while another stream runs alongside', async () => {
    receiver.respondWith((d) => (d.path.startsWith('/stream') ? { status: 200, delayMs: 5 } : { status: 200 }));
    const base = Date.now() + 3000;
    const tasks = [
      ...Array.from({ length: 200 }, (_, i) => ({
        channel: 'webhook',
        webhook: hook('/stream-a'),
        stream: 'a',
        runAt: new Date(base + i).toISOString(),
      })),
      ...Array.from({ length: 100 }, (_, i) => ({
        channel: 'webhook',
        webhook: hook('/stream-b'),
        stream: 'b',
        runAt: new Date(base + i).toISOString(),
      })),
    ];
    const res = await internal('/tasks/bulk', { tasks });
    const ids = ((await res.json()) as { tasks: { id: string }[] }).tasks.map((t) => t.id);
    const order = new Map(ids.slice(0, 200).map((id, i) => [id, i]));
    await waitFor(
      '300 stream deliveries',
      () => receiver.received.filter((r) => r.path.startsWith('/stream') && r.respondedAt).length >= 300,
      {
        timeoutMs: 30_000,
      },
    );
    const a = receiver.received.filter((r) => r.path === '/stream-a').sort((x, y) => x.receivedAt - y.receivedAt);
    expect(a.map((r) => order.get(r.deliveryId))).toEqual(Array.from({ length: 200 }, (_, i) => i));
    a.forEach((r, i) => i > 0 && expect(r.receivedAt).toBeGreaterThanOrEqual(a[i - 1]!.respondedAt!));
    const b = receiver.received.filter((r) => r.path === '/stream-b');
    const alongside = b.some((rb) =>
      a.some((ra) => rb.receivedAt < ra.respondedAt! && ra.receivedAt < rb.respondedAt!),
    );
    expect(alongside).toBe(true);
    receiver.respondWith(() => ({ status: 200 }));
  });

  it("a new task with a pending task's key replaces it; one already running still finishes, and the new one runs too", async () => {
    const first = await api.call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: hook('/k'),
      delay: 'PT1H',
      key: 'sync-1',
    });
    const second = await api.call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: hook('/k'),
      delay: 'PT1H',
      key: 'sync-1',
    });
    expect((await task(first.body.id)).status).toBe('cancelled');
    expect((await task(second.body.id)).status).toBe('scheduled');

    receiver.respondWith((d) => (d.path === '/slow-key' ? { status: 200, delayMs: 1500 } : { status: 200 }));
    const running = await api.call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: hook('/slow-key'),
      key: 'sync-2',
    });
    await waitFor('the first to be running', () => receiver.received.some((r) => r.deliveryId === running.body.id));
    const newer = await api.call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: hook('/slow-key'),
      key: 'sync-2',
    });
    expect(newer.status).toBe(201);
    await until(running.body.id, 'delivered');
    const newerTask = await until(newer.body.id, 'delivered');
    expect(receiver.received.filter((r) => r.deliveryId === newer.body.id)).toHaveLength(1);
    expect(newerTask.attempts).toHaveLength(1);
    receiver.respondWith(() => ({ status: 200 }));
  });

  it('ten creates racing for one key on three replicas leave exactly one pending task: the newest, each replacing the one before', async () => {
    // Three rounds, three keys: each race has more than one way to go wrong, and goes one way.
    for (const key of ['race-1', 'race-2', 'race-3']) {
      const body = { channel: 'webhook', webhook: hook(`/${key}`), delay: 'PT1H', key };
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => internal('/tasks', body, i % 3)));
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
      const ids = ((await Promise.all(answers.map((a) => a.json()))) as { id: string }[]).map((b) => b.id);
      expect(new Set(ids).size).toBe(10);

      const statuses = await Promise.all(ids.map(async (id) => (await task(id)).status));
      const survivor = ids[statuses.indexOf('scheduled')]!;
      expect(statuses.filter((s) => s === 'scheduled')).toHaveLength(1);
      expect(statuses.filter((s) => s === 'cancelled')).toHaveLength(9);
      const listed = (await api.call('GET', `/v1/tasks?key=${key}&status=scheduled`)).body.tasks.map(
        (t: { id: string }) => t.id,
      );
      expect(listed).toEqual([survivor]);

      // Newest wins: each task was cancelled by the transaction that created the next one, so the
      // replacements form one chain through all ten, ending at the survivor, the last created.
      const events = await system.db.query<{ task_id: string; status: string; xid: string }>(
        'SELECT task_id::text, status, xid::text FROM task_events WHERE task_id = ANY($1::bigint[])',
        [ids],
      );
      const createdIn = new Map(events.filter((e) => e.status === 'scheduled').map((e) => [e.xid, e.task_id]));
      const replacedBy = new Map(
        events.filter((e) => e.status === 'cancelled').map((e) => [e.task_id, createdIn.get(e.xid)]),
      );
      const chainEnd = (id: string): string => (replacedBy.has(id) ? chainEnd(replacedBy.get(id)!) : id);
      expect(new Set(ids.map(chainEnd))).toEqual(new Set([survivor]));
      expect(new Set(replacedBy.values()).size).toBe(9);

      // Nothing lost, nothing twice: only the survivor is still in Redis, and it runs once.
      expect(await Promise.all(ids.map(inRedis))).toEqual(ids.map((id) => id === survivor));
      expect((await api.call('PATCH', `/v1/tasks/${survivor}`, { delay: 0 })).status).toBe(200);
      await until(survivor, 'delivered');
      expect(receiptsAt(`/${key}`)).toEqual([[survivor, 1]]);
    }
  });

  it('ten identical requests with one Idempotency-Key at once create one task: one 201, nine 200, all with its id', async () => {
    const body = { channel: 'webhook', webhook: hook('/idem-race'), delay: 'PT1H' };
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        api.call('POST', '/v1/tasks', body, { headers: { 'idempotency-key': 'order-race' } }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    const ids = new Set(answers.map((a) => a.body.id));
    expect(ids.size).toBe(1);
    const rows = await system.db.query<{ id: string }>("SELECT id::text FROM tasks WHERE target->>'url' = $1", [
      hook('/idem-race').url,
    ]);
    expect(rows.map((r) => r.id)).toEqual([...ids]);
  });

  it('the same Idempotency-Key gives the same task (200), and refuses a different request', async () => {
    const body = { channel: 'webhook', webhook: hook('/idem'), delay: 'PT1H' };
    const headers = { 'idempotency-key': 'order-77' };
    const first = await api.call('POST', '/v1/tasks', body, { headers });
    const again = await api.call('POST', '/v1/tasks', body, { headers });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.id).toBe(first.body.id);
    const other = await api.call('POST', '/v1/tasks', { ...body, delay: 'PT2H' }, { headers });
    expect(other.status).toBe(422);
    expect(other.body.issues[0].path).toBe('Idempotency-Key');
  });

  it('replays a delivered task as its next attempt, keeping its history, under a delivery id its retries keep', async () => {
    let replayCalls = 0;
    receiver.respondWith((d) =>
      d.path === '/replay' && d.deliveryId.includes('.r') && ++replayCalls === 1 ? { status: 503 } : { status: 200 },
    );
    const created = await api.call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: hook('/replay'),
      retry: { maxAttempts: 3 },
    });
    const id = created.body.id;
    await until(id, 'delivered');
    expect((await api.call('POST', `/v1/tasks/${id}/replay`)).status).toBe(200);
    const replayed = await waitFor('the replay delivered after a retry', async () => {
      const t = await task(id);
      return t.status === 'delivered' && t.attempts.length === 3 ? t : undefined;
    });
    expect(outcomesOf(replayed)).toEqual([
      [1, 'success'],
      [2, 'retryable'],
      [3, 'success'],
    ]);
    // A new run, so a receiver that drops ids it has seen takes it; its retry is the same run.
    expect(receiptsAt('/replay')).toEqual([
      [id, 1],
      [`${id}.r1`, 2],
      [`${id}.r1`, 3],
    ]);
    receiver.respondWith(() => ({ status: 200 }));
    const waiting = await api.call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: hook('/replay'),
      delay: 'PT1H',
    });
    expect((await api.call('POST', `/v1/tasks/${waiting.body.id}/replay`)).status).toBe(409);
  });

  it('replays a dead task: it runs again as its next attempt, keeps its history, and ends delivered', async () => {
    let receiverUp = false;
    receiver.respondWith((d) => (d.path === '/dead-replay' && !receiverUp ? { status: 500 } : { status: 200 }));
    const created = await api.call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: hook('/dead-replay'),
      retry: { maxAttempts: 2, backoff: 'fixed', baseDelay: 100, jitter: 0 },
    });
    const id = created.body.id;
    await until(id, 'dead');
    // It has used all its attempts: a replay is one more attempt, dead again if that one fails.
    expect((await api.call('POST', `/v1/tasks/${id}/replay`)).body).toMatchObject({ id, status: 'scheduled' });
    await waitFor('the first replay dead again', async () => {
      const t = await task(id);
      return t.status === 'dead' && t.attempts.length === 3;
    });
    receiverUp = true;
    expect((await api.call('POST', `/v1/tasks/${id}/replay`)).status).toBe(200);
    const delivered = await waitFor('the second replay delivered', async () => {
      const t = await task(id);
      return t.status === 'delivered' ? t : undefined;
    });
    expect(outcomesOf(delivered)).toEqual([
      [1, 'retryable'],
      [2, 'retryable'],
      [3, 'retryable'],
      [4, 'success'],
    ]);
    expect(delivered.attempts.map((a: { httpStatus: number }) => a.httpStatus)).toEqual([500, 500, 500, 200]);
    expect(receiptsAt('/dead-replay')).toEqual([
      [id, 1],
      [id, 2],
      [`${id}.r1`, 3],
      [`${id}.r2`, 4],
    ]);
    receiver.respondWith(() => ({ status: 200 }));
  });

  it('reschedules and edits a task that has not run, and refuses one that has', async () => {
    const created = await api.call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: hook('/before'),
      delay: 'PT1H',
    });
    const patched = await api.call('PATCH', `/v1/tasks/${created.body.id}`, {
      delay: 0,
      webhook: hook('/after'),
      priority: 'high',
    });
    expect(patched.status).toBe(200);
    expect(patched.body.priority).toBe('high');
    await until(created.body.id, 'delivered');
    expect(receiver.received.find((r) => r.deliveryId === created.body.id)!.path).toBe('/after');
    expect((await api.call('PATCH', `/v1/tasks/${created.body.id}`, { delay: 'PT1H' })).status).toBe(409);
    expect((await api.call('PATCH', `/v1/tasks/${created.body.id}`, { delay: 'soon' })).body.issues[0].path).toBe(
      'delay',
    );
  });

  it("follows a task's retry policy and timeout, and never retries sooner than Retry-After asks", async () => {
    let busyCalls = 0;
    receiver.respondWith((d) => {
      if (d.path === '/always-500') return { status: 500 };
      if (d.path === '/busy')
        return ++busyCalls === 1 ? { status: 503, headers: { 'retry-after': '2' } } : { status: 200 };
      if (d.path === '/slow') return { status: 200, delayMs: 1000 };
      return { status: 200 };
    });
    const failing = await api.call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: hook('/always-500'),
      retry: { maxAttempts: 3, backoff: 'fixed', baseDelay: 300, jitter: 0 },
    });
    const busy = await api.call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: hook('/busy'),
      retry: { baseDelay: 50 },
    });
    const slow = await api.call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: hook('/slow'),
      timeout: 300,
      retry: { maxAttempts: 1 },
    });

    const dead = await until(failing.body.id, 'dead');
    expect(dead.attempts.map((a: { outcome: string; httpStatus: number }) => [a.outcome, a.httpStatus])).toEqual([
      ['retryable', 500],
      ['retryable', 500],
      ['retryable', 500],
    ]);
    const times = receiver.received.filter((r) => r.deliveryId === failing.body.id).map((r) => r.receivedAt);
    times.forEach((at, i) => i > 0 && expect(at - times[i - 1]!).toBeGreaterThanOrEqual(290));

    await until(busy.body.id, 'delivered');
    const busyTimes = receiver.received.filter((r) => r.deliveryId === busy.body.id).map((r) => r.receivedAt);
    expect(busyTimes[1]! - busyTimes[0]!).toBeGreaterThanOrEqual(1990);

    const timedOut = await until(slow.body.id, 'dead');
    expect(timedOut.attempts[0]).toMatchObject({ outcome: 'retryable', error: 'timed out after 300 ms' });
    receiver.respondWith(() => ({ status: 200 }));
  });

  it('never retries a 429 sooner than its Retry-After asks', async () => {
    let calls = 0;
    receiver.respondWith((d) =>
      d.path === '/limited' && ++calls === 1 ? { status: 429, headers: { 'retry-after': '2' } } : { status: 200 },
    );
    const limited = await api.call('POST', '/v1/tasks', {
      channel: 'webhook',
      webhook: hook('/limited'),
      retry: { baseDelay: 50, jitter: 0 },
    });
    const delivered = await until(limited.body.id, 'delivered');
    expect(delivered.attempts.map((a: { outcome: string; httpStatus: number }) => [a.outcome, a.httpStatus])).toEqual([
      ['retryable', 429],
      ['success', 200],
    ]);
    const times = receiver.received.filter((r) => r.path === '/limited').map((r) => r.receivedAt);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(1990);
    receiver.respondWith(() => ({ status: 200 }));
  });

  it('`within: {from, to}` draws each due time inside the window, and each task runs once, at that time', async () => {
    // Far enough ahead that every request is answered before the window opens, even on a busy machine.
    const sentAt = Date.now();
    const from = sentAt + 10_000;
    const to = from + 4000;
    const window = { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
    const create = (path: string, within: unknown) =>
      api.call('POST', '/v1/tasks', { channel: 'webhook', webhook: hook(path), within });
    const [windowed, fromNow] = await Promise.all([
      Promise.all(Array.from({ length: 20 }, () => create('/window', window))),
      // Without `from`, the window starts now.
      Promise.all(Array.from({ length: 10 }, () => create('/window-to', { to: window.to }))),
    ]);
    expect([...windowed, ...fromNow].map((a) => a.status)).toEqual(Array(30).fill(201));
    const dueOf = (answers: Answer[]) => answers.map((a) => Date.parse(a.body.dueAt));
    for (const due of dueOf(windowed)) expect(due >= from && due < to).toBe(true);
    for (const due of dueOf(fromNow)) expect(due >= sentAt && due < to).toBe(true);
    // Drawn, not fixed: spread over the window, and from now when `from` is left out.
    expect(Math.max(...dueOf(windowed)) - Math.min(...dueOf(windowed))).toBeGreaterThan(1000);
    expect(Math.max(...dueOf(fromNow)) - Math.min(...dueOf(fromNow))).toBeGreaterThan(1000);
    expect(Math.min(...dueOf(fromNow))).toBeLessThan(from);

    const dueAt = new Map([...windowed, ...fromNow].map((a) => [a.body.id as string, Date.parse(a.body.dueAt)]));
    await waitFor(
      '30 window deliveries',
      () => receiver.received.filter((r) => r.path.startsWith('/window')).length >= 30,
      { timeoutMs: 20_000 },
    );
    const received = receiver.received.filter((r) => r.path.startsWith('/window'));
    expect(received.map((r) => r.deliveryId).sort()).toEqual([...dueAt.keys()].sort());
    const lateness = received.map((r) => r.receivedAt - dueAt.get(r.deliveryId)!);
    expect(Math.min(...lateness)).toBeGreaterThanOrEqual(-5);
    expect(Math.max(...lateness)).toBeLessThan(1500);
  });
});
