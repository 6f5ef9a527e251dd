import { type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { newId } from '../../core/ids.ts';
import { isCurrency } from '../../core/money.ts';
import type { Tx } from '../../db/client.ts';
import { pgError, UNIQUE_VIOLATION } from '../../db/errors.ts';
import { eventInsertStatement } from '../../jobs/outbox.ts';
import { auditAppendStatement } from '../audit/audit.service.ts';
import { requireBaseCurrency } from '../company/company.service.ts';
import { entryAlreadyPosted, entryAlreadyReversed } from './errors.ts';
import { exchangeRateOn } from './exchange-rate.service.ts';
import {
  ACCOUNTANT_ROLES,
  checkBalanced,
  checkBusinessDate,
  checkEntry,
  checkNotLocked,
  entryHashParts,
  GENESIS_HASH,
  type JournalEntryInput,
  parseRate,
  priceLines,
} from './journal.domain.ts';
import {
  type EntryKind,
  lockAndLoad,
  type PostedEntry,
  ratesForLines,
  requireOpenAccounts,
  rollupUpsert,
} from './journal.repo.ts';
import { ledgerSettingsOf, queryPrepared } from './ledger.repo.ts';

export interface PostPlan {
  kind: EntryKind;
  reversesEntryId?: string;
  /** Posting an existing draft (locked by the caller): its row is updated instead of a new one inserted. */
  draft?: { id: string; createdAt: Date; createdBy: string };
}

/**
 * Posts one entry: the core of `postJournal`, drafts, reversals and the year-end close.
 *
 * Posting is serialized per organization (the hash chain needs the previous entry), so the part
 * under the lock is kept to two statements and the commit. The first takes the locks and reads
 * what postings do not change (the books' currency, the accounts, the exchange rates). The second
 * does everything else in one go: reads the chain head and the lock dates afresh, refuses a locked
 * date (inserting nothing), numbers the entry, computes its hash in SQL from the canonical JSON
 * prepared here (the same text `entryHash` hashes), and inserts the entry, its lines, the rollups,
 * the audit row and the outbox event.
 */
export async function postEntry(
  tx: Tx,
  actor: Actor,
  entry: JournalEntryInput,
  plan: PostPlan,
): Promise<PostedEntry> {
  const orgId = actor.orgId;
  checkBusinessDate(entry.date);
  const named = Array.isArray(entry.lines) ? entry.lines : [];
  const loaded = await lockAndLoad(
    tx,
    orgId,
    [...new Set(named.map((l) => l.accountId).filter((id) => typeof id === 'string'))],
    [...new Set(named.map((l) => l.currency).filter(isCurrency))],
    entry.date,
  );
  // The first posting fixes the books' currency: the company profile's base currency then.
  const baseCurrency = loaded.booksCurrency ?? (await requireBaseCurrency(tx, orgId));
  const lines = checkEntry(entry, baseCurrency);
  checkBalanced(lines);
  requireOpenAccounts(lines, loaded.accounts);
  const found = loaded.booksCurrency
    ? loaded.rates
    : await firstPostingRates(tx, orgId, lines, baseCurrency, entry.date);
  const tableRates = ratesForLines(lines, baseCurrency, entry.date, found);
  const priced = priceLines(lines, baseCurrency, (line) =>
    line.rate !== undefined ? parseRate(line.rate)! : tableRates.get(line.currency)!,
  );

  const id = plan.draft?.id ?? newId('je');
  // Millisecond precision: the value must survive the round trip through timestamptz unchanged.
  const postedAt = new Date(Date.now());
  const header = {
    id,
    kind: plan.kind,
    date: entry.date,
    description: entry.description ?? '',
    payee: entry.payee ?? null,
    code: entry.code ?? null,
    sourceType: entry.source?.type ?? null,
    sourceId: entry.source?.id ?? null,
    reversesEntryId: plan.reversesEntryId ?? null,
    postedAt,
    postedBy: actor.id,
  };
  const lineRows = priced.map((l, i) => ({
    lineNo: i + 1,
    accountId: l.accountId,
    currency: l.currency,
    amount: l.amount,
    baseAmount: l.baseAmount,
    rate: l.rate,
    memo: l.memo,
  }));
  const hashText = entryHashParts({ ...header, lines: lineRows });
  const row = {
    org_id: orgId,
    id,
    status: 'posted',
    kind: plan.kind,
    date: entry.date,
    description: header.description,
    payee: header.payee,
    code: header.code,
    source_type: header.sourceType,
    source_id: header.sourceId,
    reverses_entry_id: header.reversesEntryId,
    line_count: lineRows.length,
    posted_at: postedAt,
    posted_by: actor.id,
    updated_at: postedAt,
  };
  const go = sql`exists (select 1 from go)`;
  const ctes: SQL[] = [
    plan.draft
      ? sql`update journal_entry e set status = 'posted', kind = r.kind, date = r.date, description = r.description,
            payee = r.payee, code = r.code, source_type = r.source_type, source_id = r.source_id,
            reverses_entry_id = r.reverses_entry_id, line_count = r.line_count, posted_at = r.posted_at,
            posted_by = r.posted_by, updated_at = r.updated_at, seq = go.seq, prev_hash = go.prev_hash, hash = go.hash
          from go, jsonb_populate_record(null::journal_entry, ${asJson(row)}::jsonb) r
          where e.org_id = ${orgId} and e.id = ${id} and e.status = 'draft'`
      : sql`insert into journal_entry select (jsonb_populate_record(null::journal_entry,
            ${asJson({ ...row, created_at: postedAt, created_by: actor.id })}::jsonb
            || jsonb_build_object('seq', go.seq, 'prev_hash', go.prev_hash, 'hash', go.hash))).* from go`,
    sql`insert into journal_line select l.* from go, jsonb_populate_recordset(null::journal_line, ${asJson(
      lineRows.map((l) => ({
        org_id: orgId,
        entry_id: id,
        line_no: l.lineNo,
        account_id: l.accountId,
        date: entry.date,
        currency: l.currency,
        amount: l.amount,
        base_amount: l.baseAmount,
        rate: l.rate,
        memo: l.memo,
      })),
    )}::jsonb) l`,
    rollupUpsert(orgId, entry.date, plan.kind, priced, go),
    sql`insert into ledger_settings (org_id, base_currency) select ${orgId}, ${baseCurrency} from go where go.books is null
        on conflict (org_id) do update set base_currency = excluded.base_currency, updated_at = now()`,
    auditAppendStatement(
      actor,
      {
        entity: 'journal_entry',
        entityId: id,
        action: 'post',
        after: { date: entry.date, kind: plan.kind, description: header.description, lines: lineRows },
      },
      { when: go },
    ),
    eventInsertStatement(
      orgId,
      'ledger.entry_posted',
      {
        id,
        date: entry.date,
        kind: plan.kind,
        sourceType: header.sourceType,
        sourceId: header.sourceId,
        reversesEntryId: header.reversesEntryId,
      },
      { when: go },
    ).statement,
  ];
  let result: PostingResult | undefined;
  try {
    [result] = await queryPrepared<PostingResult>(
      tx,
      sql`with head as (
          select coalesce(h.seq, 0) + 1 as seq, coalesce(h.hash, ${GENESIS_HASH}) as prev_hash, s.base_currency as books,
            s.lock_date, s.non_accountant_lock_date,
            greatest(s.lock_date, case when ${ACCOUNTANT_ROLES.includes(actor.role)} then null else s.non_accountant_lock_date end) as lock
          from (select 1) one
          left join lateral (select seq, hash from journal_entry
            where org_id = ${orgId} and seq is not null order by seq desc limit 1) h on true
          left join ledger_settings s on s.org_id = ${orgId}),
        go as (
          select head.*, encode(sha256(convert_to(head.prev_hash || ${hashText.prefix} || head.seq::text || ${hashText.suffix}, 'UTF8')), 'hex') as hash
          from head where head.lock is null or head.lock < ${entry.date}::date),
        ${sql.join(
          ctes.map((statement, i) => sql`${sql.raw(`w${i}`)} as (${statement})`),
          sql`, `,
        )}
        select head.seq::text as seq, head.prev_hash, go.hash, head.lock_date::text as lock_date,
          head.non_accountant_lock_date::text as non_accountant_lock_date
        from head left join go on true`,
    );
  } catch (error) {
    const pg = pgError(error);
    if (
      pg?.code === UNIQUE_VIOLATION &&
      pg.constraint === 'journal_entry_reverses_uq' &&
      plan.reversesEntryId
    )
      throw entryAlreadyReversed(plan.reversesEntryId, '');
    throw error;
  }
  if (!result?.hash) {
    // Nothing was written: the date is locked for this role (checked against the dates read afresh).
    checkNotLocked(entry.date, actor.role, {
      lockDate: result?.lock_date ?? null,
      nonAccountantLockDate: result?.non_accountant_lock_date ?? null,
    });
    throw plan.draft
      ? entryAlreadyPosted(id, null)
      : new Error('posting wrote nothing and no lock explains it');
  }
  const { sourceType, sourceId, ...shown } = header;
  return {
    ...shown,
    status: 'posted',
    seq: Number(result.seq),
    source: sourceType && sourceId ? { type: sourceType, id: sourceId } : null,
    reversedByEntryId: null,
    hash: result.hash,
    prevHash: result.prev_hash,
    createdAt: plan.draft?.createdAt ?? postedAt,
    createdBy: plan.draft?.createdBy ?? actor.id,
    updatedAt: postedAt,
    lines: lineRows,
  };
}

interface PostingResult {
  seq: string;
  prev_hash: string;
  hash: string | null;
  lock_date: string | null;
  non_accountant_lock_date: string | null;
}

/**
 * Rows as one JSON parameter (bigints as exact strings), expanded by jsonb_populate_record(set) in
 * the statement: a handful of parameters instead of one per column and row. The JSON names every
 * column the row needs; a column it leaves out is null.
 */
export const asJson = (value: unknown) =>
  JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v));

/** Rates for the first posting, before the books' currency is fixed (one query per currency). */
async function firstPostingRates(
  tx: Tx,
  orgId: string,
  lines: readonly { currency: string }[],
  baseCurrency: string,
  date: string,
): Promise<Map<string, string | null>> {
  const rates = new Map<string, string | null>();
  for (const currency of new Set(lines.map((l) => l.currency)))
    if (currency !== baseCurrency)
      rates.set(currency, (await exchangeRateOn(tx, orgId, currency, baseCurrency, date))?.rate ?? null);
  return rates;
}

/**
 * The currency the books are kept in: fixed by the first posting (ledger settings), the company
 * profile's base currency before it (COMPANY_CURRENCY_NOT_SET when that is not set either).
 */
export async function booksCurrency(q: Tx, orgId: string): Promise<string> {
  return (await ledgerSettingsOf(q, orgId)).baseCurrency ?? (await requireBaseCurrency(q, orgId));
}
