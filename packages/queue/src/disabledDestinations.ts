import { disabledDestinationsChannel, disabledDestinationsKey } from './keys.js';
import type { RedisConnection } from './scriptTypes.js';

/*
 * Destinations (an account's webhook URL) disabled because every attempt to them failed for the
 * scheduler's DESTINATION_DISABLE_AFTER_MS. Postgres records them (the scheduler's
 * destination_failures); Redis mirrors them in one SET for the senders, and a message tells
 * senders to read it again.
 */

export interface DestinationOfOwner {
  ownerId: string;
  url: string;
}

// An owner id is a uuid (no space), so the first space ends it; a URL may hold anything after.
const member = (d: DestinationOfOwner) => `${d.ownerId} ${d.url}`;

/** Marks destinations disabled (`disabled`) or enabled again, and tells the senders. */
export async function publishDestinations(
  redis: RedisConnection,
  prefix: string,
  changes: DestinationOfOwner[],
  disabled: boolean,
): Promise<void> {
  if (changes.length === 0) return;
  const key = disabledDestinationsKey(prefix);
  if (disabled) await redis.sadd(key, ...changes.map(member));
  else await redis.srem(key, ...changes.map(member));
  await redis.publish(disabledDestinationsChannel(prefix), disabled ? 'disabled' : 'enabled');
}

/** Makes Redis hold exactly the disabled destinations Postgres recorded (at start, and after Redis was rebuilt). */
export async function restoreDisabledDestinations(
  redis: RedisConnection,
  prefix: string,
  all: DestinationOfOwner[],
): Promise<void> {
  const key = disabledDestinationsKey(prefix);
  const held = new Set(await redis.smembers(key));
  const wanted = new Set(all.map(member));
  const gone = [...held].filter((m) => !wanted.has(m));
  const added = [...wanted].filter((m) => !held.has(m));
  if (gone.length > 0) await redis.srem(key, ...gone);
  if (added.length > 0) await redis.sadd(key, ...added);
  if (gone.length + added.length > 0) await redis.publish(disabledDestinationsChannel(prefix), 'restored');
}

/**
 * A sender's view of the disabled destinations: read whole at start, again on every change
 * message, and every `refreshMs` anyway (a missed message costs at most that). Asked on the
 * delivery path, so the question is answered from memory.
 */
export class DisabledDestinationsView {
  private members = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: RedisConnection,
    private readonly subscriber: RedisConnection,
    private readonly prefix: string,
    private readonly refreshMs = 10_000,
  ) {}

  async start(): Promise<void> {
    const channel = disabledDestinationsChannel(this.prefix);
    this.subscriber.on('message', (from: string) => {
      if (from === channel) void this.refresh();
    });
    await this.subscriber.subscribe(channel);
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  isDisabled(ownerId: string, url: string): boolean {
    return this.members.size > 0 && this.members.has(member({ ownerId, url }));
  }

  private async refresh(): Promise<void> {
    try {
      this.members = new Set(await this.redis.smembers(disabledDestinationsKey(this.prefix)));
    } catch {
      // Redis unreachable: keep the last view; the next message or refresh corrects it.
    }
  }
}
