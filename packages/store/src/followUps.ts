import type { Pool, PoolClient } from './pool.js';

/** A follow-up a task's end created, as the task's history shows it. */
export interface FollowUpRow {
  taskId: string;
  /** Which end created it: read from the outcome of the attempt that ended the parent. */
  on: 'dead' | 'delivered';
  attempt: number;
  createdAt: Date;
}

/** The follow-ups `parentId`'s ends created, oldest first. */
export async function followUpsOf(client: Pool | PoolClient, parentId: string): Promise<FollowUpRow[]> {
  const { rows } = await client.query<{ id: string; attempt: number; outcome: string | null; created_at: Date }>(
    `SELECT f.id::text, f.follow_up_attempt AS attempt, a.outcome, f.created_at
     FROM tasks f LEFT JOIN attempts a ON a.task_id = f.follow_up_of AND a.n = f.follow_up_attempt
     WHERE f.follow_up_of = $1 ORDER BY f.id`,
    [parentId],
  );
  return rows.map((r) => ({
    taskId: r.id,
    on: r.outcome === 'success' ? 'delivered' : 'dead',
    attempt: r.attempt,
    createdAt: r.created_at,
  }));
}

/**
 * Which of these (parent, attempt) ends already have their follow-up, as `parent:attempt`. The
 * history writer, which holds its turn, asks before it creates one, so a batch written twice
 * creates nothing the second time; `tasks_follow_up_once` refuses a second one regardless.
 */
export async function existingFollowUps(
  client: PoolClient,
  ends: { taskId: string; attempt: number }[],
): Promise<Set<string>> {
  if (ends.length === 0) return new Set();
  const { rows } = await client.query<{ end: string }>(
    `SELECT follow_up_of::text || ':' || follow_up_attempt AS end FROM tasks
     WHERE (follow_up_of, follow_up_attempt) IN (SELECT * FROM unnest($1::bigint[], $2::int[]))`,
    [ends.map((e) => e.taskId), ends.map((e) => e.attempt)],
  );
  return new Set(rows.map((r) => r.end));
}
