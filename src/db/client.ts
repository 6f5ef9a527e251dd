import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import type { StoreConfig } from '../config.ts';
import { preparePreamble } from './pg-org-read.ts';
import { attachReadPipeline, ReadPipeline } from './pg-read-pipeline.ts';
import * as schema from './schema.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything that can run a query: the database itself or an open transaction. */
export type Queryable = Db | Tx;

export type StoreKind = StoreConfig['kind'];

export interface Store {
  readonly kind: StoreKind;
  readonly db: Db;
  /** Runs plain SQL text with several statements (migrations, dumps); no parameters. */
  execScript(text: string): Promise<void>;
  /** Runs `work` while holding a cross-process lock (a PostgreSQL advisory lock; PGlite has one process). */
  withLock<T>(key: number, work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// int8 arrives as text from node-postgres; our bigint columns declare their own mode, and counts
// are cast in SQL, so the default parser stays.

export async function openStore(config: StoreConfig): Promise<Store> {
  if (config.kind === 'postgres') return openPostgres(config.url);
  mkdirSync(config.dataDir, { recursive: true });
  return wrapPglite(await PGlite.create(`${config.dataDir}/pgdata`));
}

export function openPostgres(url: string, max = 10): Store {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const db = drizzleNodePg(pool, { schema }) as unknown as Db;
  // Pipelined connections for tenant reads, beside the pool (src/db/pg-read-pipeline.ts): a third
  // as many, since each carries many requests' reads at once (three beside the default ten).
  const reads = new ReadPipeline(
    { connectionString: url },
    Math.max(1, Math.floor(max / 3)),
    preparePreamble,
  );
  attachReadPipeline(pool, reads);
  return {
    kind: 'postgres',
    db,
    async execScript(text) {
      await pool.query(text);
    },
    async withLock(key, work) {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [key]);
        return await work();
      } finally {
        await client.query('select pg_advisory_unlock($1)', [key]).catch(() => {});
        client.release();
      }
    },
    async close() {
      await reads.close();
      await pool.end();
    },
  };
}

export function wrapPglite(client: PGlite): Store & { client: PGlite } {
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    client,
    async execScript(text) {
      await client.exec(text);
    },
    withLock: (_key, work) => work(),
    close: () => client.close(),
  };
}

/** The rows of a raw query, whichever driver ran it. */
export async function queryRows<T>(q: Queryable, query: SQL): Promise<T[]> {
  const result = (await q.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

export async function queryOne<T>(q: Queryable, query: SQL): Promise<T | undefined> {
  return (await queryRows<T>(q, query))[0];
}

export { schema, sql };
