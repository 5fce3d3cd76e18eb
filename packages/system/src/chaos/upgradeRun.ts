import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import pg from 'pg';
import { startRedisServer } from '../redisServer.js';
import { repoRoot } from '../serviceProcess.js';
import { startStack, type Stack } from '../stack.js';
import { testDatabase } from '../testing/testDatabase.js';
import { waitFor } from '../waitFor.js';
import { preparePreviousRelease } from './previousRelease.js';
import { finalTasks, judgeUpgrade, type UpgradeVerdict } from './upgradeCheck.js';
import { startUpgradeReceivers, UpgradeLoad } from './upgradeLoad.js';

export interface UpgradeOptions {
  /** The git ref of the release to upgrade from. */
  from: string;
  /** Tasks a second of the steady load. */
  perSecond: number;
  /** Tasks of the burst, all due at one moment while the schedulers roll. */
  burst: number;
  /** How long, after the load stops, every task has to end (ms). */
  settleMs: number;
  log?: (line: string) => void;
}

export interface UpgradeReport extends UpgradeVerdict {
  from: string;
  /** What the run did, step by step, with its time. */
  steps: string[];
  /** Requests to create tasks that never got a 2xx. */
  refused: number;
  /** Log lines of any replica that say a task could not be read. */
  decodeErrors: string[];
  /** Lines logged at level error (50) or worse, by any replica: reported, not failed on. */
  errorLines: string[];
}

/** What makes an upgrade run fail. */
export const upgradeFailures = (report: UpgradeReport): string[] => [
  ...(report.lost.length ? [`${report.lost.length} lost`] : []),
  ...(report.stuck.length ? [`${report.stuck.length} stuck`] : []),
  ...(report.wrongEnds.length ? [`${report.wrongEnds.length} ended wrongly`] : []),
  ...(report.duplicates.unexplained.length ? [`${report.duplicates.unexplained.length} unexplained duplicates`] : []),
  ...(report.decodeErrors.length ? [`${report.decodeErrors.length} decode errors logged`] : []),
  ...(report.refused ? [`${report.refused} creates refused`] : []),
];

// A line saying a task entry or event could not be read, in either release's words.
const decodeError = /decode|TaskFormatTooNew|task_format_too_new|is not valid JSON|Unexpected token|SyntaxError/i;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The mixed-version run (`npm run chaos -- --upgrade`): the previous release, built from git, runs
 * a frontend, 3 schedulers and a sender on a private redis-server and a fresh database it migrated,
 * under a steady load of every channel, retries, failures and schedules, plus a burst; its replicas
 * are replaced one by one by this checkout's build in the order the Nomad jobs roll them
 * (schedulers, sender, frontend), then one scheduler is rolled back. Every task must end as its
 * kind says, each attempt received once, and no replica may log that it could not read a task.
 */
export async function runUpgrade(options: UpgradeOptions): Promise<UpgradeReport> {
  const log = options.log ?? (() => undefined);
  const release = await preparePreviousRelease(options.from, log);
  // Times from the start of the stack: the build before it takes anything from seconds to minutes.
  const started = Date.now();
  const steps: string[] = [];
  const step = (line: string) => {
    steps.push(`${((Date.now() - started) / 1000).toFixed(1)}s ${line}`);
    log(steps.at(-1)!);
  };
  const dir = mkdtempSync(`${tmpdir()}/later-upgrade-`);
  chmodSync(dir, 0o755);
  const redis = await startRedisServer({ dir: `${dir}/redis` });
  const database = await testDatabase();
  const receivers = await startUpgradeReceivers();
  const decodeErrors: string[] = [];
  const errorLines: string[] = [];
  let stack: Stack | undefined;
  try {
    stack = await startStack({
      root: release.root,
      redisUrl: redis.url,
      databaseUrl: database.url,
      schedulers: 3,
      senders: 1,
      shardCount: 8,
      env: {
        // The grace under its old name too: the previous release may read REQUEUE_GRACE_MS.
        scheduler: {
          REAP_INTERVAL_MS: '250',
          REQUEUE_GRACE_MS: '3000',
          RECONCILE_GRACE_MS: '3000',
          DEFAULT_TIMEOUT_MS: '2000',
          RETRY_BASE_MS: '200',
          RETRY_MAX_MS: '1000',
        },
        sender: { LEASE_MARGIN_MS: '1000', SHUTDOWN_GRACE_MS: '5000', ...receivers.senderEnv },
        frontend: {
          RATE_LIMIT_PER_SECOND: '5000',
          RATE_LIMIT_BURST: '5000',
          ACCOUNT_RATE_LIMIT_PER_SECOND: '5000',
          ACCOUNT_RATE_LIMIT_BURST: '5000',
        },
      },
      onLine: (label, line) => {
        if (decodeError.test(line)) decodeErrors.push(`${label}: ${line.slice(0, 300)}`);
        else if (/"level":(50|60)/.test(line)) errorLines.push(`${label}: ${line.slice(0, 300)}`);
      },
    });
    step(
      `previous release ${release.commit.slice(0, 10)} (${release.subject}) running: frontend, 3 schedulers, 1 sender`,
    );
    const load = new UpgradeLoad(stack.frontendUrl, receivers, options.perSecond);
    const ownerId = await load.signup();
    const schedules = [await load.schedule(), await load.schedule()];
    load.start();
    await sleep(5000);
    await load.burst(options.burst, Date.now() + 8000);
    step(`burst of ${options.burst} tasks due in 8 s; rolling the schedulers`);
    for (const old of [...stack.schedulers]) {
      await stack.replace(old, repoRoot);
      step(`${old.label} replaced by this build`);
      await sleep(4000);
    }
    // A canary first, as the Nomad job starts one before it stops an old replica.
    const newSender = await stack.addSender({ root: repoRoot });
    const oldSender = stack.senders[0]!;
    await sleep(2000);
    await oldSender.stop();
    step(`${oldSender.label} replaced by ${newSender.label}, this build`);
    await sleep(4000);
    const newFrontend = await stack.addFrontend({ root: repoRoot });
    load.useFrontend(newFrontend.url);
    await stack.frontend.stop();
    step('frontend replaced by this build');
    await sleep(6000);
    const rolledBack = stack.schedulers[1]!;
    await stack.replace(rolledBack, release.root);
    step(`${rolledBack.label} rolled back to the previous release`);
    await sleep(8000);
    await load.stop();
    for (const id of schedules) await load.endSchedule(id);
    step(`load stopped: ${load.kinds.size} tasks created`);

    const db = new pg.Pool({ connectionString: database.url, max: 2 });
    try {
      const settled = async () =>
        (await finalTasks(db, ownerId)).every((t) => ['delivered', 'dead', 'cancelled'].includes(t.status));
      await waitFor('every task delivered or dead', settled, { timeoutMs: options.settleMs, intervalMs: 500 }).catch(
        () => undefined,
      );
      step('settled');
      const verdict = judgeUpgrade(load.kinds, await finalTasks(db, ownerId), receivers.receipts());
      return {
        from: `${release.commit.slice(0, 10)} (${release.subject})`,
        steps,
        refused: load.refused,
        decodeErrors,
        errorLines,
        ...verdict,
      };
    } finally {
      await db.end();
    }
  } finally {
    await stack?.stop();
    await receivers.close();
    await redis.stop();
    await database.drop();
    await release.remove();
    rmSync(dir, { recursive: true, force: true });
  }
}
