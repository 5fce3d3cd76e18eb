import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    // End-to-end tests start whole stacks of processes: one file at a time keeps them honest on 2 cores.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
