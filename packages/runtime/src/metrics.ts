import express, { type Router } from 'express';
import { Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The one registry of a service process, holding prom-client's default process and Node.js
 * metrics (CPU, memory, heap, GC, handles, event-loop lag) besides the service's own.
 *
 * The default metrics keep their standard names (`process_*`, `nodejs_*`) rather than taking
 * Later's `later_` prefix, so the usual Node.js dashboards and alerts work on them unchanged.
 * A registry of our own rather than prom-client's global one: a test can build several, and
 * nothing a dependency registers globally leaks into our scrape.
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/**
 * `GET /metrics` in Prometheus' text format. Every metric read at scrape time bounds its own
 * wait (see `ScrapeRead`), so a scrape answers 200 with what the process knows even while a
 * dependency is down; only a bug in a collector makes it a 500.
 */
export function metricsRoute(registry: Registry): Router {
  const router = express.Router();
  router.get('/metrics', async (_req, res) => {
    const text = await registry.metrics();
    res.type(registry.contentType).send(text);
  });
  return router;
}
