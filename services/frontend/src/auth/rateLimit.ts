import type { RequestHandler } from 'express';
import { HttpError } from '@later/runtime';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A token bucket per API key: `burst` requests at once, refilled at `perSecond`. Kept in this
 * replica's memory, so with N frontend replicas behind a balancer a key gets up to N times the
 * rate; it protects each replica and the scheduler behind it from one noisy caller.
 */
export class KeyRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly maxKeys = 100_000,
  ) {}

  /** Takes one token; returns 0 when allowed, else the seconds until one is available. */
  take(keyId: string, now = Date.now()): number {
    const bucket = this.buckets.get(keyId) ?? { tokens: this.burst, updatedAt: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.perSecond);
    bucket.updatedAt = now;
    // Re-inserting keeps the map in least-recently-used order, so the oldest is evicted first.
    this.buckets.delete(keyId);
    this.buckets.set(keyId, bucket);
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / this.perSecond);
  }
}

/** Answers 429 with Retry-After once the caller's key has used up its bucket. */
export function rateLimitByKey(limiter: KeyRateLimiter): RequestHandler {
  return (_req, res, next) => {
    const waitSeconds = limiter.take(res.locals.keyId as string);
    if (waitSeconds === 0) return next();
    next(new HttpError(429, 'too many requests for this API key', [], { 'retry-after': String(waitSeconds) }));
  };
}
