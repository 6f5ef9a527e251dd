import { useQuery } from '@tanstack/react-query';
import { useRouteContext } from '@tanstack/react-router';
import { useMemo } from 'react';
import { accountsQuery } from '../../api/ledger.ts';
import {
  type Customer,
  customersQuery,
  type Item,
  itemsQuery,
  type TaxRate,
  taxRatesQuery,
} from '../../api/sales.ts';

/** What the signed-in role may do in receivables (the server checks again). */
export function useSalesPermissions() {
  const { permissions } = useRouteContext({ from: '/signed-in/in-org' });
  return {
    canRead: permissions.has('sales:read'),
    canWrite: permissions.has('invoice:write'),
    canIssue: permissions.has('invoice:issue'),
    canVoid: permissions.has('invoice:void'),
    canPay: permissions.has('payment:write'),
    canQuote: permissions.has('quote:write'),
    canCustomer: permissions.has('customer:write'),
    canCatalog: permissions.has('catalog:write'),
    canTax: permissions.has('tax_rate:write'),
    canSettings: permissions.has('sales:settings'),
    canLedger: permissions.has('ledger:read'),
  };
}

/** Every customer (merged duplicates left out) and a lookup by id. */
export function useCustomers() {
  const query = useQuery(customersQuery());
  const byId = useMemo(
    () => new Map<string, Customer>((query.data?.items ?? []).map((c) => [c.id, c])),
    [query.data],
  );
  return { query, items: query.data?.items ?? [], byId };
}

export function useTaxRates() {
  const query = useQuery(taxRatesQuery);
  const byId = useMemo(
    () => new Map<string, TaxRate>((query.data?.items ?? []).map((r) => [r.id, r])),
    [query.data],
  );
  return { query, items: query.data?.items ?? [], byId };
}

export function useItems() {
  const query = useQuery(itemsQuery);
  const byId = useMemo(
    () => new Map<string, Item>((query.data?.items ?? []).map((i) => [i.id, i])),
    [query.data],
  );
  return { query, items: query.data?.items ?? [], byId };
}

/** Subtypes of the accounts money can be received into (the server refuses any other). */
const MONEY_SUBTYPES = new Set(['bank', 'cash', 'current_asset', 'other_asset', 'credit_card']);

/** Open bank, cash and clearing accounts, banks first. */
export function useMoneyAccounts() {
  const accounts = useQuery(accountsQuery());
  const items = useMemo(
    () =>
      (accounts.data?.items ?? [])
        .filter((a) => !a.archivedAt && MONEY_SUBTYPES.has(a.subtype))
        .sort((a, b) => Number(b.subtype === 'bank') - Number(a.subtype === 'bank')),
    [accounts.data],
  );
  return { query: accounts, items };
}
