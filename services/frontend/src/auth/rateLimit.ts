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
    return this.takeCost(keyId, 1, 0, now);
  }

  /** Like `take`, but leaves the token: whether one is there, for a cost counted only afterwards. */
  peek(keyId: string, now = Date.now()): number {
    return this.secondsUntil(keyId, 1, 0, now);
  }

  /**
   * Takes what is left of a request's `cost` in tokens (a batch of tasks costs one a task) once
   * `paid` of them were taken; returns 0 when allowed, else the seconds until it would be. A cost
   * above the burst is allowed from a full bucket, which is then left owing the rest: refused,
   * such a batch could never pass, and the debt is repaid at the refill rate before the next
   * request, so the rate over time stays `perSecond`.
   */
  takeCost(keyId: string, cost: number, paid = 0, now = Date.now()): number {
    const wait = this.secondsUntil(keyId, cost, paid, now);
    if (wait === 0) this.buckets.get(keyId)!.tokens -= cost - paid;
    return wait;
  }

  /** Seconds until the rest of `cost` (`paid` taken) can be taken (0: now), taking nothing. */
  secondsUntil(keyId: string, cost: number, paid = 0, now = Date.now()): number {
    const bucket = this.refill(keyId, now);
    const needed = Math.min(cost, this.burst) - paid;
    return bucket.tokens >= needed ? 0 : Math.ceil((needed - bucket.tokens) / this.perSecond);
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
}

/** Answers 429 with Retry-After once the bucket `bucketOf` picks for the request is used up. */
export function rateLimit(
  limiter: KeyRateLimiter,
  bucketOf: (req: Request, res: Response) => string,
  what: string,
): RequestHandler {
  return (req, res, next) => {
    const waitSeconds = limiter.take(bucketOf(req, res));
    if (waitSeconds === 0) return next();
    next(tooManyRequests(what, waitSeconds));
  };
}

/** A rate limit as the routes apply it: the limiter, the bucket a request draws on, and its name. */
export interface RateLimit {
  limiter: KeyRateLimiter;
  bucketOf: (req: Request, res: Response) => string;
  what: string;
}

/**
 * Charges a request that carries `tasks` tasks one token a task on every limit in `limits`, or
 * nothing more when any of them cannot give it (429 naming that limit). One token of it was
 * taken at the door, like any request's.
 */
export function chargeTasks(limits: RateLimit[], req: Request, res: Response, tasks: number): void {
  for (const { limiter, bucketOf, what } of limits) {
    const waitSeconds = limiter.secondsUntil(bucketOf(req, res), tasks, 1);
    if (waitSeconds > 0) throw tooManyRequests(what, waitSeconds);
  }
  for (const { limiter, bucketOf } of limits) limiter.takeCost(bucketOf(req, res), tasks, 1);
}

export const tooManyRequests = (what: string, waitSeconds: number): HttpError =>
  new HttpError(429, `too many requests ${what}`, [], { 'retry-after': String(waitSeconds) });
