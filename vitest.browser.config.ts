import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The caption studio in real Chromium against simulator + gateway. One file at a time: each starts its own
 * stack and browser, and the machine has two cores. The stacks run on SQLite, so no PostgreSQL is started.
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test/browser/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    globalSetup: [],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // What the page shows follows pushes and refetches; a person would wait a few seconds too.
    expect: { poll: { timeout: 15_000, interval: 100 } },
  },
});
