import { eq } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { minorToDecimalString } from '../../core/money.ts';
import type { Tx } from '../../db/client.ts';
import { queryRows, sql } from '../../db/client.ts';
import { createAccount, ledgerAccount } from '../ledger/index.ts';
import { accountTypeOf, type ResolvedAssertion } from './hledger.domain.ts';
import type { HledgerTypeCode } from './hledger.parser.ts';
import { JournalError } from './hledger.parser.ts';

// What the import reads and writes besides posting: the chart by full name, balance assertions.

export const IMPORT_SOURCE_TYPE = 'interop.hledger_import';

/** The accounts the file names, by name: existing ones reused, the others created with their type. */
export async function ensureAccounts(
  tx: Tx,
  actor: Actor,
  c: { accounts: ReadonlyMap<string, number>; declared: ReadonlyMap<string, HledgerTypeCode> },
): Promise<{ ids: Map<string, string>; created: number }> {
  const existing = await tx
    .select({ id: ledgerAccount.id, name: ledgerAccount.name })
    .from(ledgerAccount)
    .where(eq(ledgerAccount.orgId, actor.orgId));
  const byName = new Map(existing.map((a) => [a.name, a.id]));
  const ids = new Map<string, string>();
  let created = 0;
  for (const name of [...c.accounts.keys()].sort()) {
    const id = byName.get(name);
    if (id) {
      ids.set(name, id);
      continue;
    }
    const typed = accountTypeOf(name, c.declared)!;
    const account = await createAccount(tx, actor, {
      name,
      type: typed.type,
      ...(typed.subtype ? { subtype: typed.subtype } : {}),
    });
    created++;
    ids.set(name, account.id);
  }
  return { ids, created };
}

/**
 * A balance assertion as hledger checks it: the account's balance in the currency (or, with `==`,
 * in every currency) from this file's postings dated before the assertion's, and those on its date
 * up to and including the asserted posting; `=*` includes the accounts below.
 */
export async function checkAssertion(
  tx: Tx,
  orgId: string,
  importId: string,
  firstSeq: number | null,
  a: ResolvedAssertion & { entryIndex: number; date: string },
) {
  const seq = (firstSeq ?? 1) + a.entryIndex;
  const accounts = a.inclusive
    ? sql`(a.name = ${a.account} or a.name like ${`${a.account.replace(/[\\%_]/g, (ch) => `\\${ch}`)}:%`})`
    : sql`a.name = ${a.account}`;
  const rows = await queryRows<{ currency: string; total: string }>(
    tx,
    sql`select l.currency, sum(l.amount)::text as total
      from journal_line l
      join journal_entry e on e.org_id = l.org_id and e.id = l.entry_id
      join ledger_account a on a.org_id = l.org_id and a.id = l.account_id
      where l.org_id = ${orgId} and e.source_type = ${IMPORT_SOURCE_TYPE} and e.source_id = ${importId} and ${accounts}
        and (l.date < ${a.date}::date or (l.date = ${a.date}::date and (e.seq < ${seq} or (e.seq = ${seq} and l.line_no <= ${a.linesThrough}))))
      group by l.currency`,
  );
  const balances = new Map(rows.map((r) => [r.currency, BigInt(r.total)]));
  const actual = balances.get(a.currency) ?? 0n;
  if (actual !== a.minor)
    throw new JournalError(
      a.line,
      `balance assertion failed: ${a.account} is ${minorToDecimalString(actual, a.currency)} ${a.currency} here, the file asserts ${minorToDecimalString(a.minor, a.currency)} ${a.currency}`,
    );
  if (a.total)
    for (const [currency, total] of balances)
      if (currency !== a.currency && total !== 0n)
        throw new JournalError(
          a.line,
          `balance assertion (==) failed: ${a.account} also holds ${minorToDecimalString(total, currency)} ${currency}`,
        );
}
