import {
  firstStartedAt,
  getTask,
  inTransaction,
  insertOrLockSchedule,
  insertTasks,
  lockSchedule,
  lockScheduleActivations,
  lockTask,
  markCancelled,
  reserveTaskIds,
  saveSchedule,
  type PoolClient,
  type ScheduleRow,
  type ScheduleSpec,
  type TaskRow,
} from '@later/store';
import type { CreateScheduleInput, TaskTemplateInput } from '@later/types';
import { queueCreated } from '../tasks/queueTasks.js';
import type { TaskDeps } from '../tasks/taskDeps.js';
import { checkUrlTargets, defaultSettings, deliverySettings } from '../tasks/deliverySettings.js';
import { newTaskRowOf } from '../tasks/newTaskRow.js';
import { planNextRun, type PreviousRun } from './catchUp.js';
import { Recurrence } from './recurrence.js';
import { SchedulingError, fieldError } from '../schedulingError.js';
import { checkActiveScheduleLimit, checkShortestInterval } from './scheduleLimits.js';

/** A schedule after a change, and the occurrence to queue once the change is committed. */
interface Changed {
  row: ScheduleRow | null;
  occurrence: TaskRow | null;
  created?: boolean;
}

/**
 * Every change to a schedule takes its row lock, so replicas registering, pausing or advancing
 * the same schedule at once take turns: a schedule has at most one pending occurrence, and each
 * run is made once. Occurrences are queued after commit.
 */
export class ScheduleService {
  constructor(private readonly deps: TaskDeps) {}

  private async change(work: (client: PoolClient) => Promise<Changed>): Promise<Changed> {
    const changed = await inTransaction(this.deps.pool, work);
    if (changed.occurrence) await queueCreated(this.deps, [changed.occurrence]);
    return changed;
  }

  /** Creates a schedule, or updates the one with the same key (restarting its runs if its rule changed). */
  async upsert(ownerId: string, input: CreateScheduleInput): Promise<{ row: ScheduleRow; created: boolean }> {
    const now = this.deps.clock.now();
    const requested = this.checkedSpec(input, input.key ?? null, now);
    const status = input.paused ? 'paused' : 'active';
    const changed = await this.change(async (client) => {
      if (status === 'active') await lockScheduleActivations(client, ownerId);
      const { row, created } = await insertOrLockSchedule(client, ownerId, requested, status);
      if (created) {
        if (status === 'active')
          await checkActiveScheduleLimit(client, ownerId, this.deps.config.MAX_ACTIVE_SCHEDULES_PER_ACCOUNT);
        return status === 'active'
          ? { ...(await this.makeNextRun(client, row, null, now)), created }
          : { row, occurrence: null, created };
      }
      return { ...(await this.update(client, row, requested, status, input.startAt !== undefined, now)), created };
    });
    return { row: changed.row!, created: changed.created ?? false };
  }

  /**
   * Replaces schedule `id`'s rule and task with `input` (PUT): the way to edit a schedule that has
   * no key. It keeps its key, and its state when `paused` is not given: an edit never resumes it.
   */
  async replace(ownerId: string, id: string, input: CreateScheduleInput): Promise<ScheduleRow> {
    const now = this.deps.clock.now();
    return (
      await this.change(async (client) => {
        await lockScheduleActivations(client, ownerId);
        const row = await this.locked(client, ownerId, id);
        if (row.status === 'ended') throw new SchedulingError('conflict', `schedule ${id} has ended`);
        if (input.key !== undefined && input.key !== row.scheduleKey)
          throw fieldError('key', 'cannot change: a schedule keeps the key it was made with');
        const requested = this.checkedSpec(input, row.scheduleKey, now);
        const status = input.paused === undefined ? row.status : input.paused ? 'paused' : 'active';
        return this.update(client, row, requested, status, input.startAt !== undefined, now);
      })
    ).row!;
  }

