import type { Router } from 'express';
import express from 'express';

export interface Readiness {
  /** `ready` answers 200; `degraded` answers 200 but says what is missing; `unready` answers 503. */
  state: 'ready' | 'degraded' | 'unready';
  checks: Record<string, string>;
}

/** How long one readiness check may take: a dependency slower than this is as good as down. */
export const probeDeadlineMs = 1000;

/**
 * Whether `check` succeeds within `deadlineMs`. A stalled Redis or Postgres never fails a call, it
 * only never answers it: without a deadline `/readyz` would hang instead of saying unready.
 */
export function probe(check: () => Promise<unknown>, deadlineMs = probeDeadlineMs): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), deadlineMs);
    check()
      .then(
        () => resolve(true),
        () => resolve(false),
      )
      .finally(() => clearTimeout(timer));
  });
}

/**
 * `/healthz` says the process is alive (for restarts); `/readyz` says whether it should receive
 * traffic (for load balancers and Nomad checks). `/readyz` answers within `deadlineMs` whatever
 * `readiness` does: unready, if it has not said by then.
 */
export function healthRoutes(
  service: string,
  readiness: () => Promise<Readiness>,
  deadlineMs = 2 * probeDeadlineMs,
): Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service });
  });
  router.get('/readyz', async (_req, res) => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<Readiness>((resolve) => {
      timer = setTimeout(
        () => resolve({ state: 'unready', checks: { readiness: `no answer within ${deadlineMs} ms` } }),
        deadlineMs,
      );
    });
    const result = await Promise.race([
      readiness().catch((err: unknown): Readiness => ({ state: 'unready', checks: { readiness: String(err) } })),
      late,
    ]).finally(() => clearTimeout(timer));
    res.status(result.state === 'unready' ? 503 : 200).json({ status: result.state, service, checks: result.checks });
  });
  return router;
}
