import type { CatchUpName } from '@later/store';
import type { Recurrence } from './recurrence.js';

export interface NextRun {
  /** The run time the schedule computed (what the run is "for"). */
  slot: number;
  /** When the occurrence is due: its slot (a missed run that is backfilled is due at once). */
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

/**
 * The run after the one for `previousSlot` (null: the schedule is new or resumed), as of `now`.
 * Runs whose time passed more than the grace ago were missed (Later was down): `fireOnce` and
 * `skip` go straight to the next run after now; `backfill` runs the missed ones one after
 * another, oldest first, but only the last `backfillLimit` of them.
 */
export function planNextRun(recurrence: Recurrence, previousSlot: number | null, now: number, rules: CatchUpRules): NextRun | null {
  const graceStart = now - rules.misfireGraceMs;
  let slot = recurrence.next(previousSlot ?? now - 1);
  if (slot === null) return null;
  if (previousSlot !== null && slot < graceStart) {
    if (rules.policy === 'backfill') {
      const missed = missedSince(recurrence, slot, graceStart, rules.backfillLimit);
      slot = missed[0]!;
    } else {
      slot = recurrence.next(now - 1) ?? Number.NaN;
      if (Number.isNaN(slot)) return null;
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
