import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    // One file at a time: the image test starts real services beside the system package's e2e tests.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
