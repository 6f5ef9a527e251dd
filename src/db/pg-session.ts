import { NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres/session';
import type { PgDialect } from 'drizzle-orm/pg-core';
import type { Db, Tx } from './client.ts';

/** The part of a node-postgres client that drizzle's session calls. */
export interface QueryClient {
  query(config: unknown, values?: unknown[]): Promise<unknown>;
}

/**
 * A drizzle transaction handle over one checked-out client, for the hand-rolled tenant
 * transactions. It is built per request, so it carries no relational-query schema: building that
 * walks every table and was a measurable share of each request (bench/RESULTS.md); our code uses
 * the query builder only.
 */
export function drizzleOver(db: Db, client: QueryClient): Tx {
  const { dialect } = db as unknown as { dialect: PgDialect };
  // biome-ignore lint/suspicious/noExplicitAny: drizzle's session classes are typed for its own factory only
  const session = new NodePgSession(client as any, dialect, undefined);
  return new NodePgTransaction(dialect, session, undefined) as unknown as Tx;
}
