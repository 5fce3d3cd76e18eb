import { randomUUID } from 'node:crypto';
import { HttpError, parseOr400 } from '@later/runtime';
import { CreateScheduleRequest, SchedulePreviewRequest, type CreateScheduleInput } from '@later/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewRuns } from '../src/schedules/schedulePreview.js';
import { httpErrorOf } from '../src/http/schedulingErrorAnswer.js';
import { SchedulingError } from '../src/schedulingError.js';
import { ScheduleService } from '../src/schedules/scheduleService.js';
import { startTaskDeps, type TaskDepsFixture } from './taskDeps.js';

const task = { channel: 'webhook', webhook: { url: 'https://example.com/hook' } } as const;

/**
 * The field paths of the 400 answering what `work` throws or rejects with, whether validation
 * (an HttpError) or the scheduling logic refused it; fails the test on anything else.
 */
async function refusedFields(work: () => unknown): Promise<string[]> {
  const thrown = await Promise.resolve()
    .then(work)
    .then(
      () => new Error('was not refused'),
      (e: unknown) => e,
    );
  const err = thrown instanceof SchedulingError ? httpErrorOf(thrown) : thrown;
  expect(err).toBeInstanceOf(HttpError);
  expect((err as HttpError).status).toBe(400);
  return (err as HttpError).issues.map((issue) => issue.path);
}

describe('a schedule whose runs cannot be made is refused with a 400 naming the field', () => {
  let fixture: TaskDepsFixture;
  let schedules: ScheduleService;
  const owner = randomUUID();
  const now = () => fixture.deps.clock.now();

  beforeAll(async () => {
    fixture = await startTaskDeps();
    schedules = new ScheduleService(fixture.deps);
  });
  afterAll(() => fixture?.stop());

  it.each(['P999999Y', 'PT99999999999999999999S', 'P61M'])(
    'refuses every: %s, in a schedule and in a preview',
    async (every) => {
      expect(await refusedFields(() => parseOr400(CreateScheduleRequest, { key: 'x', every, task }))).toEqual([
        'every',
      ]);
      expect(await refusedFields(() => parseOr400(SchedulePreviewRequest, { every }))).toEqual(['every']);
    },
  );

  it('takes every up to 5 years, and previews it', () => {
    const preview = previewRuns(parseOr400(SchedulePreviewRequest, { every: 'P5Y', count: 2 }), now());
    expect(preview.runs).toHaveLength(2);
    expect(Date.parse(preview.runs[1]!) - Date.parse(preview.runs[0]!)).toBeGreaterThan(4.9 * 365 * 86_400_000);
  });

  it('refuses a first run further ahead than a task may be due, naming startAt, and writes nothing', async () => {
    const startAt = new Date(now() + 6 * 366 * 86_400_000).toISOString();
    const input: CreateScheduleInput = parseOr400(CreateScheduleRequest, { key: 'far', every: 'PT1H', startAt, task });
    expect(await refusedFields(() => schedules.upsert(owner, input))).toEqual(['startAt']);
    expect(
      await refusedFields(() => previewRuns(parseOr400(SchedulePreviewRequest, { every: 'PT1H', startAt }), now())),
    ).toEqual(['startAt']);
    const { rowCount } = await fixture.pool.query('SELECT 1 FROM schedules WHERE owner_id = $1', [owner]);
    expect(rowCount).toBe(0);
  });

  it('refuses an every that passed the schema but whose second run cannot be computed (the service checks too)', async () => {
    const input = { key: 'huge', every: 'P999999Y', task } as CreateScheduleInput;
    expect(await refusedFields(() => schedules.upsert(owner, input))).toEqual(['every']);
    expect(await refusedFields(() => previewRuns({ every: 'PT99999999999999999999S' }, now()))).toEqual(['every']);
    const { rowCount } = await fixture.pool.query('SELECT 1 FROM schedules WHERE owner_id = $1', [owner]);
    expect(rowCount).toBe(0);
  });
});
