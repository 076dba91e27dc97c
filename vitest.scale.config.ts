import { defineConfig } from 'vitest/config';

/** `npm run test:scale`: the many-machines test (test/scale), separate processes behind nginx. */
export default defineConfig({
  test: {
    include: ['test/scale/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
