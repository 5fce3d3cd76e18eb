import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import pg from 'pg';
import { startPostgresServer } from '../postgresServer.js';
import { startRedisServer } from '../redisServer.js';
import { startStack } from '../stack.js';
import { publicApiClient } from '../testing/publicApiClient.js';
import { startWebhookReceiver } from '../testing/webhookReceiver.js';
import { waitFor } from '../waitFor.js';
import { explainDuplicates, type Duplicate } from './duplicates.js';
import { injectFaults, type ChaosServers, type FaultCounts, type FaultRecord } from './faults.js';

export interface ChaosOptions {
  tasks: number;
  /** How long tasks are created and faults injected (ms). */
  durationMs: number;
  /** How long, after the faults stop, everything has to be delivered and recorded (ms). */
  settleMs: number;
  log?: (line: string) => void;
}

export interface ChaosReport extends FaultCounts {
  tasks: number;
  received: number;
  /** Accepted tasks the receiver never got: must be 0. */
  lost: string[];
  /** Accepted tasks whose Postgres status is not final-and-matching at the end: must be 0. */
  stuck: string[];
  /** Tasks whose Postgres status disagrees with what the receiver saw. */
  mismatched: string[];
  /** Tasks received more than once, each with its causes. */
  duplicates: Duplicate[];
  faultLog: string[];
}

/** What makes a chaos run fail: a lost, stuck or mismatched task, or a duplicate nothing explains. */
export const chaosFailures = (report: ChaosReport): string[] => [
  ...(report.lost.length ? [`${report.lost.length} lost`] : []),
  ...(report.stuck.length ? [`${report.stuck.length} stuck`] : []),
  ...(report.mismatched.length ? [`${report.mismatched.length} status mismatches`] : []),
  ...report.duplicates
    .filter((d) => !d.explained)
    .map((d) => `task ${d.taskId}: unexplained duplicate (${d.explanation})`),
];

/** Delivery settings of the run; a lease is the timeout plus the margin. */
const timeoutMs = 2000;
const leaseMarginMs = 1000;

/**
 * The chaos test: 3 schedulers and 2 senders on a private redis-server (AOF) and a private
 * Postgres; tasks are created through the public API (retried, with an Idempotency-Key, while
 * something is down) and spread over the run, while random faults kill and restart schedulers,
 * senders and Redis, pause Redis and stop Postgres. Then every accepted task must have been
 * received, and Postgres must say `delivered` for exactly those.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined);
  const dir = mkdtempSync(`${tmpdir()}/later-chaos-`);
  chmodSync(dir, 0o755);
  const servers: ChaosServers = {
    redisDir: `${dir}/redis`,
    postgresDir: `${dir}/postgres`,
    redis: await startRedisServer({ dir: `${dir}/redis`, extraArgs: ['--enable-debug-command', 'yes'] }),
    postgres: await startPostgresServer({ dir: `${dir}/postgres` }),
  };
  const receiver = await startWebhookReceiver();
  receiver.respondWith(() => ({ status: 200, delayMs: Math.floor(Math.random() * 200) }));
  const stack = await startStack({
    redisUrl: servers.redis.url,
    databaseUrl: servers.postgres.url,
    schedulers: 3,
    senders: 2,
    shardCount: 8,
    env: {
      scheduler: {
        REAP_INTERVAL_MS: '250',
        RECONCILE_INTERVAL_MS: '1000',
        RECONCILE_GRACE_MS: '3000',
        DEFAULT_TIMEOUT_MS: String(timeoutMs),
        RETRY_BASE_MS: '200',
        RETRY_MAX_MS: '1000',
        DEFAULT_MAX_ATTEMPTS: '20',
      },
      sender: { LEASE_MARGIN_MS: String(leaseMarginMs), SHUTDOWN_GRACE_MS: '2000' },
      frontend: { KEY_RECHECK_MS: '60000' },
    },
  });
  const api = publicApiClient(stack.frontendUrl);
  const ownerId = await api.signup('chaos@example.com');
  const counts: FaultCounts = {
    schedulerKills: 0,
    senderKills: 0,
    redisRestarts: 0,
    redisPauses: 0,
    postgresOutages: 0,
    restarts: 0,
  };
  const record: FaultRecord = { counts, windows: [] };
  const faultLog: string[] = [];
  const start = Date.now();
  const accepted: string[] = [];

  try {
    const creating = createTasksThroughout(api, receiver.url, options, start, accepted);
    await injectFaults(stack, servers, record, start + options.durationMs, (line) => {
      faultLog.push(`${((Date.now() - start) / 1000).toFixed(1)}s ${line}`);
      log(faultLog.at(-1)!);
    });
    await creating;

    const db = new pg.Pool({ connectionString: servers.postgres.url, max: 2 });
    db.on('error', () => undefined);
    try {
      const statusOf = async () => {
        const { rows } = await db.query<{ id: string; status: string }>(
          'SELECT id, status FROM tasks WHERE owner_id = $1',
          [ownerId],
        );
        return new Map(rows.map((r) => [r.id, r.status]));
      };
      await waitFor(
        'every accepted task delivered and recorded',
        async () => {
          const statuses = await statusOf();
          const received = receiver.countById();
          return accepted.every((id) => received.has(id) && statuses.get(id) === 'delivered');
        },
        { timeoutMs: options.settleMs, intervalMs: 500 },
      ).catch(() => undefined);
      const statuses = await statusOf();
      const received = receiver.countById();
      return {
        tasks: accepted.length,
        received: receiver.received.length,
        ...counts,
        lost: accepted.filter((id) => !received.has(id)),
        stuck: accepted.filter((id) => statuses.get(id) !== 'delivered'),
        mismatched: [...received.keys()].filter((id) => statuses.get(id) !== 'delivered'),
        duplicates: await explainDuplicates(db, receiver.received, record.windows, timeoutMs + leaseMarginMs),
        faultLog,
      };
    } finally {
      await db.end();
    }
  } finally {
    await stack.stop();
    await receiver.close();
    await servers.redis.stop();
    await servers.postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Creates `options.tasks` tasks at an even pace, each due a random while later, retrying until accepted. */
async function createTasksThroughout(
  api: ReturnType<typeof publicApiClient>,
  receiverUrl: string,
  options: ChaosOptions,
  start: number,
  accepted: string[],
): Promise<void> {
  const creationWindow = options.durationMs * 0.8;
  for (let i = 0; i < options.tasks; i++) {
    const at = start + (creationWindow * i) / options.tasks;
    if (at > Date.now()) await new Promise((resolve) => setTimeout(resolve, at - Date.now()));
    const body = {
      channel: 'webhook',
      webhook: { url: `${receiverUrl}/chaos` },
      delay: Math.floor(Math.random() * 3000),
    };
    const headers = { 'idempotency-key': randomUUID() };
    for (;;) {
      const answer = await api.call('POST', '/v1/tasks', body, { headers }).catch(() => undefined);
      if (answer && answer.status < 300) {
        accepted.push(answer.body.id);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
