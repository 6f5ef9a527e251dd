import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { projectRoot } from '../core/paths.ts';
import { queryOne, type Store } from './client.ts';
import { applyTenancy, tenancyIsCurrent } from './tenancy.ts';

export const MIGRATIONS_FOLDER = path.join(projectRoot(), 'src/db/migrations');

interface Journal {
  entries: { idx: number; tag: string }[];
}

/** The tags of the migrations this code base ships, in order. */
export function shippedMigrations(): string[] {
  const journal = JSON.parse(readFileSync(`${MIGRATIONS_FOLDER}/meta/_journal.json`, 'utf8')) as Journal;
  return journal.entries.map((e) => e.tag);
}

/** Applies pending migrations, then re-applies the tenancy rules. Safe to run on every start. */
export async function runMigrations(store: Store): Promise<void> {
  // The common start: nothing to do. Two cheap reads instead of the migrator and the tenancy DDL,
  // about a third of a second on PGlite (bench/RESULTS.md).
  if (await isCurrent(store)) return;
  const config = { migrationsFolder: MIGRATIONS_FOLDER };
  if (store.kind === 'pglite') {
    await migratePglite(store.db as unknown as PgliteDatabase, config);
    await applyTenancy(store);
    return;
  }
  // Several servers starting at once on one PostgreSQL must not migrate concurrently.
  await store.withLock(MIGRATION_LOCK, async () => {
    await migrateNodePg(store.db as unknown as NodePgDatabase, config);
    await applyTenancy(store);
  });
}

const MIGRATION_LOCK = 7301;

async function isCurrent(store: Store): Promise<boolean> {
  const { applied, shipped } = await migrationState(store);
  return applied === shipped && (await tenancyIsCurrent(store));
}

export interface MigrationState {
  applied: number;
  shipped: number;
  latest: string | null;
}

export async function migrationState(store: Store): Promise<MigrationState> {
  const shipped = shippedMigrations();
  const row = await queryOne<{ n: number }>(
    store.db,
    sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
  ).catch(() => ({ n: 0 }));
  const applied = row?.n ?? 0;
  return { applied, shipped: shipped.length, latest: applied > 0 ? (shipped[applied - 1] ?? null) : null };
}
