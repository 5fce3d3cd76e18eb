import { randomUUID } from 'node:crypto';
import { inTransaction, type Pool, type RecordedChange } from '@later/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTasks } from '../src/tasks/createTasks.js';
import type { TaskDeps } from '../src/tasks/taskDeps.js';
import { recordFollowUps } from '../src/tasks/followUps.js';
import { startTaskDeps, type TaskDepsFixture } from './taskDeps.js';

describe('follow-ups, on real Postgres and Redis', () => {
  let fixture: TaskDepsFixture;
  let pool: Pool;
  let deps: TaskDeps;
  const owner = randomUUID();

  beforeAll(async () => {
    fixture = await startTaskDeps();
    ({ pool, deps } = fixture);
  });
  afterAll(() => fixture?.stop());

  const followUpsOf = async (id: string) =>
    (
      await pool.query<{ id: string; channel: string }>('SELECT id::text, channel FROM tasks WHERE follow_up_of = $1', [
        id,
      ])
    ).rows;

  /** A webhook task with an SMS follow-up when it dies, and the change its death is recorded as. */
  const deadParent = async (): Promise<RecordedChange> => {
    const onDead = { channel: 'sms' as const, sms: { to: '+4915112345678', body: 'the webhook died' } };
    const created = await createTasks(deps, owner, [
      { channel: 'webhook', webhook: { url: 'https://example.com/hook' }, delay: 'PT1H', onDead },
    ]);
    const taskId = created.tasks[0]!.id;
    return {
      taskId,
      ownerId: owner,
      status: 'dead',
      attempt: 3,
      callbackUrl: null,
      scheduleId: null,
      followUps: { onDead },
    };
  };

  it('creates one follow-up when the same end is recorded twice', async () => {
    const change = await deadParent();
    const first = await inTransaction(pool, (client) => recordFollowUps(deps, client, [change]));
    const second = await inTransaction(pool, (client) => recordFollowUps(deps, client, [change]));
    expect([first.length, second.length]).toEqual([1, 0]);
    expect(await followUpsOf(change.taskId)).toEqual([{ id: first[0]!.id, channel: 'sms' }]);
    expect(first[0]).toMatchObject({ ownerId: owner, followUpOf: change.taskId, followUpAttempt: 3, channel: 'sms' });
  });

  it('creates one follow-up when two writers record the same end at once (the second is refused and would retry)', async () => {
    const change = await deadParent();
    const results = await Promise.allSettled(
      [0, 1].map(() => inTransaction(pool, (client) => recordFollowUps(deps, client, [change]))),
    );
    expect(results.filter((r) => r.status === 'fulfilled' && r.value.length === 1)).toHaveLength(1);
    expect(await followUpsOf(change.taskId)).toHaveLength(1);
  });

  it('creates none for an end it does not wait for, and another for a later end (a replay)', async () => {
    const change = await deadParent();
    expect(
      await inTransaction(pool, (client) => recordFollowUps(deps, client, [{ ...change, status: 'delivered' }])),
    ).toEqual([]);
    await inTransaction(pool, (client) => recordFollowUps(deps, client, [change]));
    await inTransaction(pool, (client) => recordFollowUps(deps, client, [{ ...change, attempt: 5 }]));
    expect(await followUpsOf(change.taskId)).toHaveLength(2);
  });
});
