import { z } from 'zod';

/**
 * An event id as the event log hands them out: `<transaction id>-<place in it>`, both unsigned
 * integers (the first fits 64 bits, the second 63). Opaque to callers.
 */
export const EventId = z
  .string()
  .max(41)
  .refine((id) => {
    const match = /^(0|[1-9][0-9]{0,19})-(0|[1-9][0-9]{0,18})$/.exec(id);
    return match !== null && BigInt(match[1]!) < 2n ** 64n && BigInt(match[2]!) < 2n ** 63n;
  }, 'must be an event id from this API');

/** `GET /v1/events`: where to resume (the `Last-Event-ID` header, when sent, takes precedence). */
export const StreamEventsQuery = z.strictObject({
  after: EventId.optional(),
});

/** The scheduler's long poll behind it. */
export const ReadEventsQuery = z.strictObject({
  after: EventId.optional(),
  waitMs: z.coerce.number().int().min(0).max(30_000).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export type ReadEventsInput = z.output<typeof ReadEventsQuery>;
