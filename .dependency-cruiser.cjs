// The import rules `npm run check:deps` holds every workspace's src/ and test/ to (docs/architecture.md
// says why the packages are cut this way). Another workspace is reached through its package name,
// which resolves to its built dist/, so run it after `turbo run build`.
/** Workspaces that start and inspect their own redis-server and Postgres processes, and so speak to them directly. */
const ownServers = '^packages/(system|bench)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'Two modules that import each other cannot be read, tested or moved one at a time.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'services-never-import-services',
      comment: 'A service reaches another only over HTTP or Redis; what they share lives in a package.',
      severity: 'error',
      // The one exception: the web form's local-time rule is tested against the scheduler's own
      // code (fromWall), so the two cannot drift apart; no shipped code crosses.
      from: { path: '^services/([^/]+)/', pathNot: '^services/frontend/web/test/zonedTime[.]test[.]ts$' },
      to: { path: '^services/', pathNot: '^services/$1/' },
    },
    {
      name: 'only-queue-imports-ioredis',
      comment:
        'packages/queue names every Redis key; elsewhere go through its exports (connectRedis, subscriberConnection, QueueScripts).',
      severity: 'error',
      from: { pathNot: ['^packages/queue/', ownServers] },
      to: { path: '^node_modules/ioredis/' },
    },
    {
      name: 'only-store-imports-pg',
      comment: 'packages/store owns the schema and every query; elsewhere go through its exports.',
      severity: 'error',
      from: { pathNot: ['^packages/store/', ownServers] },
      to: { path: '^node_modules/(pg|pg-pool)/' },
    },
  ],
  options: {
    includeOnly: { path: ['^packages/', '^services/', '^node_modules/'] },
    exclude: { path: ['/src/generated/'] },
    // Built output and installs are endpoints, not crawled: an import of another workspace ends at its dist/.
    doNotFollow: { path: ['node_modules', '/dist/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'types', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
    },
  },
};
