import type { AccountType } from '../../../../src/modules/ledger/account.domain.ts';
import { ACCOUNT_TYPES, ancestorNames, normalSign } from '../../../../src/modules/ledger/account.domain.ts';
import type { Account } from '../../api/ledger.ts';

// The chart of accounts as an indented tree. Names are colon-separated paths
// (`expenses:office:rent`); a level that has no account of its own (`expenses`) still gets a row, so
// the tree never skips a step.

export interface TreeRow {
  /** The full name: the key, and what a group row stands for. */
  name: string;
  /** The last part of the name, shown indented. */
  label: string;
  depth: number;
  account: Account | null;
  type: AccountType;
  /** Base-currency balance of this account and everything below it, in its type's normal sign. */
  total: number;
  hasChildren: boolean;
}

export interface TreeFilter {
  text: string;
  type: AccountType | null;
  showArchived: boolean;
}

const matches = (a: Account, text: string) => {
  if (!text) return true;
  const t = text.toLowerCase();
  return (
    a.name.toLowerCase().includes(t) ||
    (a.code ?? '').toLowerCase().startsWith(t) ||
    a.subtype.replaceAll('_', ' ').includes(t) ||
    (a.description ?? '').toLowerCase().includes(t)
  );
};

/** Rows in name order; a filter keeps the matching accounts and the levels above them. */
export function accountTree(accounts: readonly Account[], filter: TreeFilter): TreeRow[] {
  const visible = accounts.filter(
    (a) => (filter.showArchived || !a.archivedAt) && (!filter.type || a.type === filter.type),
  );
  const kept = visible.filter((a) => matches(a, filter.text.trim()));
  const byName = new Map(visible.map((a) => [a.name, a]));
  const names = new Set<string>();
  for (const a of kept) {
    names.add(a.name);
    for (const up of ancestorNames(a.name)) names.add(up);
  }
  // Rolled-up totals, over every visible account (not only the matches): a parent's figure is its
  // whole subtree's.
  const totals = new Map<string, number>();
  for (const a of visible) {
    const signed = a.baseBalance * normalSign(a.type);
    for (const n of [...ancestorNames(a.name), a.name]) totals.set(n, (totals.get(n) ?? 0) + signed);
  }
  // Top levels in the order of the balance sheet and income statement; by name below them.
  const rootType = (name: string) => {
    const root = name.split(':')[0] ?? name;
    const a = byName.get(root) ?? visible.find((x) => x.name === root || x.name.startsWith(`${root}:`));
    return a ? ACCOUNT_TYPES.indexOf(a.type) : ACCOUNT_TYPES.length;
  };
  const sorted = [...names].sort((x, y) => rootType(x) - rootType(y) || (x < y ? -1 : x > y ? 1 : 0));
  return sorted.map((name) => {
    const account = byName.get(name) ?? null;
    const below = sorted.find((n) => n.startsWith(`${name}:`));
    const firstBelow = account ?? visible.find((a) => a.name.startsWith(`${name}:`));
    return {
      name,
      label: name.split(':').at(-1) ?? name,
      depth: name.split(':').length - 1,
      account,
      type: firstBelow?.type ?? 'asset',
      total: totals.get(name) ?? 0,
      hasChildren: below !== undefined,
    };
  });
}
