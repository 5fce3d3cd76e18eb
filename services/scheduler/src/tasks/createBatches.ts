import { SchedulingError } from '../schedulingError.js';
import { insertTasks, isDataException, reserveTaskIds, type TaskRow } from '@later/store';
import type { TaskRecorder } from './createTasks.js';
import type { PlannedTask } from './planTasks.js';
import { queueCreated } from './queueTasks.js';
import { newTaskRows } from './recordTasks.js';
import type { TaskDeps } from './taskDeps.js';

interface Waiting {
  ownerId: string;
  planned: PlannedTask[];
  resolve: (rows: TaskRow[]) => void;
  reject: (err: unknown) => void;
  /** The task ids reserved for it, once its batch was taken. */
  ids?: string[];
  /** Gives up on it if no transaction takes it in time. */
  expiry?: NodeJS.Timeout;
}

/**
 * Records concurrent requests for plain tasks (no `key`, no Idempotency-Key: nothing to look up or
 * replace first) in shared transactions. A commit waits for the disk (2.5 ms on the development
 * VM), so one transaction per request caps single-task creation near 400/s however many callers
 * there are; here a request arriving while `maxInFlight` transactions run joins the next one.
 * Nobody waits on a timer: at low load each request still commits alone, at once. A 201 still
 * means committed, since each request is answered only after its transaction's commit.
 *
 * A request no transaction takes within `maxWaitMs` (Postgres stalled: those in flight wait for
 * their statement timeout) is refused as overloaded without being sent, so a request waits at most that
 * plus one statement timeout, not one for each batch ahead of it.
 */
export class CreateBatches implements TaskRecorder {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;

  constructor(
    private readonly deps: TaskDeps,
    private readonly maxInFlight = 2,
    private readonly maxTasks = 1000,
    private readonly maxWaitMs = deps.config.DATABASE_STATEMENT_TIMEOUT_MS / 2,
  ) {}

  /** Records (and queues in Redis) one request's planned tasks; its rows, in request order. */
  record(ownerId: string, planned: PlannedTask[]): Promise<TaskRow[]> {
    return new Promise((resolve, reject) => {
      const one: Waiting = { ownerId, planned, resolve, reject };
      this.waiting.push(one);
      this.startBatches();
      // Still the last waiting: every transaction slot is busy.
      if (this.waiting.at(-1) === one) one.expiry = setTimeout(() => this.giveUp(one), this.maxWaitMs);
    });
  }

  private giveUp(one: Waiting): void {
    const index = this.waiting.indexOf(one);
    if (index < 0) return;
    this.waiting.splice(index, 1);
    one.reject(
      new SchedulingError(
        'overloaded',
        `the database did not take the request within ${this.maxWaitMs} ms; nothing was recorded, retry later`,
      ),
    );
  }

  private startBatches(): void {
    while (this.inFlight < this.maxInFlight && this.waiting.length > 0) {
      this.inFlight++;
      void this.run(this.takeBatch());
    }
  }

  /** The oldest waiting requests up to `maxTasks` tasks; at least one, however large. */
  private takeBatch(): Waiting[] {
    let tasks = this.waiting[0]!.planned.length;
    let count = 1;
    while (count < this.waiting.length && tasks + this.waiting[count]!.planned.length <= this.maxTasks) {
      tasks += this.waiting[count]!.planned.length;
      count++;
    }
    const taken = this.waiting.splice(0, count);
    for (const one of taken) clearTimeout(one.expiry);
    return taken;
  }

  /**
   * A batch holds its slot until it committed, not while it is queued in Redis: the next
   * transaction's Postgres work then overlaps this one's Redis work.
   */
  private async run(batch: Waiting[]): Promise<void> {
    const committed = await this.commit(batch);
    this.inFlight--;
    this.startBatches();
    for (const { part, rows } of committed) await this.queueAndAnswer(part, rows);
  }

  /** Commits a batch; what committed, in parts. Never throws: a request that failed is answered here. */
  private async commit(batch: Waiting[]): Promise<{ part: Waiting[]; rows: TaskRow[] }[]> {
    try {
      return [{ part: batch, rows: await this.insert(batch) }];
    } catch (err) {
      // A value Postgres refuses fails the whole transaction: each request then runs alone, so
      // only the request that holds it gets the refusal.
      if (batch.length > 1 && isDataException(err)) {
        const parts = [];
        for (const one of batch) parts.push(...(await this.commit([one])));
        return parts;
      }
      for (const one of batch) one.reject(err);
      return [];
    }
  }

  private async queueAndAnswer(batch: Waiting[], rows: TaskRow[]): Promise<void> {
    try {
      await queueCreated(this.deps, rows);
    } catch (err) {
      // Recorded is accepted: what Redis did not take, the reconciler queues.
      this.deps.log.error({ err, tasks: rows.length }, 'queuing new tasks failed after their commit');
    }
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const one of batch) one.resolve(one.planned.map((_, i) => byId.get(one.ids![i]!)!));
  }

  /**
   * No BEGIN and COMMIT around this: the rows and their events go in one statement, which commits
   * alone or not at all, and ids drawn for a statement that fails are skipped either way (a
   * sequence never gives them back). Two round trips to Postgres instead of four.
   */
  private async insert(batch: Waiting[]): Promise<TaskRow[]> {
    const pool = this.deps.pool;
    const ids = await reserveTaskIds(
      pool,
      batch.reduce((sum, one) => sum + one.planned.length, 0),
    );
    let next = 0;
    const rows = batch.flatMap((one) => {
      one.ids = ids.slice(next, (next += one.planned.length));
      return newTaskRows(this.deps, one.ownerId, one.planned, one.ids);
    });
    return insertTasks(pool, rows);
  }
}
