import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { AppError } from '../../core/errors.ts';
import type { Queryable, Tx } from '../../db/client.ts';
import { accountNotFound, entryNotFound } from './errors.ts';
import { type CheckedLine, monthOf, type PricedLine, parseRate, type Rate } from './journal.domain.ts';
import { lockCalls, queryPrepared } from './ledger.repo.ts';
import { journalDraftLine, journalEntry, journalLine, ledgerAccount } from './ledger.table.ts';

export type EntryStatus = 'draft' | 'posted';
export type EntryKind = 'standard' | 'closing';

/** A line of a journal entry. Drafts have no base amount yet, and a rate only when one was given. */
export interface JournalLine {
  lineNo: number;
  accountId: string;
  currency: string;
  /** Minor units of `currency`; debit positive, credit negative. */
  amount: bigint;
  /** Minor units of the base currency; null on a draft. */
  baseAmount: bigint | null;
  /** Base currency units per unit of `currency`; on a draft, the rate given for the line, if any. */
  rate: string | null;
  memo: string | null;
}

/** A journal entry with its lines, as other modules and the API see it. */
export interface JournalEntry {
  id: string;
  status: EntryStatus;
  kind: EntryKind;
  /** Posting number, 1, 2, 3… per organization; null on a draft. */
  seq: number | null;
  date: string;
  description: string;
  payee: string | null;
  code: string | null;
  source: { type: string; id: string } | null;
  reversesEntryId: string | null;
  /** The entry that reversed this one, if any. */
  reversedByEntryId: string | null;
  hash: string | null;
  prevHash: string | null;
  postedAt: Date | null;
  postedBy: string | null;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  lines: JournalLine[];
}

/** A posted entry: numbered, hashed, immutable. */
export type PostedEntry = JournalEntry & { status: 'posted'; seq: number; hash: string; postedAt: Date };

type EntryRow = typeof journalEntry.$inferSelect;

export function toEntry(row: EntryRow, lines: JournalLine[], reversedByEntryId: string | null): JournalEntry {
  return {
    id: row.id,
    status: row.status as EntryStatus,
    kind: row.kind as EntryKind,
    seq: row.seq,
    date: row.date,
    description: row.description,
    payee: row.payee,
    code: row.code,
    source: row.sourceType && row.sourceId ? { type: row.sourceType, id: row.sourceId } : null,
    reversesEntryId: row.reversesEntryId,
    reversedByEntryId,
    hash: row.hash,
    prevHash: row.prevHash,
    postedAt: row.postedAt,
    postedBy: row.postedBy,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    updatedAt: row.updatedAt,
    lines,
  };
}

/** The lines of the given entries (posted lines for posted entries, draft lines for drafts), by entry id. */
export async function linesOf(
  q: Queryable,
  orgId: string,
  rows: EntryRow[],
): Promise<Map<string, JournalLine[]>> {
  const byEntry = new Map<string, JournalLine[]>(rows.map((r) => [r.id, []]));
  const posted = rows.filter((r) => r.status === 'posted').map((r) => r.id);
  const drafts = rows.filter((r) => r.status === 'draft').map((r) => r.id);
  if (posted.length)
    for (const l of await q
      .select()
      .from(journalLine)
      .where(and(eq(journalLine.orgId, orgId), inArray(journalLine.entryId, posted)))
      .orderBy(asc(journalLine.entryId), asc(journalLine.lineNo)))
      byEntry.get(l.entryId)?.push({
        lineNo: l.lineNo,
        accountId: l.accountId,
        currency: l.currency,
        amount: l.amount,
        baseAmount: l.baseAmount,
        rate: l.rate,
        memo: l.memo,
      });
  if (drafts.length)
    for (const l of await q
      .select()
      .from(journalDraftLine)
      .where(and(eq(journalDraftLine.orgId, orgId), inArray(journalDraftLine.entryId, drafts)))
      .orderBy(asc(journalDraftLine.entryId), asc(journalDraftLine.lineNo)))
      byEntry.get(l.entryId)?.push({
        lineNo: l.lineNo,
        accountId: l.accountId,
        currency: l.currency,
        amount: l.amount,
        baseAmount: null,
        rate: l.rate,
        memo: l.memo,
      });
  return byEntry;
}

