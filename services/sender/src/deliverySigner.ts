import { readSigningVersions, signingKeyFor, type RedisConnection } from '@later/queue';

/**
 * The signing secrets of an owner's deliveries, read at delivery time (so a rotation applies to
 * tasks scheduled long before it) and cached for a few seconds per owner.
 */
export class DeliverySigner {
  private readonly cache = new Map<string, { secrets: string[]; readAt: number }>();

  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
    private readonly signingSecret: string,
    private readonly cacheMs = 5000,
  ) {}

  async secretsFor(ownerId: string): Promise<string[]> {
    let entry = this.cache.get(ownerId);
    if (!entry || Date.now() - entry.readAt > this.cacheMs) {
      const versions = await readSigningVersions(this.redis, this.prefix, ownerId);
      // Derived once per read, not once per delivery: an HMAC per key per delivery adds up.
      const secrets = [versions.current, ...(versions.next === null ? [] : [versions.next])].map((version) =>
        signingKeyFor(this.signingSecret, ownerId, version),
      );
      entry = { secrets, readAt: Date.now() };
      this.cache.set(ownerId, entry);
      if (this.cache.size > 10_000) this.cache.delete(this.cache.keys().next().value!);
    }
    return entry.secrets;
  }
}
