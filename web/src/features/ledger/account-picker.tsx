import { type ComboboxItem, type ComboboxItemGroup, Select, type SelectProps } from '@mantine/core';
import { useMemo } from 'react';
import { ACCOUNT_TYPES } from '../../../../src/modules/ledger/account.domain.ts';
import { type Account, accountLabel, TYPE_LABELS } from '../../api/ledger.ts';

/**
 * Choose an account by typing any part of its name or its code; the first match is highlighted, so
 * typing and Enter picks it. Archived accounts are left out: nothing posts to them.
 */
export function AccountPicker({
  accounts,
  ...props
}: { accounts: readonly Account[] } & Omit<SelectProps, 'data'>) {
  const data = useMemo<ComboboxItemGroup<ComboboxItem>[]>(
    () =>
      ACCOUNT_TYPES.map((type) => ({
        group: TYPE_LABELS[type],
        items: accounts
          .filter((a) => a.type === type && (!a.archivedAt || a.id === props.value))
          .map((a) => ({ value: a.id, label: accountLabel(a) })),
      })).filter((g) => g.items.length > 0),
    [accounts, props.value],
  );
  return (
    <Select
      searchable
      selectFirstOptionOnChange
      limit={60}
      maxDropdownHeight={320}
      nothingFoundMessage="No account by that name or code"
      comboboxProps={{ position: 'bottom-start' }}
      data={data}
      {...props}
    />
  );
}
