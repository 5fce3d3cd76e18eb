import type { Request } from 'express';
import { parseOr400 } from '@later/runtime';
import { IdempotencyKey } from '@later/types';

/**
 * The caller's `Idempotency-Key`, checked, as the header to pass on to the scheduler (which
 * keeps the keys and answers a repeat with the task the first request created); undefined
 * without one.
 */
export function idempotencyHeader(req: Request): { 'Idempotency-Key': string } | undefined {
  const header = req.header('idempotency-key');
  return header === undefined
    ? undefined
    : { 'Idempotency-Key': parseOr400(IdempotencyKey, header, 'Idempotency-Key') };
}
