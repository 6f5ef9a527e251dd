import { defineConfig } from 'vitest/config';

// The suite runs once on the embedded store and, when TEST_DATABASE_URL points at a PostgreSQL
// server, once more on it: same tests, both stores.
const stores = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export default defineConfig({
  test: {
    projects: stores.map((store) => ({
      test: {
        name: store,
        include: ['src/**/*.test.ts'],
        env: { ORDO_TEST_STORE: store },
        globalSetup: ['src/db/test-global-setup.ts'],
        testTimeout: 30_000,
        hookTimeout: 60_000,
        pool: 'forks',
      },
    })),
  },
});
