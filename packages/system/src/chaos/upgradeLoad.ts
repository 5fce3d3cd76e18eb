import { randomUUID } from 'node:crypto';
import { senderChannelEnv } from '../testing/senderChannelEnv.js';
import { publicApiClient, type PublicApiClient } from '../testing/publicApiClient.js';
import { startSmsProvider, type TestSmsProvider } from '../testing/smsProvider.js';
import { startSmtpServer, type TestSmtpServer } from '../testing/smtpServer.js';
import { startWebhookReceiver, type WebhookReceiver } from '../testing/webhookReceiver.js';

/**
 * What a task of the upgrade run is meant to do, so its end can be checked: `retry` fails twice
 * then succeeds; `dead` always fails and uses the default number of attempts (a field a task entry
 * leaves out: what a changed default would change); `schedule` is a run of a schedule.
 */
export type UpgradeTaskKind = 'webhook' | 'retry' | 'dead' | 'email' | 'sms' | 'schedule';

/** One receipt by a receiver: which attempt, and whether the receiver took it. */
export interface Receipt {
  attempt: number;
  ok: boolean;
}

/** Receivers for every channel, each receipt filed by delivery id (the task id). */
export interface UpgradeReceivers {
  webhook: WebhookReceiver;
  smtp: TestSmtpServer;
  sms: TestSmsProvider;
  /** Receipts per delivery id, all channels. */
  receipts(): Map<string, Receipt[]>;
  /** The sender's settings that point it at these receivers. */
  senderEnv: Record<string, string>;
  close(): Promise<void>;
}

/** The failures a `retry` task meets before it is taken. */
export const retryFailures = 2;

export async function startUpgradeReceivers(): Promise<UpgradeReceivers> {
  const [webhook, smtp, sms] = await Promise.all([startWebhookReceiver(), startSmtpServer(), startSmsProvider()]);
  const answered = new Map<string, Receipt[]>();
  webhook.respondWith((delivery) => {
    const fails =
      delivery.path.startsWith('/dead') || (delivery.path.startsWith('/retry') && delivery.attempt <= retryFailures);
    const list = answered.get(delivery.deliveryId) ?? [];
    list.push({ attempt: delivery.attempt, ok: !fails });
    answered.set(delivery.deliveryId, list);
    return { status: fails ? 500 : 200, delayMs: Math.floor(Math.random() * 100) };
  });
  return {
    webhook,
    smtp,
    sms,
    receipts() {
      const all = new Map([...answered].map(([id, list]) => [id, [...list]]));
      const add = (id: string | undefined, receipt: Receipt) => {
        if (!id) return;
        all.set(id, [...(all.get(id) ?? []), receipt]);
      };
      for (const mail of smtp.received) {
        add(mail.message.headers.get('later-delivery-id') as string | undefined, {
          attempt: Number(mail.message.headers.get('later-attempt') ?? 0),
          ok: true,
        });
      }
      for (const message of sms.received) add(message.deliveryId, { attempt: 0, ok: message.authorised });
      return all;
    },
    senderEnv: {
      ...senderChannelEnv(smtp, sms),
      EMAIL_RATE_PER_SECOND: '200',
      SMS_RATE_PER_SECOND: '200',
    },
    close: async () => {
      await Promise.all([webhook.close(), smtp.close(), sms.close()]);
    },
  };
}

/** The request that creates a task of `kind`, due at `runAt` (ms). */
function taskRequest(
  kind: Exclude<UpgradeTaskKind, 'schedule'>,
  receivers: UpgradeReceivers,
  runAt: number,
  n: number,
): Record<string, unknown> {
  const when = { runAt: new Date(runAt).toISOString() };
  if (kind === 'email')
    return {
      channel: 'email',
      email: { to: `upgrade${n}@example.com`, subject: `run ${n}`, text: 'upgrade run' },
      ...when,
    };
  if (kind === 'sms') return { channel: 'sms', sms: { to: '+4915112345678', body: `upgrade run ${n}` }, ...when };
  return { channel: 'webhook', webhook: { url: `${receivers.webhook.url}/${kind}/${n}`, body: { n } }, ...when };
}

/** The mix of the steady load, one kind per task in turn. */
const steadyMix: Exclude<UpgradeTaskKind, 'schedule'>[] = [
  'webhook',
  'email',
  'webhook',
  'sms',
  'retry',
  'webhook',
  'dead',
  'email',
  'sms',
  'webhook',
];

/**
 * Creates tasks through the public API, steadily (`perSecond`, each due 0.5-6 s later) from
 * `start()` until `stop()`, plus bursts on demand; remembers the kind of every task accepted. It
 * talks to whichever frontend `useFrontend` named last, as a load balancer would.
 */
export class UpgradeLoad {
  readonly kinds = new Map<string, UpgradeTaskKind>();
  private api: PublicApiClient;
  private running: Promise<void> | undefined;
  private stopped = false;
  private n = 0;
  /** Requests that failed for good (after retries): must be none, a roll never refuses a task. */
  refused = 0;

  constructor(
    frontendUrl: string,
    private readonly receivers: UpgradeReceivers,
    private readonly perSecond: number,
  ) {
    this.api = publicApiClient(frontendUrl);
  }

  async signup(): Promise<string> {
    return this.api.signup(`upgrade-${randomUUID()}@example.com`);
  }

  useFrontend(url: string): void {
    const next = publicApiClient(url);
    next.apiKey = this.api.apiKey;
    this.api = next;
  }

  start(): void {
    this.running = (async () => {
      while (!this.stopped) {
        const kind = steadyMix[this.n % steadyMix.length]!;
        void this.create([taskRequest(kind, this.receivers, Date.now() + 500 + Math.random() * 5500, this.n)], [kind]);
        this.n += 1;
        await new Promise((resolve) => setTimeout(resolve, 1000 / this.perSecond));
      }
    })();
  }

  /** `count` tasks in one batch request, all due at `dueAt` (ms), every kind. */
  async burst(count: number, dueAt: number): Promise<void> {
    const kinds = Array.from({ length: count }, (_, i) => steadyMix[i % steadyMix.length]!);
    await this.create(
      kinds.map((kind) => taskRequest(kind, this.receivers, dueAt, this.n++)),
      kinds,
    );
  }

  /** A schedule running every second to the webhook receiver; returns its id. */
  async schedule(): Promise<string> {
    const answer = await this.api.call('POST', '/v1/schedules', {
      every: 'PT1S',
      task: { channel: 'webhook', webhook: { url: `${this.receivers.webhook.url}/schedule` } },
    });
    if (answer.status !== 201)
      throw new Error(`creating a schedule answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body.id as string;
  }

  async endSchedule(id: string): Promise<void> {
    await this.api.call('DELETE', `/v1/schedules/${id}`);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  /** Creates tasks (one, or a batch), retried with the same Idempotency-Key while a frontend is being replaced. */
  private async create(requests: Record<string, unknown>[], kinds: UpgradeTaskKind[]): Promise<void> {
    const headers = { 'idempotency-key': randomUUID() };
    const [path, body] = requests.length === 1 ? ['/v1/tasks', requests[0]] : ['/v1/tasks/batch', { tasks: requests }];
    for (let tries = 0; tries < 40; tries++) {
      const answer = await this.api.call('POST', path, body, { headers }).catch(() => undefined);
      if (answer && answer.status < 300) {
        const created = (requests.length === 1 ? [answer.body] : answer.body.tasks) as { id: string }[];
        created.forEach((task, i) => this.kinds.set(task.id, kinds[i]!));
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    this.refused += requests.length;
  }
}
