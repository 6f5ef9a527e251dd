import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { isCurrency, minorToDecimalString } from '../../core/money.ts';
import type { Db, Queryable } from '../../db/client.ts';
import { queryOne, sql } from '../../db/client.ts';
import { enterOrg } from '../../db/tenancy.ts';
import { assertCan } from '../identity/permissions.ts';
import { entryHash, GENESIS_HASH, sumByCurrency } from './journal.domain.ts';
import { journalEntry, journalLine, ledgerAccount } from './ledger.table.ts';

export type LedgerProblemKind = 'chain' | 'entry' | 'rollup';

export interface LedgerProblem {
  kind: LedgerProblemKind;
  message: string;
  seq?: number;
  entryId?: string;
  accountId?: string;
  month?: string;
  currency?: string;
}

export type LedgerVerifyResult =
  | { ok: true; entries: number; lines: number; rollups: number }
  | { ok: false; entries: number; problem: LedgerProblem };

const PAGE = 500;

/**
 * Proves an organization's books from what is stored: every posted entry, in posting order, must
 * carry the next number, link to the previous entry's hash and match its own hash (recomputed from
 * the entry and its lines); each must have its recorded number of lines, on its date, summing to
 * zero per currency in amount and in base amount; and the balance rollups must equal a
 * recomputation from the lines. Reports the first difference. Reads one consistent snapshot.
 */
