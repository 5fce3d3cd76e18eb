import type { Request, RequestHandler } from 'express';
import { Counter, Histogram, type Registry } from 'prom-client';
import { scryptDerivations } from './auth/secretHash.js';

/**
 * The route a request matched, as declared (`/v1/tasks/:id`), so ids never become label
 * values; `other` for what no route answered: static files, the web UI's page, and refusals
 * made before routing (401, 429, 404), which the status label still tells apart.
 */
function routeOf(req: Request): string {
  const path: unknown = req.route?.path;
  return typeof path === 'string' ? `${req.baseUrl}${path}` : 'other';
}

/**
 * The frontend's own metrics (the process and Node.js ones come with the registry): every HTTP
 * request, by route, method and status, with how long it took to answer. The histogram's
 * `_count` is the request count, so no separate counter is kept.
 */
export class FrontendMetrics {
  private readonly requests: Histogram<'route' | 'method' | 'status'>;

  constructor(readonly registry: Registry) {
    this.requests = new Histogram({
      name: 'later_http_request_duration_seconds',
      help:
        'HTTP requests answered by this frontend and how long each took, by route (as declared, or other), method and status. ' +
        'Event streams (GET /v1/events) count when they end.',
      labelNames: ['route', 'method', 'status'],
      registers: [registry],
    });
    new Counter({
      name: 'later_frontend_scrypt_hashes_total',
      help: 'scrypt hashes computed (~100 ms of CPU and 32 MiB each): signups, logins, password changes, and first uses of API keys made before keys were stored as SHA-256 digests.',
      registers: [registry],
      collect() {
        this.reset();
        this.inc(scryptDerivations());
      },
    });
  }

  /** Middleware, mounted first: times every request until its answer is sent (or it is cut off). */
  readonly timeRequests: RequestHandler = (req, res, next) => {
    const started = performance.now();
    res.once('close', () => {
      const seconds = (performance.now() - started) / 1000;
      this.requests.observe({ route: routeOf(req), method: req.method, status: String(res.statusCode) }, seconds);
    });
    next();
  };
}
