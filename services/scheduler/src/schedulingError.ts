/**
 * Why the scheduling logic (tasks/, schedules/, time/, signing/) refused a request, in its own
 * terms. It knows nothing of HTTP: the HTTP edge alone turns a code into a status
 * (http/schedulingErrorAnswer.ts).
 */
export type SchedulingErrorCode =
  /** A value that parsed but cannot be scheduled (out of range, a rule with no runs...): names its field. */
  | 'invalid'
  /** The task or schedule does not exist, or is not the caller's. */
  | 'not_found'
  /**
   * The task, schedule or signing keys are in a state that forbids the change (running, finished,
   * ended, a limit reached, a rotation under way or none to promote).
   */
  | 'conflict'
  /** An idempotency key sent again with a different request. */
  | 'key_reused'
  /** The database did not take the request in time; nothing was recorded, and a retry may succeed. */
  | 'overloaded';

export class SchedulingError extends Error {
  constructor(
    readonly code: SchedulingErrorCode,
    message: string,
    /** The request field at fault, and what is wrong with it, when one field is. */
    readonly field?: { path: string; message: string },
  ) {
    super(message);
    this.name = 'SchedulingError';
  }
}

/** A value of `field` that parsed but is out of range: "<field> <message>". */
export function fieldError(field: string, message: string): SchedulingError {
  return new SchedulingError('invalid', `${field} ${message}`, { path: field, message });
}
