import type { components } from './generated/public.js';

export type ErrorIssue = components['schemas']['ErrorIssue'];

/**
 * Every failure of a call to Later: the API's answer (`status`, its `error` message and the
 * `issues` naming the fields at fault), or, with `status` 0, no answer at all (network error).
 */
export class LaterError extends Error {
  override readonly name = 'LaterError';

  constructor(
    /** The HTTP status; 0 when the server never answered. */
    readonly status: number,
    /** The API's message, e.g. `webhook.url must be an http or https URL`. */
    readonly error: string,
    readonly issues: ErrorIssue[] = [],
    options?: { cause?: unknown },
  ) {
    super(status === 0 ? error : `${error} (HTTP ${status})`, options);
  }

  /** Reads the one error shape of the API (`{error, issues}`) from a failed answer's body. */
  static fromAnswer(status: number, body: unknown): LaterError {
    const shaped = body as { error?: unknown; issues?: unknown } | undefined;
    const error = typeof shaped?.error === 'string' ? shaped.error : `request failed with HTTP ${status}`;
    const issues = Array.isArray(shaped?.issues) ? (shaped.issues as ErrorIssue[]) : [];
    return new LaterError(status, error, issues);
  }
}
