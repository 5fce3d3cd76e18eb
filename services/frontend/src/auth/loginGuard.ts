import {
  beginLoginAttempt,
  clearLoginAttempts,
  forgetOldLoginAttempts,
  type LoginBackoff,
  type Pool,
} from '@later/store';
import { tooManyRequests } from './rateLimit.js';

/**
 * Spaces password guesses on one account, whichever addresses and replicas they come from: the
 * count lives in Postgres. Logging in and changing the password both go through `check`.
 */
export class LoginGuard {
  private forgottenAt = 0;

  constructor(
    private readonly pool: Pool,
    private readonly backoff: LoginBackoff,
  ) {}

  /**
   * Runs `passwordMatches` unless the account has to wait (429 with Retry-After, without spending
   * a hash); the attempt is counted before it runs and forgotten when the password was right.
   */
  async check(email: string, passwordMatches: () => Promise<boolean>): Promise<boolean> {
    const account = email.toLowerCase();
    this.forgetOld();
    const waitMs = await beginLoginAttempt(this.pool, account, this.backoff);
    if (waitMs > 0)
      throw tooManyRequests('for this account: wait before trying its password again', Math.ceil(waitMs / 1000));
    const matches = await passwordMatches();
    if (matches) await clearLoginAttempts(this.pool, account);
    return matches;
  }

  /** At most once a minute per replica, off the request path. */
  private forgetOld(now = Date.now()): void {
    if (now - this.forgottenAt < 60_000) return;
    this.forgottenAt = now;
    void forgetOldLoginAttempts(this.pool, this.backoff.forgetAfterMs).catch(() => undefined);
  }
}
