import { z } from 'zod';
import { isoInstant } from './time.js';

/** `GET /v1/reports/errors`: failures since this instant (default: the last 24 hours). */
export const ErrorReportQuery = z.strictObject({
  since: isoInstant.optional(),
});

/** `POST /v1/destinations/enable`: the disabled webhook URL, exactly as listed. */
export const EnableDestinationRequest = z.strictObject({
  url: z.string().min(1).max(2048),
});