  /** The spec `input` asks for, or a refusal naming the field of a rule or task the scheduler cannot run. */
  private checkedSpec(input: CreateScheduleInput, scheduleKey: string | null, now: number): ScheduleSpec {
    deliverySettings(input.task, defaultSettings(this.deps.config), 'task.');
    checkUrlTargets(this.deps.egress, input.task, 'task.');
    const requested: ScheduleSpec = {
      scheduleKey,
      cron: input.cron ?? null,
      every: input.every ?? null,
      timezone: input.timezone ?? 'UTC',
      startAt: input.startAt ? new Date(input.startAt) : new Date(now),
      endAt: input.endAt ? new Date(input.endAt) : null,
      maxRuns: input.maxRuns ?? null,
      catchUp: input.catchUp ?? 'fireOnce',
      backfillLimit: input.backfillLimit ?? 10,
      template: input.task,
    };
    new Recurrence(requested).checkRunsFrom(now); // refuses a bad rule with a 400 before anything is written
    checkShortestInterval(requested, this.deps.config.MIN_SCHEDULE_INTERVAL_MS);
    return requested;
  }

  /** Saves a changed spec or state over locked `row`, restarting its runs; a no-op when nothing changed. */
  private async update(
    client: PoolClient,
    row: ScheduleRow,
    requested: ScheduleSpec,
    status: 'active' | 'paused',
    startGiven: boolean,
    now: number,
  ): Promise<Changed> {
    // Registering again without a start keeps the first start: `every` must not shift on each boot.
    const wanted = startGiven ? requested : { ...requested, startAt: row.startAt };
    if (sameSpec(row, wanted) && row.status === status) return { row, occurrence: null };
    await this.cancelPending(client, row);
    const saved = await saveSchedule(client, row.id, {
      spec: wanted,
      status,
      runs: row.runs,
      pendingTaskId: null,
      pendingSlotAt: null,
    });
    if (status === 'active' && row.status !== 'active')
      await checkActiveScheduleLimit(client, row.ownerId, this.deps.config.MAX_ACTIVE_SCHEDULES_PER_ACCOUNT);
    return status === 'active' ? this.makeNextRun(client, saved, null, now) : { row: saved, occurrence: null };
  }

  async pause(ownerId: string, id: string): Promise<ScheduleRow> {
    return (
      await this.change(async (client) => {
        const row = await this.locked(client, ownerId, id);
        if (row.status === 'ended') throw new SchedulingError('conflict', `schedule ${id} has ended`);
        if (row.status === 'paused') return { row, occurrence: null };
        await this.cancelPending(client, row);
        return {
          row: await saveSchedule(client, id, {
            status: 'paused',
            runs: row.runs,
            pendingTaskId: null,
            pendingSlotAt: null,
          }),
          occurrence: null,
        };
      })
    ).row!;
  }

  async resume(ownerId: string, id: string): Promise<ScheduleRow> {
    return (
      await this.change(async (client) => {
        await lockScheduleActivations(client, ownerId);
        const row = await this.locked(client, ownerId, id);
        if (row.status === 'ended') throw new SchedulingError('conflict', `schedule ${id} has ended`);
        if (row.status === 'active') return { row, occurrence: null };
        // A schedule paused before the shortest interval was raised stays paused.
        checkShortestInterval(row, this.deps.config.MIN_SCHEDULE_INTERVAL_MS);
        const active = await saveSchedule(client, id, {
          status: 'active',
          runs: row.runs,
          pendingTaskId: null,
          pendingSlotAt: null,
        });
        await checkActiveScheduleLimit(client, ownerId, this.deps.config.MAX_ACTIVE_SCHEDULES_PER_ACCOUNT);
        return this.makeNextRun(client, active, null, this.deps.clock.now());
      })
    ).row!;
  }

  async end(ownerId: string, id: string): Promise<ScheduleRow> {
    return (
      await this.change(async (client) => {
        const row = await this.locked(client, ownerId, id);
        if (row.status !== 'ended') await this.cancelPending(client, row);
        return {
          row: await saveSchedule(client, id, {
            status: 'ended',
            runs: row.runs,
            pendingTaskId: null,
            pendingSlotAt: null,
          }),
          occurrence: null,
        };
      })
    ).row!;
  }

