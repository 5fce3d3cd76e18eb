import { describe, expect, it } from 'vitest';
import { planNextRun } from '../src/schedules/catchUp.js';
import { Recurrence } from '../src/schedules/recurrence.js';

const t = (iso: string) => Date.parse(iso);
const hourly = new Recurrence({ cron: '0 * * * *', every: null, timezone: 'UTC', startAt: new Date(0), endAt: null });
const rules = (policy: 'fireOnce' | 'skip' | 'backfill', backfillLimit = 10) => ({
  policy,
  backfillLimit,
  misfireGraceMs: 60_000,
});

describe('what runs after downtime (hourly schedule; the 11:00 run started late, at 14:10)', () => {
  const now = t('2026-11-24T14:10:00Z');
  const fired = { slot: t('2026-11-24T11:00:00Z'), startedAt: now };

  it('fireOnce: the late run was the one; carry on at 15:00', () => {
    expect(planNextRun(hourly, fired, now, rules('fireOnce'))).toEqual({
      slot: t('2026-11-24T15:00:00Z'),
      dueAt: t('2026-11-24T15:00:00Z'),
      expiresAt: null,
    });
  });

  it('skip: carry on at 15:00, and every run may be at most the grace late', () => {
    expect(planNextRun(hourly, fired, now, rules('skip'))).toEqual({
      slot: t('2026-11-24T15:00:00Z'),
      dueAt: t('2026-11-24T15:00:00Z'),
      expiresAt: t('2026-11-24T15:01:00Z'),
    });
  });

  it('backfill: run 12:00, 13:00, 14:00 one after another, or only the last N', () => {
    expect(planNextRun(hourly, fired, now, rules('backfill'))!.slot).toBe(t('2026-11-24T12:00:00Z'));
    expect(planNextRun(hourly, { slot: t('2026-11-24T12:00:00Z'), startedAt: now }, now, rules('backfill'))!.slot).toBe(
      t('2026-11-24T13:00:00Z'),
    );
    expect(planNextRun(hourly, fired, now, rules('backfill', 2))!.slot).toBe(t('2026-11-24T13:00:00Z'));
    expect(planNextRun(hourly, { slot: t('2026-11-24T14:00:00Z'), startedAt: now }, now, rules('backfill'))!.slot).toBe(
      t('2026-11-24T15:00:00Z'),
    );
  });

  it('fireOnce: when the 11:00 run was on time and what came after was missed, the latest missed one runs now', () => {
    const onTime = { slot: t('2026-11-24T11:00:00Z'), startedAt: t('2026-11-24T11:00:00.200Z') };
    expect(planNextRun(hourly, onTime, now, rules('fireOnce'))!.slot).toBe(t('2026-11-24T14:00:00Z'));
    expect(planNextRun(hourly, { slot: t('2026-11-24T14:00:00Z'), startedAt: now }, now, rules('fireOnce'))!.slot).toBe(
      t('2026-11-24T15:00:00Z'),
    );
  });

  it('a run less than the grace late is late, not missed', () => {
    const justLate = t('2026-11-24T12:00:30Z');
    expect(planNextRun(hourly, fired, justLate, rules('skip'))!.slot).toBe(t('2026-11-24T12:00:00Z'));
  });

  it('ends when the rule has no run left before endAt', () => {
    const ending = new Recurrence({
      cron: '0 * * * *',
      every: null,
      timezone: 'UTC',
      startAt: new Date(0),
      endAt: new Date(t('2026-11-24T11:30:00Z')),
    });
    expect(planNextRun(ending, fired, t('2026-11-24T11:00:01Z'), rules('fireOnce'))).toBeNull();
  });
});
