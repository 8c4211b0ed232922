import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // CLI tests spawn real processes that generate load; two at a time fits this 2-core machine.
    maxWorkers: 2,
  },
});
