import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // the multi-process set-up runs on its own (npm run test:scale, .ci/run)
    exclude: [...configDefaults.exclude, 'test/scale/**'],
    // builds dist/ once when stale, for the tests that run the command line
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
