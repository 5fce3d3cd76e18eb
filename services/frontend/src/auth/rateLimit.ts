import type { Request, RequestHandler, Response } from 'express';
import { HttpError } from '@later/runtime';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A token bucket per caller (an API key, a session, an address): `burst` requests at once,
 * refilled at `perSecond`. Kept in this replica's memory, so with N frontend replicas behind a
 * balancer a caller gets up to N times the rate; it protects each replica and the scheduler
 * behind it from one noisy caller.
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
    const bucket = this.refill(keyId, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return this.secondsToToken(bucket);
  }

  /** Like `take`, but leaves the token: whether one is there, for a cost counted only afterwards. */
  peek(keyId: string, now = Date.now()): number {
    const bucket = this.refill(keyId, now);
    return bucket.tokens >= 1 ? 0 : this.secondsToToken(bucket);
  }

  private refill(keyId: string, now: number): Bucket {
    const bucket = this.buckets.get(keyId) ?? { tokens: this.burst, updatedAt: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.perSecond);
    bucket.updatedAt = now;
    // Re-inserting keeps the map in least-recently-used order, so the oldest is evicted first.
    this.buckets.delete(keyId);
    this.buckets.set(keyId, bucket);
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    return bucket;
  }

  private secondsToToken(bucket: Bucket): number {
    return Math.ceil((1 - bucket.tokens) / this.perSecond);
  }
}

/** Answers 429 with Retry-After once the bucket `bucketOf` picks for the request is used up. */
export function rateLimit(limiter: KeyRateLimiter, bucketOf: (req: Request, res: Response) => string, what: string): RequestHandler {
  return (req, res, next) => {
    const waitSeconds = limiter.take(bucketOf(req, res));
    if (waitSeconds === 0) return next();
    next(tooManyRequests(what, waitSeconds));
  };
}

export const tooManyRequests = (what: string, waitSeconds: number): HttpError =>
  new HttpError(429, `too many requests ${what}`, [], { 'retry-after': String(waitSeconds) });
