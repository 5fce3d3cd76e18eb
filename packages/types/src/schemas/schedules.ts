import { z } from 'zod';
import { catchUpPolicies } from './enums.js';
import { PageQuery } from './ids.js';
import { StoredText } from './storedText.js';
import { TaskTemplate } from './tasks.js';
import { IsoDuration, TimeZone, approxDurationMs, isoInstant, maxScheduleAheadMs } from './time.js';

/** 5 or 6 fields of cron syntax; the scheduler checks each field's range when it parses it. */
const cronShape = /^\s*[0-9A-Za-z*/,?#LW-]+(\s+[0-9A-Za-z*/,?#LW-]+){4,5}\s*$/;

/** When a schedule runs: what a schedule and a preview of one share. */
const ruleFields = {
  cron: z
    .string()
    .max(200)
    .regex(cronShape, 'must have 5 fields (minute hour day month weekday), or 6 with seconds first')
    .optional(),
  // Each run is due one `every` after the last, and a task is never due more than 5 years ahead.
  every: IsoDuration.refine(
    (every) => approxDurationMs(every) <= maxScheduleAheadMs,
    'must be at most 5 years',
  ).optional(),
  timezone: TimeZone.optional(),
  startAt: isoInstant.optional(),
  endAt: isoInstant.optional(),
};

function checkRule(
  rule: { cron?: string; every?: string; startAt?: string; endAt?: string },
  ctx: z.RefinementCtx,
): void {
  if ((rule.cron === undefined) === (rule.every === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: [rule.cron === undefined ? 'cron' : 'every'],
      message: 'give exactly one of cron and every',
    });
  }
  if (rule.startAt && rule.endAt && Date.parse(rule.endAt) <= Date.parse(rule.startAt)) {
    ctx.addIssue({ code: 'custom', path: ['endAt'], message: 'must be after startAt' });
  }
}

export const CreateScheduleRequest = z
  .strictObject({
    key: StoredText.min(1).max(200).optional(),
    ...ruleFields,
    maxRuns: z.number().int().min(1).max(1_000_000_000).optional(),
    catchUp: z.enum(catchUpPolicies).optional(),
    backfillLimit: z.number().int().min(1).max(1000).optional(),
    paused: z.boolean().optional(),
    task: TaskTemplate,
  })
  .superRefine(checkRule);

export const SchedulePreviewRequest = z
  .strictObject({ ...ruleFields, count: z.number().int().min(1).max(20).optional() })
  .superRefine(checkRule);

export const ListSchedulesQuery = PageQuery;

export type CreateScheduleInput = z.output<typeof CreateScheduleRequest>;
export type SchedulePreviewInput = z.output<typeof SchedulePreviewRequest>;
