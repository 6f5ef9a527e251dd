import { defineConfig } from 'vitest/config';

// The suite runs once on the embedded store and, when TEST_DATABASE_URL points at a PostgreSQL
// server, once more on it: same tests, both stores. The browser tests (e2e/) run once, on the
// embedded store, after the others and one file at a time: each file starts a server and Chromium.
const stores = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export default defineConfig({
  test: {
    projects: [
      ...stores.map((store) => ({
        test: {
          name: store,
          include: ['src/**/*.test.ts'],
          env: { ORDO_TEST_STORE: store },
          globalSetup: ['src/db/test-global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks' as const,
        },
      })),
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          globalSetup: ['e2e/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 90_000,
          pool: 'forks' as const,
          poolOptions: { forks: { singleFork: true } },
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
