import { eq } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { type Db, type Queryable, queryOne, sql, type Tx } from '../../db/client.ts';
import { readInOrg, withOrg } from '../../db/tenancy.ts';
import { lockAuditChain } from '../audit/audit.service.ts';
import { assertCan } from '../identity/permissions.ts';
import { GENESIS_HASH } from './journal.domain.ts';
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
  await lockAuditChain(tx, orgId);
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`ledger:${orgId}`}))`);
}

/** The last posted entry's number and hash (0 and the genesis hash before the first), with the settings, in one round trip. */
export async function chainHeadAndSettings(
  tx: Tx,
  orgId: string,
): Promise<{ seq: number; hash: string; settings: LedgerSettings }> {
  const row = await queryOne<{
    seq: string | null;
    hash: string | null;
    lock_date: string | null;
    non_accountant_lock_date: string | null;
    chart_template: string | null;
    base_currency: string | null;
  }>(
    tx,
    sql`select h.seq::text as seq, h.hash, s.lock_date::text as lock_date,
          s.non_accountant_lock_date::text as non_accountant_lock_date, s.chart_template, s.base_currency
        from (select 1) one
        left join lateral (select seq, hash from journal_entry
          where org_id = ${orgId} and seq is not null order by seq desc limit 1) h on true
        left join ledger_settings s on s.org_id = ${orgId}`,
  );
  return {
    seq: row?.seq ? Number(row.seq) : 0,
    hash: row?.hash ?? GENESIS_HASH,
    settings: {
      lockDate: row?.lock_date ?? null,
      nonAccountantLockDate: row?.non_accountant_lock_date ?? null,
      chartTemplate: row?.chart_template ?? null,
      baseCurrency: row?.base_currency ?? null,
    },
  };
}

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
