import type pg from 'pg';
import type { ReceivedDelivery } from '../testing/webhookReceiver.js';
import type { FaultWindow } from './faults.js';

/**
 * Why a delivery was made again, proven from the attempt history and the moments the faults
 * struck: a way the record of a delivery was lost between the receiver getting it and Redis
 * recording it, or a receiver answering too late (the causes docs/operations.md's promise names):
 *
 * - `sender killed`: the attempt was recorded `lost` when its lease expired, and a sender was
 *   SIGKILLed after the receiver got it, within its lease.
 * - `redis fault`: the attempt was recorded `lost` when its lease expired, and Redis was killed or
 *   paused between the receiver getting it and the lease being taken back (the report could not
 *   reach Redis in time, or Redis lost it with the last second of its AOF).
 * - `redis lost`: Redis was found wiped and rebuilt from Postgres; the attempt was running then
 *   (`redis_lost`).
 * - `redis crash`: the same attempt reached the receiver twice, with a Redis kill in between:
 *   the restarted Redis had lost, with the last second of its AOF, that the attempt was taken.
 * - `answered late`: the receiver got the attempt but answered after the task's timeout.
 * - `unexplained`: none of these: a bug, or a promise docs/operations.md does not make.
 */
export type DuplicateCause =
  'sender killed' | 'redis fault' | 'redis lost' | 'redis crash' | 'answered late' | 'unexplained';

export interface Duplicate {
  taskId: string;
  received: number;
  /** One per delivery that was made again: why the one before it did not count. */
  causes: DuplicateCause[];
  /** The causes, with the attempts and faults that prove them. */
  explanation: string;
  explained: boolean;
}

/** An attempt as the history records it, times in ms. */
export interface RecordedAttempt {
  taskId: string;
  n: number;
  outcome: string;
  errorClass: string | null;
  startedAt: number;
  finishedAt: number | null;
}

/** Clocks: receipts and faults are read on this process' clock, attempts on Redis'; same host, but not the same instant. */
const slackMs = 250;

const during = (windows: FaultWindow[], kinds: FaultWindow['kind'][], from: number, to: number) =>
  windows.find((w) => kinds.includes(w.kind) && w.to >= from - slackMs && w.from <= to + slackMs);

const at = (ms: number) => new Date(ms).toISOString().slice(11, 23);

/** Why the receipt `first` was followed by `next`: what became of `first`'s attempt. */
function causeOf(
  first: ReceivedDelivery,
  next: ReceivedDelivery,
  attempt: RecordedAttempt | undefined,
  windows: FaultWindow[],
  leaseMs: number,
): [DuplicateCause, string] {
  const n = first.attempt;
  if (next.attempt === n) {
    const crash = during(windows, ['redisKill'], first.receivedAt, next.receivedAt);
    return crash
      ? ['redis crash', `attempt ${n} delivered twice, Redis killed at ${at(crash.from)} in between`]
      : ['unexplained', `attempt ${n} delivered twice with no Redis kill in between`];
  }
  if (!attempt) return ['unexplained', `attempt ${n} reached the receiver but has no record`];
  if (attempt.outcome === 'lost' && attempt.errorClass === 'redis_lost')
    return ['redis lost', `attempt ${n} lost: Redis was wiped and rebuilt`];
  if (attempt.outcome === 'lost' && attempt.errorClass === 'lease_expired') {
    const leaseEnd = attempt.startedAt + leaseMs;
    const kill = during(windows, ['senderKill'], first.receivedAt, leaseEnd);
    if (kill)
      return [
        'sender killed',
        `attempt ${n} lost: a sender killed at ${at(kill.from)}, after the receiver had it at ${at(first.receivedAt)}, within its lease`,
      ];
    const redis = during(windows, ['redisKill', 'redisPause'], first.receivedAt, attempt.finishedAt ?? leaseEnd);
    if (redis)
      return [
        'redis fault',
        `attempt ${n} lost: its lease expired after a Redis ${redis.kind === 'redisKill' ? 'kill' : 'pause'} at ${at(redis.from)}`,
      ];
    return ['unexplained', `attempt ${n} lost (lease expired) with no sender or Redis fault in its lease`];
  }
  if (attempt.outcome === 'retryable' && attempt.errorClass === 'timeout')
    return ['answered late', `attempt ${n} reached the receiver, which answered after the timeout`];
  return [
    'unexplained',
    `attempt ${n} ended ${attempt.outcome}${attempt.errorClass ? ` (${attempt.errorClass})` : ''} after the receiver had it`,
  ];
}

/**
 * Classifies every task the receiver got more than once by what its attempt history and the
 * fault record show (see DuplicateCause). `leaseMs` is a delivery's lease: its timeout plus the
 * sender's lease margin.
 */
export function classifyDuplicates(
  received: ReceivedDelivery[],
  attempts: RecordedAttempt[],
  windows: FaultWindow[],
  leaseMs: number,
): Duplicate[] {
  const receiptsOf = new Map<string, ReceivedDelivery[]>();
  for (const r of received) receiptsOf.set(r.deliveryId, [...(receiptsOf.get(r.deliveryId) ?? []), r]);
  return [...receiptsOf]
    .filter(([, receipts]) => receipts.length > 1)
    .map(([taskId, receipts]) => {
      const inOrder = [...receipts].sort((a, b) => a.receivedAt - b.receivedAt);
      const found = inOrder.slice(0, -1).map((first, i) =>
        causeOf(
          first,
          inOrder[i + 1]!,
          attempts.find((a) => a.taskId === taskId && a.n === first.attempt),
          windows,
          leaseMs,
        ),
      );
      const causes = found.map(([cause]) => cause);
      return {
        taskId,
        received: receipts.length,
        causes,
        explanation: found.map(([, why]) => why).join('; '),
        explained: !causes.includes('unexplained'),
      };
    });
}

/** `classifyDuplicates` with the attempts of the tasks received more than once read from Postgres. */
export async function explainDuplicates(
  db: pg.Pool,
  received: ReceivedDelivery[],
  windows: FaultWindow[],
  leaseMs: number,
): Promise<Duplicate[]> {
  const seen = new Set<string>();
  const twice = new Set(received.map((r) => r.deliveryId).filter((id) => seen.has(id) || !seen.add(id)));
  if (twice.size === 0) return [];
  const { rows } = await db.query<{
    task_id: string;
    n: number;
    outcome: string;
    error_class: string | null;
    started: number;
    finished: number | null;
  }>(
    `SELECT task_id::text, n, outcome, error_class,
            extract(epoch FROM started_at) * 1000 AS started, extract(epoch FROM finished_at) * 1000 AS finished
     FROM attempts WHERE task_id = ANY($1::bigint[])`,
    [[...twice]],
  );
  const attempts = rows.map((r) => ({
    taskId: r.task_id,
    n: r.n,
    outcome: r.outcome,
    errorClass: r.error_class,
    startedAt: Number(r.started),
    finishedAt: r.finished === null ? null : Number(r.finished),
  }));
  return classifyDuplicates(received, attempts, windows, leaseMs);
}
