import type pg from 'pg';
import { retryFailures, type Receipt, type UpgradeTaskKind } from './upgradeLoad.js';

/** A task as Postgres holds it at the end of the run. */
export interface FinalTask {
  id: string;
  status: string;
  maxAttempts: number;
  /** Attempts the history recorded. */
  attempts: number;
  /**
   * Whether an attempt's record may have missed a delivery the receiver got, the two ways the
   * promise names: `lost` (its sender died holding it) or a `timeout` (the receiver answered late).
   */
  mayRepeat: boolean;
  fromSchedule: boolean;
  /** Each attempt as `n:outcome[:error class]`, for the report. */
  history: string;
}

export async function finalTasks(db: pg.Pool, ownerId: string): Promise<FinalTask[]> {
  const { rows } = await db.query<{
    id: string;
    status: string;
    max_attempts: number;
    schedule_id: string | null;
    attempts: string;
    may_repeat: boolean | null;
    history: string | null;
  }>(
    `SELECT t.id, t.status, t.max_attempts, t.schedule_id, count(a.n) AS attempts,
            bool_or(a.outcome = 'lost' OR a.error_class = 'timeout') AS may_repeat,
            string_agg(concat_ws(':', a.n, a.outcome, a.error_class), ' ' ORDER BY a.n) AS history
       FROM tasks t LEFT JOIN attempts a ON a.task_id = t.id
      WHERE t.owner_id = $1 GROUP BY t.id`,
    [ownerId],
  );
  return rows.map((r) => ({
    id: String(r.id),
    status: r.status,
    maxAttempts: r.max_attempts,
    attempts: Number(r.attempts),
    mayRepeat: r.may_repeat === true,
    fromSchedule: r.schedule_id !== null,
    history: r.history ?? '',
  }));
}

/** One task that did not end as its kind says it must, and how. */
export interface WrongEnd {
  taskId: string;
  kind: UpgradeTaskKind;
  problem: string;
}

export interface UpgradeVerdict {
  /** Tasks per kind, schedule runs included. */
  byKind: Record<UpgradeTaskKind, number>;
  receipts: number;
  /** Accepted tasks no receiver ever got. */
  lost: string[];
  /** Tasks not final (delivered or dead) in Postgres at the end. */
  stuck: string[];
  /** Tasks that ended otherwise than their kind says: wrong status, wrong number of attempts. */
  wrongEnds: WrongEnd[];
  /** Tasks an attempt of which reached a receiver twice, with and without a sender that died holding it. */
  duplicates: { explained: string[]; unexplained: string[] };
}

/** Why a task that reached its end did not end as its `kind` says, or undefined. */
function wrongEnd(kind: UpgradeTaskKind, task: FinalTask, got: Receipt[]): string | undefined {
  const expected = kind === 'dead' ? 'dead' : 'delivered';
  const taken = got.filter((r) => r.ok).length;
  const seen = `${task.status} after ${task.attempts} attempts [${task.history}] (max_attempts ${task.maxAttempts}), ${got.length} received, ${taken} taken`;
  if (task.status !== expected) return `${seen}; expected ${expected}`;
  // The attempts a stored default decides: a changed default shows here.
  if (kind === 'dead' && task.attempts !== task.maxAttempts) return `${seen}; expected ${task.maxAttempts} attempts`;
  if (kind === 'retry' && task.attempts < retryFailures + 1)
    return `${seen}; expected at least ${retryFailures + 1} attempts`;
  // What Postgres says against what the receiver saw.
  if ((task.status === 'delivered') !== taken > 0) return `${seen}: Postgres and the receiver disagree`;
  if (got.some((r) => r.attempt > task.attempts)) return `${seen}: an attempt received that the history does not have`;
  return undefined;
}

/**
 * Holds every task against what its receiver saw: its status in Postgres the one the receipts
 * imply, as many attempts as its kind and its own max_attempts say, and each delivery received once
 * (more only where the history shows a sender died holding it or the receiver answered late).
 */
export function judgeUpgrade(
  kinds: Map<string, UpgradeTaskKind>,
  tasks: FinalTask[],
  receipts: Map<string, Receipt[]>,
): UpgradeVerdict {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const byKind: Record<UpgradeTaskKind, number> = { webhook: 0, retry: 0, dead: 0, email: 0, sms: 0, schedule: 0 };
  const verdict: UpgradeVerdict = {
    byKind,
    receipts: 0,
    lost: [],
    stuck: [],
    wrongEnds: [],
    duplicates: { explained: [], unexplained: [] },
  };
  const all = new Map(kinds);
  for (const t of tasks) if (t.fromSchedule) all.set(t.id, 'schedule');
  for (const [id, kind] of all) {
    byKind[kind] += 1;
    const task = byId.get(id);
    const got = receipts.get(id) ?? [];
    verdict.receipts += got.length;
    // A schedule's run still waiting when the schedule was deleted is cancelled with it.
    if (kind === 'schedule' && task?.status === 'cancelled' && got.length === 0) continue;
    if (got.length === 0) verdict.lost.push(id);
    if (!task || (task.status !== 'delivered' && task.status !== 'dead')) {
      verdict.stuck.push(`${id} (${kind}, ${task?.status ?? 'absent'})`);
      continue;
    }
    // An SMS carries no attempt number; the run's SMS tasks all succeed at their first.
    const attempts = kind === 'sms' ? got.map(() => 1) : got.map((r) => r.attempt);
    if (new Set(attempts).size < attempts.length || got.filter((r) => r.ok).length > 1) {
      (task.mayRepeat ? verdict.duplicates.explained : verdict.duplicates.unexplained).push(
        `${id} (${kind}) [${task.history}]`,
      );
    }
    const problem = wrongEnd(kind, task, got);
    if (problem) verdict.wrongEnds.push({ taskId: id, kind, problem });
  }
  return verdict;
}
