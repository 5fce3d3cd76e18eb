import type { ErrorRequestHandler } from 'express';
import { HttpError } from '@later/runtime';
import { SchedulingError, type SchedulingErrorCode } from '../schedulingError.js';

const statusOf: Record<SchedulingErrorCode, number> = {
  invalid: 400,
  not_found: 404,
  conflict: 409,
  key_reused: 422,
  overloaded: 503,
};

/** The HTTP answer to a refusal of the scheduling logic. */
export function httpErrorOf(err: SchedulingError): HttpError {
  // An overloaded database is usually back within seconds: tell clients when to try again.
  const headers: Record<string, string> = err.code === 'overloaded' ? { 'retry-after': '5' } : {};
  return new HttpError(statusOf[err.code], err.message, err.field ? [err.field] : [], headers);
}

/** Passes a SchedulingError on to the error handler as its HTTP answer, and anything else as it is. */
export const answerSchedulingErrors: ErrorRequestHandler = (err: unknown, _req, _res, next) => {
  next(err instanceof SchedulingError ? httpErrorOf(err) : err);
};
