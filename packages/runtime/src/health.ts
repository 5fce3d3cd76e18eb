import type { Router } from 'express';
import express from 'express';

export interface Readiness {
  /** `ready` answers 200; `degraded` answers 200 but says what is missing; `unready` answers 503. */
  state: 'ready' | 'degraded' | 'unready';
  checks: Record<string, string>;
}

/**
 * `/healthz` says the process is alive (for restarts); `/readyz` says whether it should receive
 * traffic (for load balancers and Nomad checks).
 */
export function healthRoutes(service: string, readiness: () => Promise<Readiness>): Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service });
  });
  router.get('/readyz', async (_req, res) => {
    const result = await readiness().catch(
      (err: unknown): Readiness => ({ state: 'unready', checks: { readiness: String(err) } }),
    );
    res.status(result.state === 'unready' ? 503 : 200).json({ status: result.state, service, checks: result.checks });
  });
  return router;
}
