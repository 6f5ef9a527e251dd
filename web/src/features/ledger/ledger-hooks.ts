import { useQuery } from '@tanstack/react-query';
import { useRouteContext } from '@tanstack/react-router';
import { useMemo } from 'react';
import { companyQuery } from '../../api/company.ts';
import { type Account, accountsQuery, ledgerSettingsQuery } from '../../api/ledger.ts';

/** The books' currency: fixed by the first posting, until then the company profile's. */
export function useBaseCurrency(): { currency: string | null; isPending: boolean } {
  const settings = useQuery(ledgerSettingsQuery);
  const company = useQuery(companyQuery);
  return {
    currency: settings.data?.baseCurrency ?? company.data?.baseCurrency ?? null,
    isPending: settings.isPending || company.isPending,
  };
}

/** The accounts (balances as of today) and a lookup by id. */
export function useAccounts() {
  const accounts = useQuery(accountsQuery());
  const byId = useMemo(
    () => new Map<string, Account>((accounts.data?.items ?? []).map((a) => [a.id, a])),
    [accounts.data],
  );
  return { accounts, items: accounts.data?.items ?? [], byId };
}

/** What the signed-in role may do in the ledger (the server checks again). */
export function useLedgerPermissions() {
  const { permissions } = useRouteContext({ from: '/signed-in/in-org' });
  return {
    canPost: permissions.has('ledger:post'),
    canChart: permissions.has('ledger:chart'),
    canSettings: permissions.has('ledger:settings'),
  };
}
