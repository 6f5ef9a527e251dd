import type { Actor } from '../../core/actor.ts';
import { minorToDecimalString } from '../../core/money.ts';
import type { Db, Tx } from '../../db/client.ts';
import { queryRows, sql } from '../../db/client.ts';
import { enterOrg } from '../../db/tenancy.ts';
import { assertCan } from '../identity/permissions.ts';
import { type Account, type AccountType, ledgerSettingsOf, listAccounts } from '../ledger/index.ts';
import { CODE_OF_TYPE } from './hledger.domain.ts';
import { RATE_TAG_NAME } from './hledger.parser.ts';
import { SYMBOL_CURRENCIES } from './hledger-amount.ts';

// Writing the books as plain-text journals, streamed a page of entries at a time (one consistent
// snapshot): hledger (what the import reads, so export → import round-trips) and beancount.

const PAGE = 1000;

export interface ExportLine {
  account: Account;
  currency: string;
  amount: bigint;
  rate: string;
  memo: string | null;
  status: string;
}

export interface ExportEntry {
  seq: number;
  date: string;
  date2: string | null;
  status: string;
  code: string | null;
  payee: string | null;
  description: string;
  comment: string | null;
  lines: ExportLine[];
}

export interface ExportBooks {
  baseCurrency: string | null;
  accounts: Account[];
  /** The first date each account was posted to. */
  firstUse: Map<string, string>;
  firstDate: string | null;
  rates: { date: string; base: string; quote: string; rate: string }[];
}

