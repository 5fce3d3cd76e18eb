import { readSigningVersions, signingKeyFor, type RedisConnection, type SigningVersions } from '@later/queue';

/**
 * The signing secrets of an owner's deliveries, read at delivery time (so a rotation applies to
 * tasks scheduled long before it) and cached for a few seconds per owner.
 */
export class DeliverySigner {
  private readonly cache = new Map<string, { versions: SigningVersions; readAt: number }>();

  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
    private readonly signingSecret: string,
    private readonly cacheMs = 5000,
  ) {}

  async secretsFor(ownerId: string): Promise<string[]> {
    let entry = this.cache.get(ownerId);
    if (!entry || Date.now() - entry.readAt > this.cacheMs) {
      entry = { versions: await readSigningVersions(this.redis, this.prefix, ownerId), readAt: Date.now() };
      this.cache.set(ownerId, entry);
      if (this.cache.size > 10_000) this.cache.delete(this.cache.keys().next().value!);
    }
    const { current, next } = entry.versions;
    return [current, ...(next === null ? [] : [next])].map((version) => signingKeyFor(this.signingSecret, ownerId, version));
  }
}
