import express, { type Router } from 'express';
import { jsonBody, parseOr400 } from '@later/runtime';
import { failureGroups, type DisabledDestination, type Pool } from '@later/store';
import {
  EnableDestinationRequest,
  ErrorReportQuery,
  type DisabledDestination as DisabledDestinationView,
  type ErrorReport,
} from '@later/types';
import type { DestinationService } from '../destinations/destinationService.js';
import type { RedisClock } from '../time/redisClock.js';
import { ownerOf } from './taskRoutes.js';

const day = 86_400_000;
/** Groups shown at most: a report, not a dump. */
const maxGroups = 1000;

const destinationView = (d: DisabledDestination): DisabledDestinationView => ({
  url: d.url,
  failingSince: d.failingSince.toISOString(),
  disabledAt: d.disabledAt.toISOString(),
  ...(d.lastError !== null ? { lastError: d.lastError } : {}),
});

/** The report on recurring errors (the owner's failed attempts, grouped), and the destinations they disabled. */
export function reportRoutes(pool: Pool, clock: RedisClock, destinations: DestinationService): Router {
  const router = express.Router();

  router.get('/internal/v1/owners/:ownerId/reports/errors', async (req, res) => {
    const ownerId = ownerOf(req.params);
    const query = parseOr400(ErrorReportQuery, req.query);
    const since = query.since === undefined ? new Date(clock.now() - day) : new Date(query.since);
    const [groups, disabled] = await Promise.all([
      failureGroups(pool, ownerId, since, maxGroups),
      destinations.list(ownerId),
    ]);
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
      disabledDestinations: disabled.map(destinationView),
    };
    res.json(report);
  });

  router.get('/internal/v1/owners/:ownerId/destinations/disabled', async (req, res) => {
    const ownerId = ownerOf(req.params);
    res.json({ destinations: (await destinations.list(ownerId)).map(destinationView) });
  });

  router.post('/internal/v1/owners/:ownerId/destinations/enable', jsonBody('16kb'), async (req, res) => {
    const ownerId = ownerOf(req.params);
    const { url } = parseOr400(EnableDestinationRequest, req.body);
    await destinations.enable(ownerId, url);
    res.json({ destinations: (await destinations.list(ownerId)).map(destinationView) });
  });

  return router;
}
