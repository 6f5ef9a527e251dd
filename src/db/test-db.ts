import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import { newId } from '../core/ids.ts';
import { adminQuery, databaseUrl } from './admin.ts';
import { openPostgres, type Store, wrapPglite } from './client.ts';

/** Which store the current test project runs on; vitest's config sets it per project. */
export const testStoreKind = (): 'pglite' | 'postgres' =>
  process.env.ORDO_TEST_STORE === 'postgres' ? 'postgres' : 'pglite';

/**
 * A fresh, migrated database for one test file, cloned from the template the global setup
 * migrated once (PGlite: a data-dir dump loaded in memory; PostgreSQL: CREATE DATABASE … TEMPLATE).
 */
export async function createTestStore(options: { poolSize?: number } = {}): Promise<Store> {
  if (testStoreKind() === 'pglite') {
    const dump = readFileSync(inject('pgliteTemplate'));
    return wrapPglite(await PGlite.create({ loadDataDir: new Blob([dump]) }));
  }
  const serverUrl = inject('postgresServerUrl');
  const name = newId('ordo_t');
  await adminQuery(serverUrl, `CREATE DATABASE "${name}" TEMPLATE "${inject('postgresTemplate')}"`);
  const store = openPostgres(databaseUrl(serverUrl, name), options.poolSize ?? 5);
  return {
    ...store,
    async close() {
      await store.close();
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresServerUrl: string;
    postgresTemplate: string;
  }
}
