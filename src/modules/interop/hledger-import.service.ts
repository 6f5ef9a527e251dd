import { createHash, type Hash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { Db } from '../../db/client.ts';
import { queryRows, sql } from '../../db/client.ts';
import { withOrg } from '../../db/tenancy.ts';
import { emitEvent } from '../../jobs/outbox.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { companyProfileOf } from '../company/index.ts';
import { assertCan } from '../identity/permissions.ts';
import {
  type BulkBatchResult,
  type JournalEntryInput,
  type JournalLineInput,
  ledgerSettingsOf,
  startBulkPosting,
  tidyAfterBulkPosting,
} from '../ledger/index.ts';
import {
  accountTypeOf,
  type ResolvedAssertion,
  type ResolvedLine,
  resolveTransaction,
} from './hledger.domain.ts';
import {
  fileLines,
  type HledgerTypeCode,
  JournalError,
  type JournalItem,
  type JournalTransaction,
  parseJournal,
} from './hledger.parser.ts';
import { decimalText } from './hledger-amount.ts';
import { checkAssertion, ensureAccounts, IMPORT_SOURCE_TYPE } from './hledger-import.repo.ts';
import { addPrice, type Prices, rateInto } from './hledger-rates.domain.ts';
import { type interopEntry, interopImport } from './interop.table.ts';

export { IMPORT_SOURCE_TYPE };

// Importing an hledger journal: all or nothing. The file is read twice, streamed both times, so a
// journal of millions of transactions needs memory only for its accounts, prices and assertions:
// the first pass checks every line and collects the accounts; the second posts, a batch at a time,
// in the same transaction; then the balance assertions are checked against what was posted.

const BATCH = 1000;

export interface ImportProgress {
  phase: 'checking' | 'posting' | 'asserting';
  done: number;
  total: number | null;
}

export interface ImportOptions {
  /** A name to remember the file by (default: the file's base name). */
  fileName?: string;
  onProgress?: (progress: ImportProgress) => void;
  /** Lines to the file, for tests (default: read `file`). */
  lines?: () => AsyncIterable<string> | Iterable<string>;
}

export interface ImportResult {
  importId: string;
  /** False when this content was imported before: nothing was added. */
  imported: boolean;
  entries: number;
  lines: number;
  accountsCreated: number;
  assertions: number;
  baseCurrency: string;
  contentHash: string;
}

interface Checked {
  transactions: number;
  entries: number;
  accounts: Map<string, number>;
  declared: Map<string, HledgerTypeCode>;
  currencyUse: Map<string, number>;
  prices: Prices;
  assertions: (ResolvedAssertion & { entryIndex: number; date: string })[];
}

/** Lines of a text, each fingerprinted with its line break. */
async function* hashed(lines: Iterable<string> | AsyncIterable<string>, hash: Hash): AsyncGenerator<string> {
  for await (const line of lines) {
    hash.update(`${line}\n`);
    yield line;
  }
}

/** Pass 1: every line read and every transaction resolved; what pass 2 needs to know first. */
async function check(
  items: AsyncIterable<JournalItem>,
  onProgress?: ImportOptions['onProgress'],
): Promise<Checked> {
  const result: Checked = {
    transactions: 0,
    entries: 0,
    accounts: new Map(),
    declared: new Map(),
    currencyUse: new Map(),
    prices: new Map(),
    assertions: [],
  };
  const declaredAt = new Map<string, number>();
  for await (const item of items) {
    if (item.kind === 'account') {
      if (item.type) result.declared.set(item.name, item.type);
      if (!declaredAt.has(item.name)) declaredAt.set(item.name, item.line);
      continue;
    }
    if (item.kind === 'price') {
      addPrice(result.prices, item.currency, item.price.currency, item.date, decimalText(item.price)!);
      continue;
    }
    result.transactions++;
    const resolved = resolveTransaction(item);
    for (const l of resolved.lines) {
      if (!result.accounts.has(l.account)) result.accounts.set(l.account, l.line);
      result.currencyUse.set(l.currency, (result.currencyUse.get(l.currency) ?? 0) + 1);
    }
    for (const p of item.postings)
      if (!result.accounts.has(p.account)) result.accounts.set(p.account, p.line);
    for (const a of resolved.assertions)
      result.assertions.push({ ...a, entryIndex: result.entries, date: item.date });
    if (resolved.lines.length > 0) result.entries++;
    if (result.transactions % 1000 === 0)
      onProgress?.({ phase: 'checking', done: result.transactions, total: null });
  }
  for (const [name, line] of declaredAt) if (!result.accounts.has(name)) result.accounts.set(name, line);
  for (const list of result.prices.values())
    list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (const [name, line] of result.accounts)
    if (!accountTypeOf(name, result.declared)) {
      const top = name.split(':')[0]!;
      throw new JournalError(
        line,
        `cannot tell the type of account "${name}" from its top level "${top}"; declare it, e.g. \`account ${top}  ; type: A\` (A asset, L liability, E equity, R revenue, X expense)`,
      );
    }
  return result;
}

/**
 * Imports an hledger journal into `orgId`'s books, all or nothing, as `actor` (needs `ledger:post`
 * and `ledger:chart`). Accounts are created by full name; a file whose content was imported before
 * adds nothing. Throws a JournalError naming the line for anything it cannot read, an unbalanced
 * transaction, a refused posting or a failed balance assertion.
 */
export async function importHledgerJournal(
  db: Db,
  actor: Actor,
  file: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  assertCan(actor, 'ledger:post');
  assertCan(actor, 'ledger:chart');
  if (!options.lines && !existsSync(file))
    throw new AppError('not_found', 'FILE_NOT_FOUND', `There is no file ${file}.`, { file });
  // Each pass fingerprints what it reads: the second must read what the first checked.
  const lines = (hash: Hash) => (options.lines ? hashed(options.lines(), hash) : fileLines(file, hash));
  const firstRead = createHash('sha256');
  const checked = await check(parseJournal(lines(firstRead)), options.onProgress);
  const contentHash = firstRead.digest('hex');
  const result = await withOrg(db, actor.orgId, async (tx): Promise<ImportResult> => {
    const orgId = actor.orgId;
    const books =
      (await ledgerSettingsOf(tx, orgId)).baseCurrency ?? (await companyProfileOf(tx, orgId)).baseCurrency;
    const mostUsed = [...checked.currencyUse.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    // Takes the posting locks first: a second import of the same file waits, then finds this one.
    const bulk = await startBulkPosting(tx, actor, { defaultBaseCurrency: books ?? mostUsed ?? 'USD' });
    const [previous] = await tx
      .select()
      .from(interopImport)
      .where(
        and(
          eq(interopImport.orgId, orgId),
          eq(interopImport.format, 'hledger'),
          eq(interopImport.contentHash, contentHash),
        ),
      );
    if (previous)
      return {
        importId: previous.id,
        imported: false,
        entries: 0,
        lines: 0,
        accountsCreated: 0,
        assertions: 0,
        baseCurrency: books ?? '',
        contentHash,
      };
    const { ids: accountIds, created: accountsCreated } = await ensureAccounts(tx, actor, checked);
    const base = bulk.baseCurrency;
    const importId = newId('imp');
    let batch: {
      entry: JournalEntryInput;
      txn: JournalTransaction;
      lines: ResolvedLine[];
      extra: Omit<typeof interopEntry.$inferInsert, 'orgId' | 'entryId'> | null;
    }[] = [];
    let entries = 0;
    let lineTotal = 0;
    let firstSeq: number | null = null;
    let lastSeq: number | null = null;

    type Pending = (typeof batch)[number];
    /** A refusal of the ledger, at the journal line it comes from. */
    const atLine = (error: unknown, posted: Pending[]): unknown => {
      const index = error instanceof AppError ? error.details.entryIndex : undefined;
      if (typeof index !== 'number' || !(error instanceof AppError)) return error;
      const failed = posted[index]!;
      const lineNo = error.details.line;
      const posting = typeof lineNo === 'number' ? failed.lines[lineNo - 1] : undefined;
      if (error.code === 'EXCHANGE_RATE_MISSING') {
        const { currency, baseCurrency, date } = error.details as Record<string, string>;
        return new JournalError(
          posting?.line ?? failed.txn.line,
          `the books are kept in ${baseCurrency} and nothing in the file gives a ${currency} rate: add a market price such as \`P ${date} ${currency} 1.00 ${baseCurrency}\` (or a cost with @)`,
        );
      }
      const message = error.message.replace(/^Entry \d+: /, '').replace(/^Line \d+: /, '');
      return new JournalError(posting?.line ?? failed.txn.line, message);
    };
    const written = async (posted: Pending[], result: BulkBatchResult) => {
      firstSeq = Math.min(firstSeq ?? result.firstSeq, result.firstSeq);
      lastSeq = Math.max(lastSeq ?? result.lastSeq, result.lastSeq);
      entries += result.ids.length;
      lineTotal += result.lines;
      const extras = posted.flatMap((b, i) => (b.extra ? [{ entry_id: result.ids[i]!, ...b.extra }] : []));
      if (extras.length)
        await queryRows(
          tx,
          sql`insert into interop_entry (org_id, entry_id, status, date2, comment, line_statuses)
            select ${orgId}, r.entry_id, r.status, r.date2, r.comment, r.line_statuses
            from jsonb_to_recordset(${JSON.stringify(
              extras.map((e) => ({
                entry_id: e.entry_id,
                status: e.status ?? null,
                date2: e.date2 ?? null,
                comment: e.comment ?? null,
                line_statuses: e.lineStatuses ?? null,
              })),
            )}::jsonb) as r(entry_id text, status text, date2 text, comment text, line_statuses text)`,
        );
      options.onProgress?.({ phase: 'posting', done: entries, total: checked.entries });
    };
    // The batch before is written while this one is read and prepared; at most two in flight.
    const inflight: Promise<void>[] = [];
    const settle = async (promise: Promise<void>) => {
      try {
        await promise;
      } catch (error) {
        await Promise.allSettled(inflight); // nothing may still run when the transaction rolls back
        throw error;
      }
    };
    const flush = async () => {
      if (batch.length === 0) return;
      const posted = batch;
      batch = [];
      const done = bulk.post(posted.map((b) => b.entry)).then(
        (result) => written(posted, result),
        (error: unknown) => {
          throw atLine(error, posted);
        },
      );
      done.catch(() => undefined);
      inflight.push(done);
      while (inflight.length > 1) await settle(inflight.shift()!);
    };

    const secondRead = createHash('sha256');
    for await (const item of parseJournal(lines(secondRead))) {
      if (item.kind !== 'transaction') continue;
      const resolved = resolveTransaction(item);
      if (resolved.lines.length === 0) continue;
      const entryLines: JournalLineInput[] = resolved.lines.map((l) => {
        const line: JournalLineInput = {
          accountId: accountIds.get(l.account)!,
          currency: l.currency,
          amount: l.amount,
          memo: l.memo,
        };
        if (l.currency === base) return line;
        const rate = l.rate ?? rateInto(l.currency, base, item.date, resolved.rates, checked.prices);
        if (rate) line.rate = rate;
        return line;
      });
      const statuses = resolved.lines.map((l) => l.status || ' ').join('');
      const extra =
        item.status || item.date2 || item.comment || statuses.trim()
          ? {
              status: item.status || null,
              date2: item.date2,
              comment: item.comment,
              lineStatuses: statuses.trim() ? statuses : null,
            }
          : null;
      batch.push({
        entry: {
          date: item.date,
          description: item.description,
          payee: item.payee,
          code: item.code,
          source: { type: IMPORT_SOURCE_TYPE, id: importId },
          lines: entryLines,
        },
        txn: item,
        lines: resolved.lines,
        extra,
      });
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    while (inflight.length) await settle(inflight.shift()!);
    if (secondRead.digest('hex') !== contentHash)
      throw new AppError(
        'conflict',
        'FILE_CHANGED',
        `${file} changed while it was imported; nothing was imported.`,
        {
          file,
        },
      );

    for (const [i, a] of checked.assertions.entries()) {
      await checkAssertion(tx, orgId, importId, firstSeq, a);
      if (i % 100 === 99)
        options.onProgress?.({ phase: 'asserting', done: i + 1, total: checked.assertions.length });
    }
    const [row] = await tx
      .insert(interopImport)
      .values({
        orgId,
        id: importId,
        format: 'hledger',
        contentHash,
        fileName: options.fileName ?? path.basename(file),
        entryCount: entries,
        lineCount: lineTotal,
        accountCount: accountIds.size,
        firstSeq,
        lastSeq,
        importedBy: actor.id,
      })
      .returning();
    await recordAudit(tx, actor, {
      entity: 'interop_import',
      entityId: importId,
      action: 'create',
      after: row,
    });
    await emitEvent(tx, orgId, 'interop.journal_imported', {
      id: importId,
      format: 'hledger',
      entries,
      firstSeq,
      lastSeq,
    });
    return {
      importId,
      imported: true,
      entries,
      lines: lineTotal,
      accountsCreated,
      assertions: checked.assertions.length,
      baseCurrency: base,
      contentHash,
    };
  });
  if (result.imported) await tidyAfterBulkPosting(db);
  return result;
}
