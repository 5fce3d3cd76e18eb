import { createHash, randomBytes } from 'node:crypto';
import { createSession, findSession, type Pool, type SessionRecord } from '@later/store';

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/** Browser sessions: a random token in the cookie, only its digest in Postgres. */
export class SessionStore {
  constructor(
    private readonly pool: Pool,
    readonly lifetimeMs: number,
  ) {}

  async open(userId: string): Promise<{ token: string; csrfToken: string; id: string }> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const id = await createSession(this.pool, userId, digest(token), csrfToken, this.lifetimeMs);
    return { token, csrfToken, id };
  }

  find(token: string): Promise<SessionRecord | null> {
    return findSession(this.pool, digest(token));
  }
}
