import type pg from 'pg';
import { retryFailures, type Receipt, type UpgradeTaskKind } from './upgradeLoad.js';

/** A task as Postgres holds it at the end of the run. */
export interface FinalTask {
  id: string;
  status: string;
  maxAttempts: number;
  /** Attempts the history recorded, and whether one was `lost` (its sender died holding it). */
  attempts: number;
  lost: boolean;
  fromSchedule: boolean;
}

export async function finalTasks(db: pg.Pool, ownerId: string): Promise<FinalTask[]> {
  const { rows } = await db.query<{ id: string; status: string; max_attempts: number; schedule_id: string | null; attempts: string; lost: boolean | null }>(
    `SELECT t.id, t.status, t.max_attempts, t.schedule_id, count(a.n) AS attempts, bool_or(a.outcome = 'lost') AS lost
       FROM tasks t LEFT JOIN attempts a ON a.task_id = t.id
      WHERE t.owner_id = $1 GROUP BY t.id`,
    [ownerId],
  );
  return rows.map((r) => ({
    id: String(r.id),
    status: r.status,
    maxAttempts: r.max_attempts,
    attempts: Number(r.attempts),
    lost: r.lost === true,
    fromSchedule: r.schedule_id !== null,
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

/** What a task of `kind` must have ended as: its status, and how many attempts reached the receiver. */
function expectedEnd(kind: UpgradeTaskKind, task: FinalTask): { status: string; receipts: number } {
  if (kind === 'retry') return { status: 'delivered', receipts: retryFailures + 1 };
  if (kind === 'dead') return { status: 'dead', receipts: task.maxAttempts };
  return { status: 'delivered', receipts: 1 };
}

/**
 * Holds every task against what its receiver saw: each attempt received once (more only where the
 * history shows a sender died holding it), the status in Postgres the one the receipts imply, and
 * as many attempts as the task's kind and its own max_attempts say.
 */
export function judgeUpgrade(kinds: Map<string, UpgradeTaskKind>, tasks: FinalTask[], receipts: Map<string, Receipt[]>): UpgradeVerdict {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const byKind: Record<UpgradeTaskKind, number> = { webhook: 0, retry: 0, dead: 0, email: 0, sms: 0, schedule: 0 };
  const verdict: UpgradeVerdict = { byKind, receipts: 0, lost: [], stuck: [], wrongEnds: [], duplicates: { explained: [], unexplained: [] } };
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
    const attemptsSeen = kind === 'sms' ? got.map(() => 1) : got.map((r) => r.attempt);
    const repeated = attemptsSeen.length - new Set(attemptsSeen).size;
    if (repeated > 0) (task.lost ? verdict.duplicates.explained : verdict.duplicates.unexplained).push(id);
    const expected = expectedEnd(kind, task);
    const distinct = new Set(attemptsSeen).size;
    if (task.status !== expected.status || distinct !== expected.receipts) {
      verdict.wrongEnds.push({
        taskId: id,
        kind,
        problem: `${task.status} after ${distinct} attempts received (${task.attempts} recorded, max_attempts ${task.maxAttempts}); expected ${expected.status} after ${expected.receipts}`,
      });
    }
  }
  return verdict;
}
