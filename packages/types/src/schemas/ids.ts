import { z } from 'zod';

/** Ids are Postgres bigints; reject what would overflow one before it reaches a query. */
export const BigintId = z
  .string()
  // One check, not regex + refine: zod runs every check, and BigInt() throws on non-digits.
  .refine((id) => /^[1-9][0-9]{0,18}$/.test(id) && BigInt(id) <= 9223372036854775807n, 'must be an id');

export const TaskId = BigintId;
export const ScheduleId = BigintId;
export const OwnerId = z.uuid();

export const IdempotencyKey = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});
