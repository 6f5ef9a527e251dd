import type { Queryable } from '../../db/client.ts';
import { companyProfileOf } from '../company/index.ts';
import { type Account, type AccountBalance, ledgerSettingsOf, listAccounts } from '../ledger/index.ts';

// What every report reads besides figures: the chart, the books' currency, the fiscal year.

export interface ReportContext {
  accounts: Map<string, Account>;
  /** The books' currency; the company's chosen one before the first posting; null when neither is set. */
  baseCurrency: string | null;
  /** `MM-DD`. */
  fiscalYearStart: string;
  companyName: string;
}

export async function reportContext(q: Queryable, orgId: string): Promise<ReportContext> {
  const accounts = await listAccounts(q, orgId, { includeArchived: true });
  const settings = await ledgerSettingsOf(q, orgId);
  const company = await companyProfileOf(q, orgId);
  return {
    accounts: new Map(accounts.map((a) => [a.id, a])),
    baseCurrency: settings.baseCurrency ?? company.baseCurrency,
    fiscalYearStart: company.fiscalYearStart,
    companyName: company.tradingName || company.legalName,
  };
}

/** Sums by account id (base amounts), leaving out accounts the filter refuses. */
export function baseByAccount(
  balances: readonly AccountBalance[],
  keep: (accountId: string) => boolean = () => true,
): Map<string, bigint> {
  const sums = new Map<string, bigint>();
  for (const b of balances)
    if (keep(b.accountId)) sums.set(b.accountId, (sums.get(b.accountId) ?? 0n) + b.baseAmount);
  return sums;
}
