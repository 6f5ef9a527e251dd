import { createHash } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { isCurrency } from '../../core/money.ts';
import { type Db, queryRows, sql, type Tx } from '../../db/client.ts';
import { PgArray } from '../../db/pg-array.ts';
import { eventInsertStatement } from '../../jobs/outbox.ts';
import { auditAppendStatement } from '../audit/audit.service.ts';
import { companyProfileOf } from '../company/company.service.ts';
import { baseCurrencyNotSet } from '../company/errors.ts';
import {
  checkBalanced,
  checkBusinessDate,
  checkEntry,
  checkNotLocked,
  GENESIS_HASH,
  type HashedEntry,
  type JournalEntryInput,
  type LockDates,
  monthOf,
  type PricedLine,
  parseRate,
  priceLines,
} from './journal.domain.ts';
import { ratesForLines, requireOpenAccounts } from './journal.repo.ts';
import { lockCalls } from './ledger.repo.ts';

// Posting many entries at once (imports): the same rules as `postJournal` entry by entry (shape,
// balance per currency, open accounts, lock dates, base amounts, numbering, hash chain, rollups,
// immutability), but written a batch at a time: one statement per batch inserts the entries, their
// lines, the rollups summed over the batch, one audit row and one outbox event.

export interface BulkPostingOptions {
  /**
   * The books' currency when these are the organization's first postings and the company profile
   * names none (an import into a new organization); otherwise the books' currency applies.
   */
  defaultBaseCurrency?: string;
}

export interface BulkBatchResult {
  /** The new entries' ids, in the order given. */
  ids: string[];
  firstSeq: number;
  lastSeq: number;
  lines: number;
}

export interface BulkPosting {
  /** The books' currency the entries are posted in. */
  readonly baseCurrency: string;
  /**
   * Validates and posts a batch in the caller's transaction. The first entry that `postJournal`
   * would refuse stops the batch with that AppError, its message prefixed with `Entry N:` and
   * `details.entryIndex` set (0-based within the batch); nothing of the batch is written then.
   */
  post(entries: readonly JournalEntryInput[]): Promise<BulkBatchResult>;
}

interface AccountState {
  id: string;
  name: string;
  archived: boolean;
}

/**
 * Starts bulk posting for `actor`'s organization in `tx`: takes the posting locks until the
 * transaction ends (nobody else posts or moves lock dates meanwhile) and reads the chain head, the
 * lock dates and the books' currency once. Checks no permission, like `postJournal`.
 */
