import type { CatchUpName } from '@later/store';
import type { Recurrence } from './recurrence.js';

export interface NextRun {
  /** The run time the schedule computed (what the run is "for"). */
  slot: number;
  /** When the occurrence is due: its slot (a missed run made now is due at once). */
  dueAt: number;
  /** For `skip`: past this the occurrence is skipped instead of delivered. */
  expiresAt: number | null;
}

export interface CatchUpRules {
  policy: CatchUpName;
  backfillLimit: number;
  /** A run later than its slot by less than this is late, not missed. */
  misfireGraceMs: number;
}

/** The run that came before: its slot, and when it started (null: it never did, e.g. cancelled). */
export interface PreviousRun {
  slot: number;
  startedAt: number | null;
}

/**
 * The run after `previous` (null: the schedule is new or resumed), as of `now`. Runs whose time
 * passed more than the grace ago were missed (Later was down, or could not make them):
 *   fireOnce  one run stands for all that were missed: the previous run, if it was itself late;
 *             else the latest missed one, made now. Then it carries on from now.
 *   skip      none of them runs; it carries on from now (a late run that was already made is
 *             skipped by its expiry).
 *   backfill  the missed runs run one after another, oldest first, only the last `backfillLimit`.
 */
export function planNextRun(
  recurrence: Recurrence,
  previous: PreviousRun | null,
  now: number,
  rules: CatchUpRules,
): NextRun | null {
  const graceStart = now - rules.misfireGraceMs;
  let slot = recurrence.next(previous?.slot ?? now - 1);
  if (slot === null) return null;
  if (previous !== null && slot < graceStart) {
    const previousWasLate = previous.startedAt !== null && previous.startedAt > previous.slot + rules.misfireGraceMs;
    if (rules.policy === 'backfill') {
      slot = missedSince(recurrence, slot, graceStart, rules.backfillLimit)[0]!;
    } else if (rules.policy === 'fireOnce' && !previousWasLate) {
      slot = missedSince(recurrence, slot, graceStart, 1)[0]!;
    } else {
      const next = recurrence.next(now - 1);
      if (next === null) return null;
      slot = next;
    }
  }
  return { slot, dueAt: slot, expiresAt: rules.policy === 'skip' ? slot + rules.misfireGraceMs : null };
}

/** The last `limit` slots from `first` that are before `until`, oldest first. */
function missedSince(recurrence: Recurrence, first: number, until: number, limit: number): number[] {
  const window: number[] = [];
  for (let slot: number | null = first; slot !== null && slot < until; slot = recurrence.next(slot)) {
    window.push(slot);
    if (window.length > limit) window.shift();
  }
  return window.length > 0 ? window : [first];
}
