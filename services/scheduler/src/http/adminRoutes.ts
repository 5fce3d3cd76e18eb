import express, { type Router } from 'express';
import type { Pool } from '@later/store';
import type { ItemFailures } from '../loops/itemFailures.js';
import { rebuildFromPostgres } from '../loops/redisRebuild.js';
import type { QueueDeps } from '../tasks/queueTasks.js';

/** Operator actions on the internal API (behind the service token like the rest). */
export function adminRoutes(pool: Pool, deps: QueueDeps, failures: ItemFailures): Router {
  const router = express.Router();
  // Safe at any time: it queues only what Redis does not hold.
  router.post('/internal/v1/admin/rebuild', async (_req, res) => {
    res.json(
      await rebuildFromPostgres(pool, deps, deps.config.HORIZON_MS, undefined, (id, err) =>
        failures.record('rebuild', id, err),
      ),
    );
  });
  return router;
}
