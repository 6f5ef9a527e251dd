import { eq, type SQL } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { sha256Hex } from '../../core/hash.ts';
import { type Db, type Queryable, sql, type Tx } from '../../db/client.ts';
import { readInOrg, withOrg } from '../../db/tenancy.ts';
import { auditLockCall } from '../audit/audit.service.ts';
import { assertCan } from '../identity/permissions.ts';
import { ledgerSettings } from './ledger.table.ts';

/** The ledger settings of an organization; defaults when never saved. */
export interface LedgerSettings {
  /** Nobody may post on or before this date. */
  lockDate: string | null;
  /** Roles other than owner, admin and accountant may not post on or before this date. */
  nonAccountantLockDate: string | null;
  /** The chart template applied, if any. */
  chartTemplate: string | null;
  /** The currency of the books, fixed by the first posting; null before it. */
  baseCurrency: string | null;
}

export async function ledgerSettingsOf(q: Queryable, orgId: string): Promise<LedgerSettings> {
  const [row] = await q.select().from(ledgerSettings).where(eq(ledgerSettings.orgId, orgId));
  return {
    lockDate: row?.lockDate ?? null,
    nonAccountantLockDate: row?.nonAccountantLockDate ?? null,
    chartTemplate: row?.chartTemplate ?? null,
    baseCurrency: row?.baseCurrency ?? null,
  };
}

/** Creates the settings row when missing, so later updates only update. */
export async function ensureSettingsRow(tx: Tx, orgId: string): Promise<void> {
  await tx.insert(ledgerSettings).values({ orgId }).onConflictDoNothing();
}

/**
 * Serializes whatever extends the organization's posting chain or moves its lock dates, until the
 * transaction ends. The audit lock comes first: every posting audits, and callers may have audited
 * before posting, so taking the two in one order everywhere means no deadlock.
 */
export async function lockLedger(tx: Tx, orgId: string): Promise<void> {
  await tx.execute(sql`select ${lockCalls(orgId)}`);
}

/** Both lock calls, for a select list (evaluated left to right, so the audit lock comes first). */
export const lockCalls = (orgId: string) =>
  sql`${auditLockCall(orgId)}, pg_advisory_xact_lock(hashtext(${`ledger:${orgId}`}))`;

/**
 * Runs one ledger use case in its own transaction in the actor's organization: how the API and the
 * CLI call the transaction-level functions of this module. The functions check permissions.
 */
export function ledgerTransaction<T>(db: Db, actor: Actor, work: (tx: Tx) => Promise<T>): Promise<T> {
  return withOrg(db, actor.orgId, work);
}

/** Read-only ledger work for the API and CLI, after checking `ledger:read`. */
export function ledgerRead<T>(db: Db, actor: Actor, work: (q: Tx) => Promise<T>): Promise<T> {
  assertCan(actor, 'ledger:read');
  return readInOrg(db, actor.orgId, work);
}

const statementNames = new Map<string, string>();

/**
 * Runs a hot statement as a named prepared statement, so PostgreSQL parses and plans it once per
 * connection instead of on every posting (PGlite runs it as usual). The name derives from the text,
 * so two different statements never share one.
 */
export async function queryPrepared<T>(q: Queryable, query: SQL): Promise<T[]> {
  const { session, dialect } = q as unknown as {
    session: {
      prepareQuery(
        query: { sql: string; params: unknown[] },
        fields: undefined,
        name: string,
        arrayMode: boolean,
      ): { execute(): Promise<unknown> };
    };
    dialect: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } };
  };
  const built = dialect.sqlToQuery(query);
  let name = statementNames.get(built.sql);
  if (!name) {
    name = `ordo_ledger_${sha256Hex(built.sql).slice(0, 16)}`;
    statementNames.set(built.sql, name);
  }
  const result = (await session.prepareQuery(built, undefined, name, false).execute()) as { rows: T[] };
  return result.rows;
}
