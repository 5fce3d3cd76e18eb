import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type RequestHandler, type Router } from 'express';
import { notFoundRoute } from '@later/runtime';

/** Where `npm run build` puts the web UI (web/ built by Vite). */
export const webUiDir = fileURLToPath(new URL('./web/', import.meta.url));

/**
 * Only this origin's scripts, styles and connections; no inline script, no framing, no plugins.
 * The UI needs nothing else (its API and its event stream are same-origin).
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('content-security-policy', contentSecurityPolicy);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'same-origin');
  res.setHeader('x-frame-options', 'DENY');
  next();
};

/** API paths: never answered with the UI's page, so a mistyped API call still gets the API's 404. */
const apiPath = /^\/(v1|internal|healthz|readyz|metrics)(\/|$)/;

/**
 * Serves the single-page web UI: hashed assets with a year-long immutable cache (their names
 * change whenever their content does), and index.html, never cached, for every other GET that
 * is not an API path, so the UI's own routes (/tasks/42) load on reload and from links.
 */
export function webUiRoutes(dir = webUiDir): Router {
  const router = express.Router();
  const indexHtml = `${dir}index.html`;
  if (!existsSync(indexHtml)) return router;
  router.use('/assets', securityHeaders, express.static(`${dir}assets`, { immutable: true, maxAge: '365d', index: false }), notFoundRoute);
  router.get(/.*/, (req, res, next) => {
    if (apiPath.test(req.path)) return next();
    securityHeaders(req, res, () => {
      res.setHeader('cache-control', 'no-cache');
      res.sendFile(indexHtml);
    });
  });
  return router;
}
