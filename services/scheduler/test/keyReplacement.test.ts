import { randomUUID } from 'node:crypto';
import type { QueueScripts } from '@later/queue';
import type { Pool } from '@later/store';
import { waitFor } from '@later/system/testing';
import type { CreateTaskInput } from '@later/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTasks } from '../src/tasks/createTasks.js';
import type { TaskDeps } from '../src/tasks/taskDeps.js';
import { startTaskDeps, type TaskDepsFixture } from './taskDeps.js';

/** Scripts whose first `queueTasks` waits until released: a creation held between its commit and queuing its task. */
function scriptsHoldingFirstArming(scripts: QueueScripts) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let reached!: () => void;
  const holding = new Promise<void>((resolve) => (reached = resolve));
  let first = true;
  const held = new Proxy(scripts, {
    get(target, name, receiver) {
      if (name !== 'queueTasks' || !first) return Reflect.get(target, name, receiver);
      first = false;
      return async (...args: Parameters<QueueScripts['queueTasks']>) => {
        reached();
        await released;
        return target.queueTasks(...args);
      };
    },
  });
  return { scripts: held, holding, release };
}

describe('replacing a keyed task, on real Postgres and Redis', () => {
  let fixture: TaskDepsFixture;
  let pool: Pool;
  let deps: TaskDeps;
  const owner = randomUUID();

  beforeAll(async () => {
    fixture = await startTaskDeps();
    ({ pool, deps } = fixture);
  });
  afterAll(() => fixture?.stop());

  const statusOf = async (id: string) =>
    (await pool.query<{ status: string }>('SELECT status FROM tasks WHERE id = $1', [id])).rows[0]!.status;
  const inRedis = (id: string) => deps.scripts.holdsTask(Number(BigInt(id) % 2n), id);
  const someoneWaitsForALock = async () =>
    (await pool.query("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"))
      .rowCount! > 0;

  it('a task replaced after its creation committed, before it was queued, is not left in Redis to be delivered', async () => {
    const request: CreateTaskInput = {
      channel: 'webhook',
      webhook: { url: 'https://example.com/hook' },
      delay: 'PT1H',
      key: 'sync',
    };
    const held = scriptsHoldingFirstArming(deps.scripts);
    const first = createTasks({ ...deps, scripts: held.scripts }, owner, [request]);
    await held.holding;
    // The first is committed and about to be queued. The newer one either replaces it now (and
    // the first must then never be queued), or waits for it to be queued and takes it out.
    const second = createTasks(deps, owner, [request]);
    await Promise.race([second, waitFor('the newer task to wait for the older one', someoneWaitsForALock)]);
    held.release();
    const [older, newer] = (await Promise.all([first, second])).map((created) => created.tasks[0]!.id);

    expect([await statusOf(older!), await statusOf(newer!)]).toEqual(['cancelled', 'scheduled']);
    expect([await inRedis(older!), await inRedis(newer!)]).toEqual([false, true]);
  });
});
