import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import express, { type Router } from 'express';

const require = createRequire(import.meta.url);

/**
 * The reference page is Redoc inlined into one HTML file (no CDN, so it works offline): it needs
 * inline scripts and styles and a worker from a blob, which the web UI's policy forbids, and
 * nothing from another origin.
 */
const docsPolicy = [
  "default-src 'none'",
  "script-src 'unsafe-inline' blob:",
  'worker-src blob:',
  "style-src 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * `GET /openapi.json`: the public contract as one document (built by @later/types from
 * public.yaml, every external $ref pulled in); `GET /docs`: the API reference built from it.
 * Read once at start: they change only with a new build.
 */
export function apiReferenceRoutes(): Router {
  const router = express.Router();
  const contract = readFileSync(require.resolve('@later/types/bundled/public.json'));
  const docsPage = readFileSync(require.resolve('@later/types/bundled/docs.html'));
  router.get('/openapi.json', (_req, res) => {
    res.setHeader('cache-control', 'no-cache');
    res.type('application/json').send(contract);
  });
  router.get(['/docs', '/docs/'], (_req, res) => {
    res.setHeader('content-security-policy', docsPolicy);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('cache-control', 'no-cache');
    res.type('html').send(docsPage);
  });
  return router;
}
