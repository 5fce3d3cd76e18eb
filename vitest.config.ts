import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Each workspace is a project; a project may narrow its own settings in its vitest.config.ts.
    projects: ['packages/*', 'services/*'],
  },
});
