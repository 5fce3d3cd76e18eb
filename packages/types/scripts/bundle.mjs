// Part of the build: the public contract as one JSON file (external $refs pulled in) and a
// self-contained API reference page (Redoc inlined, no CDN), which the frontend serves at
// /openapi.json and /docs.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { redocly } from './redocly.mjs';

mkdirSync(new URL('../dist/openapi/', import.meta.url), { recursive: true });
const steps = [
  ['bundle', 'openapi/public.yaml', '--ext', 'json', '-o', 'dist/openapi/public.json'],
  [
    'build-docs',
    'openapi/public.yaml',
    '--inlineBundle',
    '--title',
    'Later API reference',
    '-o',
    'dist/openapi/docs.html',
  ],
];
for (const args of steps) {
  const run = redocly(args);
  if (run.code !== 0) {
    process.stderr.write(run.stdout + run.stderr);
    console.error(`redocly ${args.join(' ')} failed (exit ${run.code})`);
    process.exit(1);
  }
}

// Redoc's "API docs by" badge loads its picture from a CDN: the one request the page would make
// elsewhere. Pointed at nothing, the badge hides itself (its onError), and the page stays offline.
const page = new URL('../dist/openapi/docs.html', import.meta.url);
writeFileSync(
  page,
  readFileSync(page, 'utf8').replace(/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg/g, 'data:,'),
);