export async function startBulkPosting(
  tx: Tx,
  actor: Actor,
  options: BulkPostingOptions = {},
): Promise<BulkPosting> {
  const orgId = actor.orgId;
  const [head] = await queryRows<{
    seq: string | null;
    hash: string | null;
    books: string | null;
    lock_date: string | null;
    non_accountant_lock_date: string | null;
  }>(
    tx,
    sql`select ${lockCalls(orgId)},
      (select seq::text from journal_entry where org_id = ${orgId} and seq is not null order by seq desc limit 1) as seq,
      (select hash from journal_entry where org_id = ${orgId} and seq is not null order by seq desc limit 1) as hash,
      s.base_currency as books, s.lock_date::text as lock_date, s.non_accountant_lock_date::text as non_accountant_lock_date
      from (select 1) one left join ledger_settings s on s.org_id = ${orgId}`,
  );
  let seq = Number(head?.seq ?? 0);
  let prevHash = head?.hash ?? GENESIS_HASH;
  const locks: LockDates = {
    lockDate: head?.lock_date ?? null,
    nonAccountantLockDate: head?.non_accountant_lock_date ?? null,
  };
  let booksFixed = head?.books != null;
  const chosen =
    head?.books ?? (await companyProfileOf(tx, orgId)).baseCurrency ?? options.defaultBaseCurrency;
  if (!chosen || !isCurrency(chosen)) throw baseCurrencyNotSet();
  const baseCurrency: string = chosen;

  const accounts = new Map<string, AccountState>();
  /** Exchange rates into the books' currency by currency, ascending by date. */
  const rateTables = new Map<string, { date: string; rate: string }[]>();

  async function loadAccounts(ids: Iterable<string>) {
    const missing = [...new Set(ids)].filter((id) => !accounts.has(id));
    if (missing.length === 0) return;
    const rows = await queryRows<{ id: string; name: string; archived: boolean }>(
      tx,
      sql`select id, name, archived_at is not null as archived from ledger_account
        where org_id = ${orgId} and id in (select jsonb_array_elements_text(${JSON.stringify(missing)}::jsonb))`,
    );
    for (const row of rows) accounts.set(row.id, row);
  }

  async function loadRates(currencies: Iterable<string>) {
    const missing = [...new Set(currencies)].filter((c) => !rateTables.has(c));
    if (missing.length === 0) return;
    const rows = await queryRows<{ base: string; date: string; rate: string }>(
      tx,
      sql`select base, date::text as date, rate from exchange_rate where org_id = ${orgId} and quote = ${baseCurrency}
        and base in (select jsonb_array_elements_text(${JSON.stringify(missing)}::jsonb)) order by base, date`,
    );
    for (const c of missing) rateTables.set(c, []);
    for (const row of rows) rateTables.get(row.base)!.push({ date: row.date, rate: row.rate });
  }

  const rateOn = (currency: string, date: string): string | null => {
    const table = rateTables.get(currency) ?? [];
    let lo = 0;
    let hi = table.length - 1;
    let found: string | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (table[mid]!.date <= date) {
        found = table[mid]!.rate;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };

  /** Validates and computes a batch, advancing the chain head; the statements write it. */
  async function prepare(
    entries: readonly JournalEntryInput[],
  ): Promise<{ result: BulkBatchResult; statements: SQL[] }> {
    const at = (i: number, error: unknown): never => {
      if (error instanceof AppError)
        throw new AppError(error.kind, error.code, `Entry ${i + 1}: ${error.message}`, {
          ...error.details,
          entryIndex: i,
        });
      throw error;
    };
    await loadAccounts(
      entries.flatMap((e) =>
        (Array.isArray(e.lines) ? e.lines : [])
          .map((l) => l.accountId)
          .filter((id) => typeof id === 'string'),
      ),
    );
    await loadRates(
      entries.flatMap((e) =>
        (Array.isArray(e.lines) ? e.lines : [])
          .filter((l) => l.rate === undefined && l.baseAmount === undefined)
          .map((l) => l.currency)
          .filter((c): c is string => isCurrency(c) && c !== baseCurrency),
      ),
    );
    const postedAt = new Date(Date.now());
    // The batch as columns (array literals, see pg-array.ts), each row's values in its place.
    const e = {
      id: new PgArray(),
      date: new PgArray(),
      description: new PgArray(),
      payee: new PgArray(),
      code: new PgArray(),
      sourceType: new PgArray(),
      sourceId: new PgArray(),
      seq: new PgArray(),
      lineCount: new PgArray(),
      prevHash: new PgArray(),
      hash: new PgArray(),
    };
    const l = {
      entryId: new PgArray(),
      lineNo: new PgArray(),
      accountId: new PgArray(),
      date: new PgArray(),
      currency: new PgArray(),
      amount: new PgArray(),
      baseAmount: new PgArray(),
      rate: new PgArray(),
      memo: new PgArray(),
    };
    const rollups = new Map<
      string,
      { accountId: string; month: string; currency: string; amount: bigint; baseAmount: bigint; n: number }
    >();
    const ids: string[] = [];
    let nextSeq = seq;
    let nextHash = prevHash;
    let lineCount = 0;
    for (const [i, entry] of entries.entries()) {
      let priced: PricedLine[];
      try {
        checkBusinessDate(entry.date);
        const lines = checkEntry(entry, baseCurrency);
        checkBalanced(lines);
        requireOpenAccounts(
          lines,
          [...new Set(lines.map((line) => line.accountId))].flatMap((id) => {
            const a = accounts.get(id);
            return a ? [a] : [];
          }),
        );
        checkNotLocked(entry.date, actor.role, locks);
        const found = new Map(lines.map((line) => [line.currency, rateOn(line.currency, entry.date)]));
        const tableRates = ratesForLines(lines, baseCurrency, entry.date, found);
        priced = priceLines(lines, baseCurrency, (line) =>
          line.rate !== undefined ? parseRate(line.rate)! : tableRates.get(line.currency)!,
        );
      } catch (error) {
        return at(i, error);
      }
      const id = newId('je');
      nextSeq++;
      const header = {
        id,
        kind: 'standard',
        date: entry.date,
        description: entry.description ?? '',
        payee: entry.payee ?? null,
        code: entry.code ?? null,
        sourceType: entry.source?.type ?? null,
        sourceId: entry.source?.id ?? null,
        reversesEntryId: null,
        postedAt,
        postedBy: actor.id,
      };
      const hashedLines = priced.map((line, n) => ({
        lineNo: n + 1,
        accountId: line.accountId,
        currency: line.currency,
        amount: line.amount,
        baseAmount: line.baseAmount,
        rate: line.rate,
        memo: line.memo,
      }));
      const hash = bulkEntryHash(nextHash, { ...header, seq: nextSeq, lines: hashedLines });
      e.id.push(id);
      e.date.push(entry.date);
      e.description.push(header.description);
      e.payee.push(header.payee);
      e.code.push(header.code);
      e.sourceType.push(header.sourceType);
      e.sourceId.push(header.sourceId);
      e.seq.pushNumber(nextSeq);
      e.lineCount.pushNumber(hashedLines.length);
      e.prevHash.push(nextHash);
      e.hash.push(hash);
      const month = monthOf(entry.date);
      for (const line of hashedLines) {
        l.entryId.push(id);
        l.lineNo.pushNumber(line.lineNo);
        l.accountId.push(line.accountId);
        l.date.push(entry.date);
        l.currency.push(line.currency);
        l.amount.pushNumber(line.amount);
        l.baseAmount.pushNumber(line.baseAmount);
        l.rate.push(line.rate);
        l.memo.push(line.memo);
        const key = `${line.accountId}\u0001${month}\u0001${line.currency}`;
        const sum = rollups.get(key) ?? {
          accountId: line.accountId,
          month,
          currency: line.currency,
          amount: 0n,
          baseAmount: 0n,
          n: 0,
        };
        sum.amount += line.amount;
        sum.baseAmount += line.baseAmount;
        sum.n++;
        rollups.set(key, sum);
      }
      lineCount += hashedLines.length;
      nextHash = hash;
      ids.push(id);
    }
    if (ids.length === 0) return { result: { ids, firstSeq: seq, lastSeq: seq, lines: 0 }, statements: [] };
    const r = {
      accountId: new PgArray(),
      month: new PgArray(),
      currency: new PgArray(),
      amount: new PgArray(),
      baseAmount: new PgArray(),
      lineCount: new PgArray(),
    };
    // In key order, so concurrent writers of the same rollups take their row locks in one order.
    for (const [, sum] of [...rollups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      r.accountId.push(sum.accountId);
      r.month.push(sum.month);
      r.currency.push(sum.currency);
      r.amount.pushNumber(sum.amount);
      r.baseAmount.pushNumber(sum.baseAmount);
      r.lineCount.pushNumber(sum.n);
    }
    const firstSeq = seq + 1;
    const summary = {
      count: ids.length,
      lines: lineCount,
      firstSeq,
      lastSeq: nextSeq,
      firstId: ids[0],
      lastId: ids.at(-1),
    };
    const postedAtText = postedAt.toISOString();
    const statements = [
      sql`insert into journal_entry (org_id, id, status, kind, date, description, payee, code, source_type,
          source_id, reverses_entry_id, seq, line_count, prev_hash, hash, posted_at, posted_by, created_at,
          created_by, updated_at)
        select ${orgId}, u.id, 'posted', 'standard', u.date, u.description, u.payee, u.code, u.source_type,
          u.source_id, null, u.seq, u.line_count, u.prev_hash, u.hash, ${postedAtText}::timestamptz, ${actor.id},
          ${postedAtText}::timestamptz, ${actor.id}, ${postedAtText}::timestamptz
        from unnest(${e.id.text()}::text[], ${e.date.text()}::date[], ${e.description.text()}::text[],
          ${e.payee.text()}::text[], ${e.code.text()}::text[], ${e.sourceType.text()}::text[],
          ${e.sourceId.text()}::text[], ${e.seq.text()}::bigint[], ${e.lineCount.text()}::int[],
          ${e.prevHash.text()}::text[], ${e.hash.text()}::text[])
          as u(id, date, description, payee, code, source_type, source_id, seq, line_count, prev_hash, hash)`,
      sql`insert into journal_line (org_id, entry_id, line_no, account_id, date, currency, amount, base_amount, rate, memo)
        select ${orgId}, u.*
        from unnest(${l.entryId.text()}::text[], ${l.lineNo.text()}::int[], ${l.accountId.text()}::text[],
          ${l.date.text()}::date[], ${l.currency.text()}::text[], ${l.amount.text()}::bigint[],
          ${l.baseAmount.text()}::bigint[], ${l.rate.text()}::text[], ${l.memo.text()}::text[]) as u`,
      sql`insert into ledger_balance (org_id, account_id, month, currency, amount, base_amount, line_count,
          closing_amount, closing_base_amount)
        select ${orgId}, u.*, 0, 0
        from unnest(${r.accountId.text()}::text[], ${r.month.text()}::date[], ${r.currency.text()}::text[],
          ${r.amount.text()}::bigint[], ${r.baseAmount.text()}::bigint[], ${r.lineCount.text()}::bigint[]) as u
        on conflict (org_id, account_id, month, currency) do update set
          amount = ledger_balance.amount + excluded.amount,
          base_amount = ledger_balance.base_amount + excluded.base_amount,
          line_count = ledger_balance.line_count + excluded.line_count`,
      auditAppendStatement(actor, {
        entity: 'journal_entry',
        entityId: ids[0]!,
        action: 'post_bulk',
        after: summary,
      }),
      eventInsertStatement(orgId, 'ledger.entries_posted', summary).statement,
    ];
    if (!booksFixed)
      statements.push(
        sql`insert into ledger_settings (org_id, base_currency) values (${orgId}, ${baseCurrency})
            on conflict (org_id) do update set base_currency = excluded.base_currency, updated_at = now()`,
      );
    booksFixed = true;
    seq = nextSeq;
    prevHash = nextHash;
    return { result: { ids, firstSeq, lastSeq: nextSeq, lines: lineCount }, statements };
  }

  // Each batch is prepared once the one before it is prepared (the chain head moves in order), and
  // written while the next is prepared: the database and the process work at the same time. Writes
  // go strictly one batch after the other, so batches are written, and resolve, in order.
  let prepared: Promise<unknown> = Promise.resolve();
  let written: Promise<unknown> = Promise.resolve();
  return {
    baseCurrency,
    post(entries) {
      // After a refusal, later batches are refused too: the caller rolls back.
      const ready = prepared.then(() => prepare(entries));
      prepared = ready;
      const write = Promise.all([ready, written]).then(async ([{ result, statements }]) => {
        // One statement each: measured faster than one statement of data-modifying CTEs, whose
        // foreign key and trigger checks all queue up to the end of the statement.
        for (const statement of statements) await tx.execute(statement);
        return result;
      });
      written = write;
      return write;
    },
  };
}

const text = (value: string | null) => (value === null ? 'null' : JSON.stringify(value));

/**
 * `entryHash` without the generic canonical JSON: the same text (keys in sorted order, dates as ISO
 * strings, bigints as strings) written directly, several times faster for a million entries. The
 * ledger's tests hold it equal to `entryHash`.
 */
export function bulkEntryHash(prevHash: string, e: HashedEntry): string {
  let lines = '';
  for (const l of e.lines)
    lines += `${lines ? ',' : ''}{"accountId":${text(l.accountId)},"amount":"${l.amount}","baseAmount":"${l.baseAmount}","currency":${text(l.currency)},"lineNo":${l.lineNo},"memo":${text(l.memo)},"rate":${text(l.rate)}}`;
  const json = `{"code":${text(e.code)},"date":${text(e.date)},"description":${text(e.description)},"id":${text(e.id)},"kind":${text(e.kind)},"lines":[${lines}],"payee":${text(e.payee)},"postedAt":"${e.postedAt.toISOString()}","postedBy":${text(e.postedBy)},"reversesEntryId":${text(e.reversesEntryId)},"seq":${e.seq},"sourceId":${text(e.sourceId)},"sourceType":${text(e.sourceType)}}`;
  return createHash('sha256')
    .update(prevHash + json)
    .digest('hex');
}

/**
 * After a bulk load has committed: each batch rewrote the monthly rollup rows it touched, leaving
 * dead row versions that every report reads past until autovacuum comes by (a minute or more), and
 * the planner's statistics still describe the tables as they were. Cleans the rollups and refreshes
 * the statistics at once, so the first reports after an import are as fast as the later ones.
 * Runs outside any transaction, as the store's owner (maintenance, not tenant data).
 */
export async function tidyAfterBulkPosting(db: Db): Promise<void> {
  await db.execute(sql`vacuum (analyze) ledger_balance`);
  await db.execute(sql`analyze journal_entry, journal_line`);
}