  /**
   * Makes the run after occurrence `firedTaskId` (which started, finished or was cancelled); with
   * null, repairs a schedule found without a waiting occurrence. A no-op when another replica
   * already did it: the pending occurrence no longer is `firedTaskId`.
   */
  async advance(scheduleId: string, firedTaskId: string | null): Promise<void> {
    await this.change(async (client) => {
      const row = await lockSchedule(client, null, scheduleId);
      if (!row || row.status !== 'active') return { row, occurrence: null };
      if (firedTaskId !== null && row.pendingTaskId !== firedTaskId) return { row, occurrence: null };
      if (firedTaskId === null && row.pendingTaskId !== null) {
        const pending = await getTask(client, row.ownerId, row.pendingTaskId);
        if (pending?.status === 'scheduled') return { row, occurrence: null };
      }
      const previous =
        row.pendingSlotAt && row.pendingTaskId
          ? {
              slot: row.pendingSlotAt.getTime(),
              startedAt: (await firstStartedAt(client, row.pendingTaskId))?.getTime() ?? null,
            }
          : null;
      return this.makeNextRun(client, row, previous, this.deps.clock.now());
    });
  }

  private async locked(client: PoolClient, ownerId: string, id: string): Promise<ScheduleRow> {
    const row = await lockSchedule(client, ownerId, id);
    if (!row) throw new SchedulingError('not_found', `no schedule ${id}`);
    return row;
  }

  /** Makes the next occurrence (or ends the schedule when it has no run left). */
  private async makeNextRun(
    client: PoolClient,
    row: ScheduleRow,
    previous: PreviousRun | null,
    now: number,
  ): Promise<Changed> {
    const next =
      row.maxRuns !== null && row.runs >= row.maxRuns
        ? null
        : planNextRun(new Recurrence(row), previous, now, {
            policy: row.catchUp,
            backfillLimit: row.backfillLimit,
            misfireGraceMs: this.deps.config.MISFIRE_GRACE_MS,
          });
    if (!next) {
      return {
        row: await saveSchedule(client, row.id, {
          status: 'ended',
          runs: row.runs,
          pendingTaskId: null,
          pendingSlotAt: null,
        }),
        occurrence: null,
      };
    }
    const template = row.template as TaskTemplateInput;
    const settings = deliverySettings(template, defaultSettings(this.deps.config));
    const [id] = await reserveTaskIds(client, 1);
    const [occurrence] = await insertTasks(client, [
      newTaskRowOf(
        this.deps,
        { id: id!, ownerId: row.ownerId, request: template, settings, dueAt: next.dueAt },
        {
          scheduleId: row.id,
          expiresAt: next.expiresAt === null ? null : new Date(next.expiresAt),
        },
      ),
    ]);
    const saved = await saveSchedule(client, row.id, {
      status: 'active',
      runs: row.runs + 1,
      pendingTaskId: occurrence!.id,
      pendingSlotAt: new Date(next.slot),
    });
    return { row: saved, occurrence: occurrence! };
  }

  /** Cancels the pending occurrence unless a sender already has it (then it runs, once). */
  private async cancelPending(client: PoolClient, row: ScheduleRow): Promise<void> {
    if (!row.pendingTaskId) return;
    // Locked, so the horizon queuer cannot hand it to Redis between the verdict below and the cancel.
    const pending = await lockTask(client, row.ownerId, row.pendingTaskId);
    if (!pending || pending.status !== 'scheduled') return;
    const verdict = await this.deps.scripts.cancelTask(pending.shard, pending.id);
    // No event lock needed (see lockEventShards): an occurrence Postgres shows `scheduled` that
    // Redis never handed out has no history in flight whose events could cross this one.
    if (verdict === 'cancelled' || verdict === 'absent')
      await markCancelled(client, row.ownerId, pending.id, ['scheduled']);
  }
}

function sameSpec(row: ScheduleRow, spec: ScheduleSpec): boolean {
  return (
    row.cron === spec.cron &&
    row.every === spec.every &&
    row.timezone === spec.timezone &&
    row.startAt.getTime() === spec.startAt.getTime() &&
    (row.endAt?.getTime() ?? null) === (spec.endAt?.getTime() ?? null) &&
    row.maxRuns === spec.maxRuns &&
    row.catchUp === spec.catchUp &&
    row.backfillLimit === spec.backfillLimit &&
    canonicalJson(row.template) === canonicalJson(spec.template)
  );
}

/** JSON with object keys sorted, so a template read back from jsonb (which reorders keys) compares equal. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}
