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

/**
 * The pages the UI has (web/src/app/App.tsx routes them; a test holds the two together). Only
 * these get the UI with 200, so a mistyped API call or a probe for /admin is not told "200 OK".
 */
export const webUiPages = [
  '/',
  '/login',
  '/signup',
  '/tasks',
  '/tasks/new',
  '/tasks/:id',
  '/remind',
  '/schedules',
  '/schedules/:id',
  '/keys',
  '/profile',
  '/outbox',
];

const pagePatterns = webUiPages.map((page) => new RegExp(`^${page.replace(/:\w+/g, '[^/]+')}/?$`));
export const isWebUiPage = (path: string): boolean => pagePatterns.some((pattern) => pattern.test(path));

/** API paths: never answered with the UI's page, so a mistyped API call still gets the API's 404. */
const apiPath = /^\/(v1|internal|healthz|readyz|metrics)(\/|$)/;

/**
 * Serves the single-page web UI: hashed assets with a year-long immutable cache (their names
 * change whenever their content does), and index.html, never cached, for the UI's own pages
 * (/tasks/42), so they load on reload and from links. Any other path that is not the API's is
 * a 404: a browser gets the UI's "no page here" with that status, anything else the error shape.
 */
export function webUiRoutes(dir = webUiDir): Router {
  const router = express.Router();
  const indexHtml = `${dir}index.html`;
  if (!existsSync(indexHtml)) return router;
  router.use(
    '/assets',
    securityHeaders,
    express.static(`${dir}assets`, { immutable: true, maxAge: '365d', index: false }),
    notFoundRoute,
  );
  router.get(/.*/, (req, res, next) => {
    if (apiPath.test(req.path)) return next();
    const page = isWebUiPage(req.path);
    // Only a browser's navigation asks for text/html by name; curl's */* gets the JSON 404.
    if (!page && !(req.get('accept') ?? '').includes('text/html')) return next();
    securityHeaders(req, res, () => {
      res.setHeader('cache-control', 'no-cache');
      res.status(page ? 200 : 404).sendFile(indexHtml);
    });
  });
  return router;
}
