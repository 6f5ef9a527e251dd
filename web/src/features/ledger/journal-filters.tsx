import { Button, Group, SegmentedControl, Select, Text, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch, IconX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { type Account, accountLabel } from '../../api/ledger.ts';
import type { JournalSearch } from './journal-search.ts';

export const hasJournalFilters = (s: JournalSearch) => Object.values(s).some((v) => v !== undefined);

/** Date range, account and status; every change goes to the URL at once. */
export function JournalFilters({
  search,
  setSearch,
  accounts,
}: {
  search: JournalSearch;
  setSearch: (patch: Partial<JournalSearch>) => void;
  accounts: readonly Account[];
}) {
  const badRange = search.from && search.to && search.from > search.to;
  // Typed words reach the URL (and the server) once the typing pauses.
  const [words, setWords] = useState(search.search ?? '');
  useEffect(() => setWords(search.search ?? ''), [search.search]);
  const sendWords = useDebouncedCallback(
    (value: string) => setSearch({ search: value.trim() || undefined }),
    250,
  );
  return (
    <Group gap="sm" align="flex-end" wrap="wrap" role="search" aria-label="Filter journal entries">
      <TextInput
        type="search"
        label="Search"
        placeholder="Description, payee, reference or #number"
        leftSection={<IconSearch size={16} />}
        value={words}
        onChange={(e) => {
          setWords(e.currentTarget.value);
          sendWords(e.currentTarget.value);
        }}
        style={{ flex: '1 1 220px' }}
        maw={320}
      />
      <TextInput
        type="date"
        label="From"
        value={search.from ?? ''}
        onChange={(e) => setSearch({ from: e.currentTarget.value || undefined })}
        w={160}
      />
      <TextInput
        type="date"
        label="To"
        value={search.to ?? ''}
        onChange={(e) => setSearch({ to: e.currentTarget.value || undefined })}
        error={badRange ? 'Before the start date' : undefined}
        w={160}
      />
      <Select
        label="Account"
        placeholder="All accounts"
        searchable
        clearable
        nothingFoundMessage="No account by that name or code"
        data={accounts.map((a) => ({ value: a.id, label: accountLabel(a) }))}
        value={search.accountId ?? null}
        onChange={(id) => setSearch({ accountId: id ?? undefined })}
        style={{ flex: '1 1 240px' }}
        maw={420}
      />
      <div>
        <Text size="sm" fw={500} mb={4} id="journal-status-label">
          Status
        </Text>
        <SegmentedControl
          aria-labelledby="journal-status-label"
          value={search.status ?? 'all'}
          onChange={(v) => setSearch({ status: v === 'all' ? undefined : (v as 'draft' | 'posted') })}
          data={[
            { value: 'all', label: 'All' },
            { value: 'posted', label: 'Posted' },
            { value: 'draft', label: 'Drafts' },
          ]}
        />
      </div>
      {hasJournalFilters(search) && (
        <Button
          variant="subtle"
          leftSection={<IconX size={14} />}
          onClick={() =>
            setSearch({
              from: undefined,
              to: undefined,
              accountId: undefined,
              status: undefined,
              sourceType: undefined,
              sourceId: undefined,
              search: undefined,
            })
          }
        >
          Clear filters
        </Button>
      )}
    </Group>
  );
}
