import { and, eq, inArray } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import type { Tx } from '../../db/client.ts';
import { conversionAccountName } from './account.domain.ts';
import { addAccount } from './account.service.ts';
import { ledgerAccount } from './ledger.table.ts';

// An entry must balance in each currency. One that exchanges one currency for another (a payment
// in GBP settling a EUR invoice) does so through a pair of conversion accounts, as hledger's
// --infer-equity does: the GBP side lands on equity:conversion:EUR-GBP:GBP, the EUR side on
// equity:conversion:EUR-GBP:EUR, at the same base value.

/**
 * The conversion accounts' ids for an exchange between `from` and `to`, by currency; made (equity)
 * the first time one is needed. Checks no permission, like `postJournal`.
 */
export async function conversionAccounts(
  tx: Tx,
  actor: Actor,
  from: string,
  to: string,
): Promise<Record<string, string>> {
  const names = [conversionAccountName(from, to, from), conversionAccountName(from, to, to)];
  const found = await tx
    .select({ id: ledgerAccount.id, name: ledgerAccount.name })
    .from(ledgerAccount)
    .where(and(eq(ledgerAccount.orgId, actor.orgId), inArray(ledgerAccount.name, names)));
  const ids: Record<string, string> = {};
  for (const [i, currency] of [from, to].entries()) {
    const name = names[i]!;
    ids[currency] =
      found.find((a) => a.name === name)?.id ??
      (
        await addAccount(tx, actor, {
          name,
          type: 'equity',
          description: `What ${from}/${to} exchanges gave or took in ${currency}; worth nothing in the base currency.`,
        })
      ).id;
  }
  return ids;
}