/** Which of the given entries have been reversed, and by which entry. */
export async function reversalsOf(q: Queryable, orgId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await q
    .select({ id: journalEntry.id, reverses: journalEntry.reversesEntryId })
    .from(journalEntry)
    .where(and(eq(journalEntry.orgId, orgId), inArray(journalEntry.reversesEntryId, ids)));
  return new Map(rows.map((r) => [r.reverses!, r.id]));
}

/** Entries with their lines and reversal links, in the order of `rows`. */
export async function hydrate(q: Queryable, orgId: string, rows: EntryRow[]): Promise<JournalEntry[]> {
  const [lines, reversals] = [
    await linesOf(q, orgId, rows),
    await reversalsOf(
      q,
      orgId,
      rows.map((r) => r.id),
    ),
  ];
  return rows.map((r) => toEntry(r, lines.get(r.id) ?? [], reversals.get(r.id) ?? null));
}

/** The entry row, optionally locked for the rest of the transaction; JOURNAL_ENTRY_NOT_FOUND otherwise. */
export async function entryRow(q: Queryable, orgId: string, id: string, lock = false): Promise<EntryRow> {
  const query = q
    .select()
    .from(journalEntry)
    .where(and(eq(journalEntry.orgId, orgId), eq(journalEntry.id, id)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw entryNotFound(id);
  return row;
}

/** One journal entry with its lines. */
export async function getEntry(q: Queryable, orgId: string, id: string): Promise<JournalEntry> {
  const [entry] = await hydrate(q, orgId, [await entryRow(q, orgId, id)]);
  return entry!;
}

interface AccountState {
  id: string;
  name: string;
  archived: boolean;
}

/** Refuses lines whose account is missing (or another organization's) or archived, naming the line. */
export async function checkAccountsOpen(
  tx: Queryable,
  orgId: string,
  lines: readonly { accountId: string }[],
) {
  const ids = [...new Set(lines.map((l) => l.accountId))];
  const found = await tx
    .select({ id: ledgerAccount.id, name: ledgerAccount.name, archivedAt: ledgerAccount.archivedAt })
    .from(ledgerAccount)
    .where(and(eq(ledgerAccount.orgId, orgId), inArray(ledgerAccount.id, ids)));
  requireOpenAccounts(
    lines,
    found.map((a) => ({ id: a.id, name: a.name, archived: a.archivedAt !== null })),
  );
}

function requireOpenAccounts(lines: readonly { accountId: string }[], found: AccountState[]) {
  const byId = new Map(found.map((a) => [a.id, a]));
  lines.forEach((line, i) => {
    const account = byId.get(line.accountId);
    const field = `lines.${i}.accountId`;
    if (!account) {
      const error = accountNotFound(line.accountId, field);
      throw new AppError(error.kind, error.code, `Line ${i + 1}: ${error.message}`, {
        ...error.details,
        line: i + 1,
      });
    }
    if (account.archived)
      throw new AppError(
        'unprocessable',
        'ACCOUNT_ARCHIVED',
        `Line ${i + 1}: "${account.name}" is archived; unarchive it or choose another account.`,
        { field, line: i + 1, accountId: account.id, name: account.name },
      );
  });
}

export interface Loaded {
  /** The books' currency (fixed by the first posting); null before it. */
  booksCurrency: string | null;
  accounts: AccountState[];
  /** Rates on or before the date into the books' currency, by currency (null: none recorded). */
  rates: Map<string, string | null>;
}

/**
 * Takes the posting locks (see `lockLedger`) and, in the same round trip, reads what posting checks
 * that postings do not change: the books' currency, the lines' accounts and the exchange rates on
 * or before `date` into the books' currency for the currencies the lines name. Posting is
 * serialized per organization, so every round trip saved here counts.
 */
export async function lockAndLoad(
  tx: Tx,
  orgId: string,
  accountIds: readonly string[],
  currencies: readonly string[],
  date: string,
): Promise<Loaded> {
  const [row] = await queryPrepared<{
    books: string | null;
    accounts: AccountState[];
    rates: { currency: string; rate: string | null }[];
  }>(
    tx,
    sql`select ${lockCalls(orgId)}, books.currency as books,
      (select coalesce(json_agg(json_build_object('id', id, 'name', name, 'archived', archived_at is not null)), '[]'::json)
        from ledger_account where org_id = ${orgId}
          and id in (select jsonb_array_elements_text(${JSON.stringify(accountIds)}::jsonb))) as accounts,
      (select coalesce(json_agg(json_build_object('currency', c.code, 'rate', r.rate)), '[]'::json)
        from jsonb_array_elements_text(${JSON.stringify(currencies)}::jsonb) as c(code)
        left join lateral (select rate from exchange_rate
          where org_id = ${orgId} and base = c.code and quote = books.currency and date <= ${date}::date
          order by date desc limit 1) r on true) as rates
      from (select (select base_currency from ledger_settings where org_id = ${orgId}) as currency) books`,
  );
  return {
    booksCurrency: row?.books ?? null,
    accounts: row?.accounts ?? [],
    rates: new Map((row?.rates ?? []).map((r) => [r.currency, r.rate])),
  };
}

/** The rates the lines need (foreign, no rate or base amount given); EXCHANGE_RATE_MISSING names the first line without one. */
export function ratesForLines(
  lines: readonly CheckedLine[],
  baseCurrency: string,
  date: string,
  found: ReadonlyMap<string, string | null>,
): Map<string, Rate> {
  const rates = new Map<string, Rate>();
  for (const [i, line] of lines.entries()) {
    if (line.currency === baseCurrency || line.rate !== undefined || line.baseAmount !== undefined) continue;
    const text = found.get(line.currency);
    const rate = text ? parseRate(text) : undefined;
    if (!rate)
      throw new AppError(
        'unprocessable',
        'EXCHANGE_RATE_MISSING',
        `Line ${i + 1}: there is no ${line.currency}→${baseCurrency} exchange rate on or before ${date}; record one or give the line a rate.`,
        { field: `lines.${i}.rate`, line: i + 1, currency: line.currency, baseCurrency, date },
      );
    rates.set(line.currency, rate);
  }
  return rates;
}

/** Throws unless every line's account is one of `accounts` and open. */
export { requireOpenAccounts };

/**
 * The upsert that adds posted lines to the account × month × currency rollups, rows in key order
 * (the same lock order for every writer).
 */
export function rollupUpsert(
  orgId: string,
  date: string,
  kind: EntryKind,
  lines: readonly PricedLine[],
  when: SQL = sql`true`,
): SQL {
  const month = monthOf(date);
  const sums = new Map<
    string,
    { accountId: string; currency: string; amount: bigint; baseAmount: bigint; n: number }
  >();
  for (const line of lines) {
    const key = `${line.accountId}\u0001${line.currency}`;
    const sum = sums.get(key) ?? {
      accountId: line.accountId,
      currency: line.currency,
      amount: 0n,
      baseAmount: 0n,
      n: 0,
    };
    sum.amount += line.amount;
    sum.baseAmount += line.baseAmount;
    sum.n += 1;
    sums.set(key, sum);
  }
  const closing = kind === 'closing';
  const rows = [...sums.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, s]) => ({
      org_id: orgId,
      account_id: s.accountId,
      month,
      currency: s.currency,
      amount: s.amount.toString(),
      base_amount: s.baseAmount.toString(),
      line_count: s.n,
      closing_amount: (closing ? s.amount : 0n).toString(),
      closing_base_amount: (closing ? s.baseAmount : 0n).toString(),
    }));
  return sql`insert into ledger_balance
    select r.* from jsonb_populate_recordset(null::ledger_balance, ${JSON.stringify(rows)}::jsonb) r where ${when}
    on conflict (org_id, account_id, month, currency) do update set
      amount = ledger_balance.amount + excluded.amount,
      base_amount = ledger_balance.base_amount + excluded.base_amount,
      line_count = ledger_balance.line_count + excluded.line_count,
      closing_amount = ledger_balance.closing_amount + excluded.closing_amount,
      closing_base_amount = ledger_balance.closing_base_amount + excluded.closing_base_amount`;
}
