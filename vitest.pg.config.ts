import { defineConfig } from 'vitest/config';

/**
 * The application, bot and repository suites again on PostgreSQL (`npm run test:pg`): TEST_POSTGRES_URL names a
 * database the tests may create schemas in; each test gets its own schema. `.ci/run` starts a server and runs it.
 */
export default defineConfig({
  test: {
    include: [
      'test/app/**/*.test.ts',
      'test/bot/**/*.test.ts',
      'test/db/**/*.test.ts',
      'test/pg/**/*.test.ts',
      'test/costs-end-to-end.test.ts',
    ],
    // Work after a gate runs as pg-boss jobs: on a loaded CI machine a whole search-to-send test can take a minute.
    // Tests wait for the state they assert, so a longer ceiling only changes how long a real failure takes to show.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    env: { TEST_DATABASE: 'postgres' },
  },
});
