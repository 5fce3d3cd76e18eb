import { randomUUID } from 'node:crypto';
import { machineBusySeconds, readProcessUsage, startStack } from '@later/system';
import { request } from 'undici';
import { bullmqJobData } from '../benchTask.js';
import { startBullmq } from '../bullmqRunner.js';
import type { BenchEnvironment } from '../environment.js';
import { inParallel } from '../measure.js';
import type { ResultRow } from '../report.js';
import { shardCount } from './drain.js';

const url = 'http://127.0.0.1:40123/hook';
// Both sides get the same calls in flight: one producer's concurrent requests, answered as they
// come. (addBulk with one call in flight used one core; four in flight doubled its rate here.)
const singlesInFlight = 16;
const bulksInFlight = 4;
const taskBody = (n: number, runAt: string) => ({ channel: 'webhook', webhook: { url, body: { n } }, runAt });

interface Rate {
  perSecond: number;
  /**
   * CPU the whole machine spent per task (us): every process, the bench's client included. On two
   * shared cores the rate follows it, and it shows what each side's path costs (Later's includes
   * the Postgres commit, BullMQ's has none).
   */
  cpuPerTaskUs: number;
  /** CPU the processes named by `pids` spent per task (us): on a busy machine, steadier than the rate. */
  processCpuPerTaskUs: number;
}

const cpuSecondsOf = (pids: number[]) => pids.reduce((sum, pid) => sum + (readProcessUsage(pid)?.cpuSeconds ?? 0), 0);

/** Runs `send` for each of `calls` calls, `concurrency` at a time; tasks accepted per second, and CPU per task. */
async function rate(
  calls: number,
  perCall: number,
  concurrency: number,
  send: (call: number) => Promise<void>,
  pids: number[] = [],
): Promise<Rate> {
  const started = Date.now();
  const busyBefore = machineBusySeconds();
  const processBefore = cpuSecondsOf(pids);
  await inParallel(
    Array.from({ length: calls }, (_, i) => i),
    concurrency,
    send,
  );
  const tasks = calls * perCall;
  return {
    perSecond: (tasks * 1000) / (Date.now() - started),
    cpuPerTaskUs: ((machineBusySeconds() - busyBefore) * 1e6) / tasks,
    processCpuPerTaskUs: ((cpuSecondsOf(pids) - processBefore) * 1e6) / tasks,
  };
}

/**
 * POSTs `body` as JSON with undici's `request` and checks the status. Node's global fetch costs
 * this client ~850 us per request here, enough to cap what it measures at a few hundred a second.
 */
async function post(url: string, body: unknown, status: number, authorization?: string): Promise<unknown> {
  const res = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(body),
  });
  const answer = await res.body.json();
  if (res.statusCode !== status)
    throw new Error(`expected ${status}, got ${res.statusCode}: ${JSON.stringify(answer)}`);
  return answer;
}

/**
 * Tasks accepted per second: through a real scheduler process's internal API (one task per
 * request, and 1,000 per bulk request) and through the real frontend's public API (one per
 * request, and 1,000 per `POST /v1/tasks/batch`), each task
 * recorded in Postgres and queued in Redis (due in 10 minutes, within the horizon); against
 * BullMQ's add and addBulk of delayed jobs with as many calls in flight.
 */
