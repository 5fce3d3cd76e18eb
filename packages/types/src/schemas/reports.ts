import { z } from 'zod';
import { isoInstant } from './time.js';

/** `GET /v1/reports/errors`: failures since this instant (default: the last 24 hours). */
export const ErrorReportQuery = z.strictObject({
  since: isoInstant.optional(),
});
