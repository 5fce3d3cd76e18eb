import { publishDestinations, restoreDisabledDestinations } from '@later/queue';
import {
  accountEmail,
  allDisabledDestinations,
  enableDestination,
  inTransaction,
  insertDestinationEvent,
  listDisabledDestinations,
  recordDestinationOutcomes,
  waitingCallbackUrls,
  type DestinationEventType,
  type DisabledDestination,
  type HistoryBatch,
  type PoolClient,
  type TaskRow,
} from '@later/store';
import type { DestinationCallbackPayload } from '@later/types';
import { SchedulingError } from '../schedulingError.js';
import { defaultSettings } from '../tasks/deliverySettings.js';
import type { PlannedTask } from '../tasks/planTasks.js';
import { queueCreated } from '../tasks/queueTasks.js';
import { recordTasks } from '../tasks/recordTasks.js';
import type { TaskDeps } from '../tasks/taskDeps.js';

/**
 * Destinations that keep failing. When every attempt to one webhook URL of an account failed
 * for DESTINATION_DISABLE_AFTER_MS, the history writer disables it (in the transaction that
 * records the failure that crossed the line): a `destination.disabled` event, a notice email to
 * the account, and the senders told through Redis, which then hand its tasks back untried to
 * wait. Re-enabling undoes it and lets them go. Postgres records it; Redis mirrors it.
 */
export class DestinationService {
  constructor(private readonly deps: TaskDeps) {}

  /**
   * Records a history batch's outcomes per destination, inside its transaction; returns what
   * to do once it committed (tell the senders, queue the notices).
   */
  async recordOutcomes(client: PoolClient, batch: HistoryBatch): Promise<() => Promise<void>> {
    const disabled = await recordDestinationOutcomes(
      client,
      batch.attempts,
      this.deps.config.DESTINATION_DISABLE_AFTER_MS,
    );
    if (disabled.length === 0) return async () => undefined;
    const notices: TaskRow[] = [];
    for (const destination of disabled) {
      await insertDestinationEvent(
        client,
        destination.ownerId,
        destination.url,
        'destination.disabled',
        destination.lastError,
      );
      notices.push(...(await this.recordNotice(client, destination)));
      notices.push(
        ...(await this.recordCallbacks(
          client,
          destination.ownerId,
          destination.url,
          'destination.disabled',
          destination.lastError,
        )),
      );
      this.deps.log.warn(
        { ownerId: destination.ownerId, url: destination.url, failingSince: destination.failingSince },
        'destination disabled: every attempt failed',
      );
    }
    return async () => {
      await publishDestinations(this.deps.scripts.redis, this.deps.scripts.prefix, disabled, true);
      await queueCreated(this.deps, notices);
    };
  }

  async list(ownerId: string): Promise<DisabledDestination[]> {
    return listDisabledDestinations(this.deps.pool, ownerId);
  }

  /** Enables a disabled destination: its waiting tasks go out the next time a sender looks at them. */
  async enable(ownerId: string, url: string): Promise<void> {
    const callbacks = await inTransaction(this.deps.pool, async (client) => {
      if (!(await enableDestination(client, ownerId, url))) {
        throw new SchedulingError('not_found', 'this account has no disabled destination with this url', {
          path: 'url',
          message: 'not disabled',
        });
      }
      await insertDestinationEvent(client, ownerId, url, 'destination.enabled', null);
      const rows = await this.recordCallbacks(client, ownerId, url, 'destination.enabled', null);
      // Inside the transaction: if Redis refuses, nothing changed anywhere.
      await publishDestinations(this.deps.scripts.redis, this.deps.scripts.prefix, [{ ownerId, url }], false);
      return rows;
    });
    await queueCreated(this.deps, callbacks);
  }

  /**
   * Tells the callback URL of each task waiting for `url` (once per distinct URL), as an
   * ordinary webhook task of the owner, the way a task's final outcome is told.
   */
  private async recordCallbacks(
    client: PoolClient,
    ownerId: string,
    url: string,
    type: DestinationEventType,
    error: string | null,
  ): Promise<TaskRow[]> {
    const callbackUrls = await waitingCallbackUrls(client, ownerId, url);
    if (callbackUrls.length === 0) return [];
    const now = this.deps.clock.now();
    const settings = defaultSettings(this.deps.config);
    const body: DestinationCallbackPayload = {
      type,
      url,
      at: new Date(now).toISOString(),
      ...(error !== null ? { error } : {}),
    };
    const planned: PlannedTask[] = callbackUrls.map((callbackUrl) => ({
      request: { channel: 'webhook', webhook: { url: callbackUrl, method: 'POST', body } },
      dueAt: now,
      plannedAt: now,
      settings,
    }));
    return (await recordTasks(this.deps, client, ownerId, planned, {})).rows;
  }

  /** Puts every disabled destination back into Redis (at start, and after Redis was rebuilt). */
  async restoreMirror(): Promise<void> {
    await restoreDisabledDestinations(
      this.deps.scripts.redis,
      this.deps.scripts.prefix,
      await allDisabledDestinations(this.deps.pool),
    );
  }

  /** The notice to the account's address: an ordinary email task of the account, so it is retried, recorded and shown like any. */
  private async recordNotice(client: PoolClient, destination: DisabledDestination): Promise<TaskRow[]> {
    const to = await accountEmail(client, destination.ownerId);
    if (to === null) return [];
    const now = this.deps.clock.now();
    const host = hostOf(destination.url);
    const notice: PlannedTask = {
      request: {
        channel: 'email',
        email: {
          to,
          subject: `Later disabled deliveries to ${host}`.slice(0, 200),
          text: [
            `Every delivery to ${destination.url} failed since ${destination.failingSince.toISOString()}, so Later disabled it for your account.`,
            destination.lastError ? `The last error: ${destination.lastError}` : '',
            '',
            'Tasks for it wait, and nothing is lost. Once the receiver works again, re-enable it on the error report page of the web UI,',
            'or with POST /v1/destinations/enable {"url": "..."}; the waiting tasks then go out.',
          ].join('\n'),
        },
      },
      dueAt: now,
      plannedAt: now,
      settings: defaultSettings(this.deps.config),
    };
    return (await recordTasks(this.deps, client, destination.ownerId, [notice], {})).rows;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
