import { z } from 'zod';
import { Delay } from './time.js';

/** Trailing debounce of a keyed task: due `period` after each replacement, at most `maxWait` after the first. */
export const Debounce = z.strictObject({
  period: Delay,
  maxWait: Delay.optional(),
});

interface Debounced {
  key?: string;
  debounce?: z.output<typeof Debounce>;
  runAt?: unknown;
  delay?: unknown;
  within?: unknown;
}

/**
 * A debounce needs a key (what replacements are found by) and decides the due time itself, so
 * it takes none of runAt, delay and within.
 */
export function checkDebounce(task: Debounced, ctx: z.RefinementCtx): void {
  const debounce = task.debounce;
  if (debounce === undefined) return;
  if (task.key === undefined)
    ctx.addIssue({ code: 'custom', path: ['debounce'], message: 'needs a key: the tasks it debounces share it' });
  for (const field of ['runAt', 'delay', 'within'] as const) {
    if (task[field] !== undefined)
      ctx.addIssue({ code: 'custom', path: ['debounce'], message: `decides the due time: give no ${field} with it` });
  }
}
