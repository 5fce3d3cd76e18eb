import express, { type Router } from 'express';
import { parseOr400 } from '@later/runtime';
import { failureGroups, type Pool } from '@later/store';
import { ErrorReportQuery, type ErrorReport } from '@later/types';
import type { RedisClock } from '../time/redisClock.js';
import { ownerOf } from './taskRoutes.js';

const day = 86_400_000;
/** Groups shown at most: a report, not a dump. */
const maxGroups = 1000;

/** The report on recurring errors: the owner's failed attempts, grouped. */
export function reportRoutes(pool: Pool, clock: RedisClock): Router {
  const router = express.Router();

  router.get('/internal/v1/owners/:ownerId/reports/errors', async (req, res) => {
    const ownerId = ownerOf(req.params);
    const query = parseOr400(ErrorReportQuery, req.query);
    const since = query.since === undefined ? new Date(clock.now() - day) : new Date(query.since);
    const groups = await failureGroups(pool, ownerId, since, maxGroups);
    const report: ErrorReport = {
      since: since.toISOString(),
      groups: groups.map((g) => ({
        channel: g.channel as ErrorReport['groups'][number]['channel'],
        targetHost: g.targetHost,
        errorClass: g.errorClass,
        count: g.count,
        firstSeen: g.firstSeen.toISOString(),
        lastSeen: g.lastSeen.toISOString(),
        ...(g.sampleError !== null ? { sampleError: g.sampleError } : {}),
      })),
    };
    res.json(report);
  });

  return router;
}
