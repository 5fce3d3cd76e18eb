import express, { type Router } from 'express';
import { aliveWithinMs, type QueueScripts } from '@later/queue';
import { ownerStats, type Pool } from '@later/store';
import type { Stats } from '@later/types';
import { ownerOf } from './taskRoutes.js';

/** The dashboard's figures: the owner's tasks from Postgres, how many replicas are alive from their heartbeats in Redis. */
export function statsRoutes(pool: Pool, scripts: QueueScripts): Router {
  const router = express.Router();
  router.get('/internal/v1/owners/:ownerId/stats', async (req, res) => {
    const ownerId = ownerOf(req.params);
    // Replicas are a nicety here: with Redis down the owner's figures are still worth showing.
    const [stats, replicas] = await Promise.all([
      ownerStats(pool, ownerId),
      scripts.aliveReplicas(aliveWithinMs).catch(() => []),
    ]);
    const body: Stats = {
      ...stats,
      at: stats.at.toISOString(),
      throughput: stats.throughput.map((m) => ({ ...m, minute: m.minute.toISOString() })),
      // Counts only: host names and process ids tell every user how the service is deployed.
      replicas: {
        schedulers: replicas.filter((r) => r.service === 'scheduler').length,
        senders: replicas.filter((r) => r.service === 'sender').length,
      },
    };
    res.json(body);
  });
  return router;
}
