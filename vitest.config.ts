import { existsSync, readdirSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// Tests import the workspaces' built dist/ (their package.json exports point there). On a fresh
// clone that would fail as "Cannot find package"; say what to do instead.
const workspaces = ['packages', 'services'].flatMap((dir) =>
  readdirSync(new URL(`./${dir}/`, import.meta.url)).map((name) => `${dir}/${name}`),
);
const unbuilt = workspaces.filter(
  (ws) =>
    existsSync(new URL(`./${ws}/package.json`, import.meta.url)) &&
    !existsSync(new URL(`./${ws}/dist/`, import.meta.url)),
);
if (unbuilt.length > 0) {
  throw new Error(
    `Not built yet: ${unbuilt.join(', ')}. The tests import each workspace's dist/: run \`npx turbo run build\` first (npm test, npm run test:quick and each workspace's npm test build for you).`,
  );
}

export default defineConfig({
  test: {
    // Each workspace is a project; a project may narrow its own settings in its vitest.config.ts.
    projects: ['packages/*', 'services/*'],
  },
});
