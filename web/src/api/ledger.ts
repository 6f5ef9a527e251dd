import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client.ts';
import type { components } from './schema.gen.ts';

// The ledger's API for the web app: types from the generated schema, and the shared queries.

export type Account = components['schemas']['Account'];
export type AccountType = components['schemas']['AccountType'];
export type AccountSubtype = components['schemas']['AccountSubtype'];
export type JournalEntry = components['schemas']['JournalEntry'];
export type JournalLine = components['schemas']['JournalLine'];
export type JournalLineInput = components['schemas']['JournalLineInput'];
export type ChartTemplate = components['schemas']['ChartTemplate'];
export type LedgerSettings = components['schemas']['LedgerSettings'];
export type ExchangeRate = components['schemas']['ExchangeRate'];
export type FiscalYear = components['schemas']['FiscalYear'];

/** Every account, archived ones too, with balances at the end of `asOf` (today when left out). */
export const accountsQuery = (asOf?: string) =>
  queryOptions({
    queryKey: ['ledger', 'accounts', asOf ?? 'today'],
    queryFn: () => unwrap(api.GET('/api/ledger/accounts', { params: { query: { asOf } } })),
    placeholderData: keepPreviousData,
  });

export const chartTemplatesQuery = queryOptions({
  queryKey: ['ledger', 'chart-templates'],
  queryFn: () => unwrap(api.GET('/api/ledger/chart-templates')),
  staleTime: Number.POSITIVE_INFINITY,
});

export const entryQuery = (id: string) =>
  queryOptions({
    queryKey: ['ledger', 'entry', id],
    queryFn: () => unwrap(api.GET('/api/ledger/entries/{id}', { params: { path: { id } } })),
  });

export const ledgerSettingsQuery = queryOptions({
  queryKey: ['ledger', 'settings'],
  queryFn: () => unwrap(api.GET('/api/ledger/settings')),
});

export const fiscalYearsQuery = queryOptions({
  queryKey: ['ledger', 'fiscal-years'],
  queryFn: () => unwrap(api.GET('/api/ledger/fiscal-years')),
});

/** Whatever a posting changes: balances, entries, fiscal years. */
export const isLedgerQuery = (q: { queryKey: readonly unknown[] }) => q.queryKey[0] === 'ledger';

export const TYPE_LABELS: Record<AccountType, string> = {
  asset: 'Asset',
  liability: 'Liability',
  equity: 'Equity',
  income: 'Income',
  expense: 'Expense',
};

/** `fx_gain_loss` → `FX gain/loss`, `current_asset` → `Current asset`. */
export function subtypeLabel(subtype: string): string {
  if (subtype === 'fx_gain_loss') return 'FX gain/loss';
  const words = subtype.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** `5000 · expenses:office:rent`: how an account is named in pickers and lines. */
export const accountLabel = (a: Pick<Account, 'code' | 'name'>) =>
  a.code ? `${a.code} · ${a.name}` : a.name;
