import type pg from 'pg';

export interface Duplicate {
  taskId: string;
  received: number;
  cause: string;
}

/**
 * Why a task reached the receiver more than once, read from its attempt history: an attempt
 * recorded `lost` before the one that succeeded means its sender died or stalled after
 * delivering and before recording (the duplicate the promise allows); anything else is flagged.
 */
export async function explainDuplicates(db: pg.Pool, received: Map<string, number>): Promise<Duplicate[]> {
  const twice = [...received].filter(([, count]) => count > 1);
  if (twice.length === 0) return [];
  const { rows } = await db.query<{ task_id: string; n: number; outcome: string; error: string | null }>(
    'SELECT task_id, n, outcome, error FROM attempts WHERE task_id = ANY($1::bigint[]) ORDER BY task_id, n',
    [twice.map(([id]) => id)],
  );
  return twice.map(([taskId, count]) => {
    const attempts = rows.filter((r) => r.task_id === taskId);
    const lost = attempts.filter((a) => a.outcome === 'lost');
    const aborted = attempts.filter((a) => a.outcome === 'retryable');
    const cause =
      lost.length > 0
        ? `attempt ${lost.map((a) => a.n).join(', ')} lost: ${lost[0]!.error ?? 'its sender died or stalled after delivering, before recording'}`
        : aborted.length > 0
          ? `attempt ${aborted.map((a) => a.n).join(', ')} ended retryable after the receiver had it (${aborted[0]!.error})`
          : 'unexplained: no lost or failed attempt recorded';
    return { taskId, received: count, cause };
  });
}