export async function verifyLedger(db: Db, orgId: string): Promise<LedgerVerifyResult> {
  return db.transaction(
    async (tx) => {
      await enterOrg(tx, orgId);
      return verifyIn(tx, orgId);
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

async function verifyIn(q: Queryable, orgId: string): Promise<LedgerVerifyResult> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let lineTotal = 0;
  for (;;) {
    const entries = await q
      .select()
      .from(journalEntry)
      .where(and(eq(journalEntry.orgId, orgId), gt(journalEntry.seq, expectedSeq - 1)))
      .orderBy(asc(journalEntry.seq))
      .limit(PAGE);
    const lines = entries.length
      ? await q
          .select()
          .from(journalLine)
          .where(
            and(
              eq(journalLine.orgId, orgId),
              inArray(
                journalLine.entryId,
                entries.map((e) => e.id),
              ),
            ),
          )
          .orderBy(asc(journalLine.entryId), asc(journalLine.lineNo))
      : [];
    const byEntry = new Map<string, typeof lines>();
    for (const line of lines) byEntry.set(line.entryId, [...(byEntry.get(line.entryId) ?? []), line]);
    for (const e of entries) {
      const at = { seq: e.seq!, entryId: e.id };
      const fail = (kind: LedgerProblemKind, message: string): LedgerVerifyResult => ({
        ok: false,
        entries: expectedSeq - 1,
        problem: { kind, message: `entry #${e.seq} (${e.id}): ${message}`, ...at },
      });
      if (e.seq !== expectedSeq) return fail('chain', `sequence gap: expected #${expectedSeq}`);
      if (e.status !== 'posted') return fail('chain', `numbered but not posted (status ${e.status})`);
      if (e.prevHash !== prevHash)
        return fail('chain', `previous hash does not match entry #${expectedSeq - 1}`);
      const own = byEntry.get(e.id) ?? [];
      if (own.length !== e.lineCount)
        return fail('entry', `has ${own.length} lines, ${e.lineCount} recorded`);
      const wrongDate = own.find((l) => l.date !== e.date);
      if (wrongDate)
        return fail('entry', `line ${wrongDate.lineNo} is dated ${wrongDate.date}, the entry ${e.date}`);
      const hash = entryHash(prevHash, {
        seq: e.seq!,
        id: e.id,
        kind: e.kind,
        date: e.date,
        description: e.description,
        payee: e.payee,
        code: e.code,
        sourceType: e.sourceType,
        sourceId: e.sourceId,
        reversesEntryId: e.reversesEntryId,
        postedAt: e.postedAt!,
        postedBy: e.postedBy,
        lines: own.map((l) => ({
          lineNo: l.lineNo,
          accountId: l.accountId,
          currency: l.currency,
          amount: l.amount,
          baseAmount: l.baseAmount,
          rate: l.rate,
          memo: l.memo,
        })),
      });
      if (hash !== e.hash) return fail('chain', 'content does not match its hash (changed after posting?)');
      for (const [currency, total] of sumByCurrency(own, (l) => l.amount))
        if (total !== 0n)
          return fail('entry', `does not balance in ${currency}: off by ${money(total, currency)}`);
      for (const [currency, total] of sumByCurrency(own, (l) => l.baseAmount))
        if (total !== 0n)
          return fail(
            'entry',
            `the base amounts of its ${currency} lines do not balance: off by ${total} minor units`,
          );
      prevHash = e.hash;
      expectedSeq++;
      lineTotal += own.length;
    }
    if (entries.length < PAGE) break;
  }
  const entryCount = expectedSeq - 1;

  // Every posted entry was found with exactly its lines, so any other line belongs to no posted entry.
  const all = await queryOne<{ n: number }>(
    q,
    sql`select count(*)::int as n from journal_line where org_id = ${orgId}`,
  );
  if (all && all.n !== lineTotal)
    return {
      ok: false,
      entries: entryCount,
      problem: {
        kind: 'entry',
        message: `${all.n - lineTotal} journal lines belong to no posted entry`,
      },
    };

  const mismatch = await queryOne<{
    account_id: string;
    month: string;
    currency: string;
    lines_amount: string | null;
    stored_amount: string | null;
    lines_base: string | null;
    stored_base: string | null;
    lines_count: string | null;
    stored_count: string | null;
  }>(
    q,
    sql`with recomputed as (
          select l.account_id, date_trunc('month', l.date)::date as month, l.currency,
            sum(l.amount) as amount, sum(l.base_amount) as base_amount, count(*) as n,
            sum(case when e.kind = 'closing' then l.amount else 0 end) as closing_amount,
            sum(case when e.kind = 'closing' then l.base_amount else 0 end) as closing_base_amount
          from journal_line l join journal_entry e on e.org_id = l.org_id and e.id = l.entry_id
          where l.org_id = ${orgId}
          group by 1, 2, 3),
        stored as (select * from ledger_balance where org_id = ${orgId})
        select coalesce(r.account_id, s.account_id) as account_id, coalesce(r.month, s.month)::text as month,
          coalesce(r.currency, s.currency) as currency,
          r.amount::text as lines_amount, s.amount::text as stored_amount,
          r.base_amount::text as lines_base, s.base_amount::text as stored_base,
          r.n::text as lines_count, s.line_count::text as stored_count
        from recomputed r full outer join stored s
          on s.account_id = r.account_id and s.month = r.month and s.currency = r.currency
        where r.amount is distinct from s.amount or r.base_amount is distinct from s.base_amount
          or r.n is distinct from s.line_count or r.closing_amount is distinct from s.closing_amount
          or r.closing_base_amount is distinct from s.closing_base_amount
        order by 1, 2, 3 limit 1`,
  );
  if (mismatch) {
    const [account] = await q
      .select({ name: ledgerAccount.name })
      .from(ledgerAccount)
      .where(and(eq(ledgerAccount.orgId, orgId), eq(ledgerAccount.id, mismatch.account_id)));
    const show = (value: string | null) =>
      value === null ? 'nothing' : money(BigInt(value), mismatch.currency);
    const what =
      mismatch.lines_amount !== mismatch.stored_amount
        ? `stored ${show(mismatch.stored_amount)}, the lines sum to ${show(mismatch.lines_amount)}`
        : mismatch.lines_base !== mismatch.stored_base
          ? `stored base amount ${mismatch.stored_base ?? 'nothing'}, the lines sum to ${mismatch.lines_base ?? 'nothing'}`
          : mismatch.lines_count !== mismatch.stored_count
            ? `stored ${mismatch.stored_count ?? 0} lines, there are ${mismatch.lines_count ?? 0}`
            : 'the closing-entry part differs from the lines';
    return {
      ok: false,
      entries: entryCount,
      problem: {
        kind: 'rollup',
        message: `balance rollup of ${account?.name ?? mismatch.account_id} for ${mismatch.month.slice(0, 7)} in ${mismatch.currency}: ${what}`,
        accountId: mismatch.account_id,
        month: mismatch.month,
        currency: mismatch.currency,
      },
    };
  }
  const rollups = await queryOne<{ n: number }>(
    q,
    sql`select count(*)::int as n from ledger_balance where org_id = ${orgId}`,
  );
  return { ok: true, entries: entryCount, lines: lineTotal, rollups: rollups?.n ?? 0 };
}

const money = (minor: bigint, currency: string) =>
  isCurrency(currency) ? `${minorToDecimalString(minor, currency)} ${currency}` : `${minor} minor units`;

/** `verifyLedger` of the actor's own organization; needs `ledger:read`. */
export async function verifyOwnLedger(db: Db, actor: Actor): Promise<LedgerVerifyResult> {
  assertCan(actor, 'ledger:read');
  return verifyLedger(db, actor.orgId);
}
