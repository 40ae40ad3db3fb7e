import { defineConfig } from 'vitest/config';

/**
 * The multi-instance suite (`npm run test:cluster`): several leadbot processes on one PostgreSQL database named by
 * TEST_POSTGRES_URL. Slow (minutes: it waits for a killed instance's jobs to be taken over), so `.ci/run` runs it
 * after the README's test command.
 */
export default defineConfig({
  test: {
    include: ['test/cluster/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