export async function createScenario(env: BenchEnvironment, scale: number): Promise<ResultRow[]> {
  await env.flush();
  const stack = await startStack({
    redisUrl: env.redisServer.url,
    databaseUrl: env.db.url,
    shardCount,
    senders: 0,
    env: {
      frontend: {
        RATE_LIMIT_PER_SECOND: '100000',
        RATE_LIMIT_BURST: '100000',
        ACCOUNT_RATE_LIMIT_PER_SECOND: '100000',
        ACCOUNT_RATE_LIMIT_BURST: '100000',
        LOGIN_ATTEMPTS_PER_MINUTE: '1000',
      },
      scheduler: { LOG_LEVEL: 'warn' },
    },
  });
  try {
    const runAt = new Date(Date.now() + 600_000).toISOString();
    const owner = randomUUID();
    const internal = (path: string, body: unknown) =>
      post(
        `${stack.schedulerUrl}/internal/v1/owners/${owner}/tasks${path}`,
        body,
        201,
        `Bearer ${stack.schedulerToken}`,
      );
    const singles = Math.round(3000 * scale);
    const bulkCalls = Math.round(50 * scale);
    const internalSingle = await rate(
      singles,
      1,
      singlesInFlight,
      async (i) => void (await internal('', taskBody(i, runAt))),
    );
    const internalBulk = await rate(bulkCalls, 1000, bulksInFlight, async (i) => {
      const tasks = Array.from({ length: 1000 }, (_, j) => taskBody(i * 1000 + j, runAt));
      await internal('/bulk', { tasks });
    });

    const signup = (await post(
      `${stack.frontendUrl}/v1/signup`,
      { email: `bench-${owner}@example.com`, password: 'a long bench password' },
      201,
    )) as { apiKey: string };
    const frontendPid = [stack.frontend.process.pid!];
    const schedulerPids = stack.schedulers.map((s) => s.process.pid!);
    const publicSingle = await rate(
      singles,
      1,
      singlesInFlight,
      async (i) => {
        await post(`${stack.frontendUrl}/v1/tasks`, taskBody(i, runAt), 201, `Bearer ${signup.apiKey}`);
      },
      frontendPid,
    );
    const publicSingleSchedulers = await rate(
      singles,
      1,
      singlesInFlight,
      async (i) => {
        await post(`${stack.frontendUrl}/v1/tasks`, taskBody(i, runAt), 201, `Bearer ${signup.apiKey}`);
      },
      schedulerPids,
    );
    const publicBulk = await rate(bulkCalls, 1000, bulksInFlight, async (i) => {
      const tasks = Array.from({ length: 1000 }, (_, j) => taskBody(i * 1000 + j, runAt));
      await post(`${stack.frontendUrl}/v1/tasks/batch`, { tasks }, 201, `Bearer ${signup.apiKey}`);
    });

    await env.flush();
    const run = await startBullmq(env.redisPort, 1);
    const delay = 600_000;
    const bullAdd = await rate(
      singles,
      1,
      singlesInFlight,
      async (i) => void (await run.queue.add('job', bullmqJobData(url, i), { delay })),
    );
    const bullBulk = await rate(bulkCalls, 1000, bulksInFlight, async (i) => {
      await run.queue.addBulk(
        Array.from({ length: 1000 }, (_, j) => ({
          name: 'job',
          data: bullmqJobData(url, i * 1000 + j),
          opts: { delay },
        })),
      );
    });
    await run.stop();
    return [
      {
        scenario: 'create',
        metric: `tasks/s, internal API, one per request (${singlesInFlight} in flight)`,
        later: internalSingle.perSecond,
        other: bullAdd.perSecond,
        versus: 'add',
        higherIsBetter: true,
      },
      {
        scenario: 'create',
        metric: `tasks/s, internal API, bulk of 1,000 (${bulksInFlight} in flight)`,
        later: internalBulk.perSecond,
        other: bullBulk.perSecond,
        versus: 'addBulk',
        higherIsBetter: true,
      },
      {
        scenario: 'create',
        metric: 'machine CPU per task (us), internal API, bulk of 1,000',
        later: internalBulk.cpuPerTaskUs,
        other: bullBulk.cpuPerTaskUs,
        versus: 'addBulk',
        higherIsBetter: false,
      },
      {
        scenario: 'create',
        metric: `tasks/s, public HTTP API, one per request (${singlesInFlight} in flight)`,
        later: publicSingle.perSecond,
        other: bullAdd.perSecond,
        versus: 'add',
        higherIsBetter: true,
        target: 0.2,
      },
      {
        scenario: 'create',
        metric: 'frontend CPU per task (us), public HTTP API, one per request',
        later: publicSingle.processCpuPerTaskUs,
        higherIsBetter: false,
      },
      {
        scenario: 'create',
        metric: 'scheduler CPU per task (us), public HTTP API, one per request',
        later: publicSingleSchedulers.processCpuPerTaskUs,
        higherIsBetter: false,
      },
      {
        scenario: 'create',
        metric: `tasks/s, public HTTP API, POST /v1/tasks/batch of 1,000 (${bulksInFlight} in flight)`,
        later: publicBulk.perSecond,
        other: bullBulk.perSecond,
        versus: 'addBulk',
        higherIsBetter: true,
        target: 1.0,
      },
      {
        scenario: 'create',
        metric: 'machine CPU per task (us), public HTTP API, batch of 1,000',
        later: publicBulk.cpuPerTaskUs,
        other: bullBulk.cpuPerTaskUs,
        versus: 'addBulk',
        higherIsBetter: false,
      },
    ];
  } finally {
    await stack.stop();
  }
}
