import { signingKeyFor, writeSigningVersions, type QueueScripts } from '@later/queue';
import {
  allSigningVersions,
  getSigningVersions,
  inTransaction,
  lockSigningVersions,
  saveSigningVersions,
  type Pool,
  type SigningVersionsRow,
} from '@later/store';
import { SchedulingError } from '../schedulingError.js';

export interface SigningKeyView {
  version: number;
  status: 'current' | 'next';
  secret: string;
}

/**
 * Which keys sign an owner's webhooks. Rotating adds a next key (deliveries are then signed with
 * both, so a receiver can switch over without dropping any); promoting retires the old one.
 * Postgres records it; Redis mirrors it for the senders.
 */
export class SigningService {
  constructor(
    private readonly pool: Pool,
    private readonly scripts: QueueScripts,
    private readonly signingSecret: string,
  ) {}

  private view(row: SigningVersionsRow): { keys: SigningKeyView[] } {
    const key = (version: number, status: SigningKeyView['status']) => ({
      version,
      status,
      secret: signingKeyFor(this.signingSecret, row.ownerId, version),
    });
    return { keys: [key(row.current, 'current'), ...(row.next === null ? [] : [key(row.next, 'next')])] };
  }

  async keys(ownerId: string): Promise<{ keys: SigningKeyView[] }> {
    return this.view(await getSigningVersions(this.pool, ownerId));
  }

  async rotate(ownerId: string): Promise<{ keys: SigningKeyView[] }> {
    return this.change(ownerId, (row) => {
      if (row.next !== null)
        throw new SchedulingError('conflict', 'a rotation is under way: promote the next key first');
      return { ...row, next: row.current + 1 };
    });
  }

  async promote(ownerId: string): Promise<{ keys: SigningKeyView[] }> {
    return this.change(ownerId, (row) => {
      if (row.next === null) throw new SchedulingError('conflict', 'there is no next key to promote: rotate first');
      return { ...row, current: row.next, next: null };
    });
  }

  /** Puts every recorded rotation back into Redis (at start, and after Redis was rebuilt). */
  async restoreMirror(): Promise<void> {
    const rows = await allSigningVersions(this.pool);
    await writeSigningVersions(
      this.scripts.redis,
      this.scripts.prefix,
      rows.map((r) => [r.ownerId, r]),
    );
  }

  private async change(
    ownerId: string,
    next: (row: SigningVersionsRow) => SigningVersionsRow,
  ): Promise<{ keys: SigningKeyView[] }> {
    const changed = await inTransaction(this.pool, async (client) => {
      const row = next(await lockSigningVersions(client, ownerId));
      await saveSigningVersions(client, row);
      // Inside the transaction: if Redis refuses, nothing changed anywhere.
      await writeSigningVersions(this.scripts.redis, this.scripts.prefix, [[ownerId, row]]);
      return row;
    });
    return this.view(changed);
  }
}