/** Reads the books in one repeatable-read snapshot: the chart, then the entries page by page. */
async function readBooks(
  db: Db,
  actor: Actor,
  write: (books: ExportBooks) => void,
  entry: (e: ExportEntry) => void,
): Promise<{ entries: number }> {
  assertCan(actor, 'ledger:read');
  const orgId = actor.orgId;
  return db.transaction(
    async (tx: Tx) => {
      await enterOrg(tx, orgId);
      const accounts = await listAccounts(tx, orgId, { includeArchived: true });
      const byId = new Map(accounts.map((a) => [a.id, a]));
      const firstUse = await queryRows<{ account_id: string; first: string }>(
        tx,
        sql`select account_id, min(date)::text as first from journal_line where org_id = ${orgId} group by account_id`,
      );
      const rates = await queryRows<{ date: string; base: string; quote: string; rate: string }>(
        tx,
        sql`select date::text as date, base, quote, rate from exchange_rate where org_id = ${orgId} order by date, base, quote`,
      );
      const uses = new Map(firstUse.map((r) => [r.account_id, r.first]));
      write({
        baseCurrency: (await ledgerSettingsOf(tx, orgId)).baseCurrency,
        accounts,
        firstUse: uses,
        firstDate: [...uses.values()].sort()[0] ?? null,
        rates,
      });
      const [last] = await queryRows<{ seq: string | null }>(
        tx,
        sql`select max(seq)::text as seq from journal_entry where org_id = ${orgId}`,
      );
      const lastSeq = Number(last?.seq ?? 0);
      let count = 0;
      // Pages by a range of numbers (dense from 1), so each page costs the same however far in it is.
      for (let after = 0; after < lastSeq; after += PAGE) {
        const rows = await queryRows<{
          id: string;
          seq: string;
          date: string;
          description: string;
          payee: string | null;
          code: string | null;
          status: string | null;
          date2: string | null;
          comment: string | null;
          line_statuses: string | null;
        }>(
          tx,
          sql`select e.id, e.seq::text as seq, e.date::text as date, e.description, e.payee, e.code,
              x.status, x.date2, x.comment, x.line_statuses
            from journal_entry e left join interop_entry x on x.org_id = e.org_id and x.entry_id = e.id
            where e.org_id = ${orgId} and e.seq > ${after} and e.seq <= ${after + PAGE} order by e.seq`,
        );
        if (rows.length === 0) continue;
        const lines = await queryRows<{
          entry_id: string;
          line_no: number;
          account_id: string;
          currency: string;
          amount: string;
          rate: string;
          memo: string | null;
        }>(
          tx,
          sql`select entry_id, line_no, account_id, currency, amount::text as amount, rate, memo from journal_line
            where org_id = ${orgId} and entry_id in (select jsonb_array_elements_text(${JSON.stringify(rows.map((r) => r.id))}::jsonb))
            order by entry_id, line_no`,
        );
        const byEntry = new Map<string, typeof lines>();
        for (const l of lines) {
          const list = byEntry.get(l.entry_id) ?? [];
          list.push(l);
          byEntry.set(l.entry_id, list);
        }
        for (const r of rows) {
          const statuses = r.line_statuses ?? '';
          entry({
            seq: Number(r.seq),
            date: r.date,
            date2: r.date2,
            status: r.status ?? '',
            code: r.code,
            payee: r.payee,
            description: r.description,
            comment: r.comment,
            lines: (byEntry.get(r.id) ?? []).map((l) => ({
              account: byId.get(l.account_id)!,
              currency: l.currency,
              amount: BigInt(l.amount),
              rate: l.rate,
              memo: l.memo,
              status: (statuses[l.line_no - 1] ?? ' ').trim(),
            })),
          });
          count++;
        }
      }
      return { entries: count };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/** hledger's type code: C (cash) for bank and cash accounts, otherwise by type. */
const typeCode = (a: Account) => (a.subtype === 'cash' || a.subtype === 'bank' ? 'C' : CODE_OF_TYPE[a.type]);

const money = (amount: bigint, currency: string) => `${minorToDecimalString(amount, currency)} ${currency}`;

/** Text safe on one hledger line: no line breaks (a `;` in a description would start a comment). */
const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ').replace(/;/g, ',');

/**
 * Writes the organization's posted entries as an hledger journal: account declarations with their
 * types, exchange rates as P directives, then every entry with its date (and secondary date),
 * status, code, payee | description, comments and postings in currency codes with their memos.
 * Needs `ledger:read`.
 */
export async function exportHledger(
  db: Db,
  actor: Actor,
  write: (text: string) => void,
): Promise<{ entries: number }> {
  let base: string | null = null;
  return readBooks(
    db,
    actor,
    (books) => {
      base = books.baseCurrency;
      write(
        `; Exported by Ordo. Amounts in ISO 4217 codes${books.baseCurrency ? `; books kept in ${books.baseCurrency}` : ''}.\n\n`,
      );
      for (const a of books.accounts)
        write(`account ${a.name}  ; type: ${typeCode(a)}${a.archivedAt ? ', archived:' : ''}\n`);
      if (books.rates.length) write('\n');
      for (const r of books.rates) write(`P ${r.date} ${r.base} ${r.rate} ${r.quote}\n`);
    },
    (e) => {
      let head = `\n${e.date}${e.date2 ? `=${e.date2}` : ''}`;
      if (e.status) head += ` ${e.status}`;
      if (e.code) head += ` (${oneLine(e.code).replace(/\)/g, ']')})`;
      const description = oneLine(e.description);
      if (e.payee !== null) head += ` ${oneLine(e.payee).replace(/\|/g, '/')} | ${description}`;
      else head += ` ${description.replace(/\|/g, '/')}`;
      const comment = e.comment?.split('\n') ?? [];
      if (comment.length) head += `  ; ${comment[0]}`;
      write(`${head.trimEnd()}\n`);
      for (const c of comment.slice(1)) write(`    ; ${c}\n`);
      for (const l of e.lines) {
        const memo = l.memo?.split('\n') ?? [];
        // A foreign line's rate, so that reading the export back gives the same base amounts.
        const rate = l.currency !== base ? `${RATE_TAG_NAME}:${l.rate}` : '';
        const first = [memo[0], rate].filter(Boolean).join(', ');
        write(
          `    ${l.status ? `${l.status} ` : ''}${l.account.name}  ${money(l.amount, l.currency)}${first ? `  ; ${first}` : ''}\n`,
        );
        for (const m of memo.slice(1)) write(`        ; ${m}\n`);
      }
    },
  );
}

const BEANCOUNT_ROOTS: Record<AccountType, { root: string; names: string[] }> = {
  asset: { root: 'Assets', names: ['assets', 'asset'] },
  liability: { root: 'Liabilities', names: ['liabilities', 'liability'] },
  equity: { root: 'Equity', names: ['equity'] },
  income: { root: 'Income', names: ['income', 'revenue', 'revenues'] },
  expense: { root: 'Expenses', names: ['expenses', 'expense'] },
};

/** One name component as beancount accepts it: starts with a capital or digit; letters, digits and dashes. */
function beancountComponent(part: string): string {
  let text = part;
  for (const [symbol, code] of Object.entries(SYMBOL_CURRENCIES)) text = text.replaceAll(symbol, code);
  text = text.replace(/[^\p{L}\p{N}-]+/gu, '-');
  if (/^[a-z]/.test(text)) text = text[0]!.toUpperCase() + text.slice(1);
  if (!/^[A-Z0-9]/.test(text) && !(text.charCodeAt(0) > 127)) text = `X${text}`;
  return text;
}

/**
 * Beancount names for the chart: the root from the account's type (Assets, Liabilities, Equity,
 * Income, Expenses), replacing a top level that says the same (`revenue:x` → `Income:X`) and keeping
 * any other (`bank:x` → `Assets:Bank:X`); components capitalized, other characters as dashes;
 * a clash gets a numeric suffix. The export records each original name in the `open` directive's
 * `name` metadata, so the mapping can be reversed exactly.
 */
export function beancountNames(accounts: readonly Account[]): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const a of accounts) {
    const { root, names: same } = BEANCOUNT_ROOTS[a.type];
    const parts = a.name.split(':');
    const rest = same.includes(parts[0]!.toLowerCase()) ? parts.slice(1) : parts;
    const base = [root, ...rest.map(beancountComponent)].join(':');
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
    taken.add(name);
    names.set(a.id, name);
  }
  return names;
}

const quoted = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/**
 * Writes the organization's posted entries as a beancount ledger: the operating currency, an
 * `open` per account (dated at its first posting, its Ordo name kept as metadata), exchange rates as
 * `price` directives, and every entry with its flag, payee and narration, code and comment as
 * metadata, postings in currency codes (memos as posting metadata). Needs `ledger:read`.
 */
export async function exportBeancount(
  db: Db,
  actor: Actor,
  write: (text: string) => void,
): Promise<{ entries: number }> {
  let names = new Map<string, string>();
  let base: string | null = null;
  return readBooks(
    db,
    actor,
    (books) => {
      base = books.baseCurrency;
      names = beancountNames(books.accounts);
      write('; Exported by Ordo.\n');
      if (books.baseCurrency) write(`option "operating_currency" ${quoted(books.baseCurrency)}\n`);
      write('\n');
      const fallback = books.firstDate ?? new Date().toISOString().slice(0, 10);
      for (const a of books.accounts) {
        write(`${books.firstUse.get(a.id) ?? fallback} open ${names.get(a.id)}\n  name: ${quoted(a.name)}\n`);
      }
      for (const r of books.rates) write(`${r.date} price ${r.base} ${r.rate} ${r.quote}\n`);
    },
    (e) => {
      const flag = e.status === '!' ? '!' : '*';
      const text = e.payee !== null ? `${quoted(e.payee)} ${quoted(e.description)}` : quoted(e.description);
      write(`\n${e.date} ${flag} ${text}\n`);
      if (e.code) write(`  code: ${quoted(e.code)}\n`);
      if (e.comment) write(`  comment: ${quoted(e.comment)}\n`);
      if (e.date2) write(`  date2: ${quoted(e.date2)}\n`);
      for (const l of e.lines) {
        write(
          `  ${l.status === '!' ? '! ' : ''}${names.get(l.account.id)}  ${money(l.amount, l.currency)}\n`,
        );
        if (l.memo) write(`    memo: ${quoted(l.memo)}\n`);
        if (l.currency !== base) write(`    rate: ${quoted(l.rate)}\n`);
      }
    },
  );
}
