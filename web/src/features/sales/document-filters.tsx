import { ActionIcon, Button, Group, Menu, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconBookmark, IconSearch, IconTrash, IconX } from '@tabler/icons-react';
import { useRouteContext } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import type { DocumentStatus, DocumentType } from '../../api/sales.ts';
import { DateRangeFields } from '../reports/report-bits.tsx';
import { DOCUMENT_SEARCH_MAX, type DocumentSearch, hasFilters } from './document-search.ts';
import { useCustomers } from './sales-hooks.ts';
import { type SavedView, useSavedViews } from './saved-views.ts';

const STATUS_CHOICES: Record<DocumentType, { value: DocumentStatus; label: string }[]> = {
  invoice: [
    { value: 'draft', label: 'Drafts' },
    { value: 'issued', label: 'Issued, unpaid' },
    { value: 'partially_paid', label: 'Partly paid' },
    { value: 'overdue', label: 'Overdue' },
    { value: 'paid', label: 'Paid' },
    { value: 'void', label: 'Void' },
  ],
  credit_note: [
    { value: 'draft', label: 'Drafts' },
    { value: 'issued', label: 'Issued, credit left' },
    { value: 'applied', label: 'Applied' },
  ],
  quote: [
    { value: 'draft', label: 'Drafts' },
    { value: 'sent', label: 'Sent' },
    { value: 'accepted', label: 'Accepted' },
    { value: 'declined', label: 'Declined' },
    { value: 'invoiced', label: 'Invoiced' },
  ],
};

const CLEAR: DocumentSearch = {
  status: undefined,
  customerId: undefined,
  from: undefined,
  to: undefined,
  q: undefined,
};

/**
 * Search, status, customer and issue dates; every change goes to the URL at once (the search after a
 * pause in typing) and the server filters by it. Filters save as views.
 */
export function DocumentFilters({
  type,
  search,
  setSearch,
  badRange,
}: {
  type: DocumentType;
  search: DocumentSearch;
  setSearch: (patch: Partial<DocumentSearch>) => void;
  badRange: boolean;
}) {
  const { items: customers } = useCustomers();
  const [words, setWords] = useState(search.q ?? '');
  useEffect(() => setWords(search.q ?? ''), [search.q]);
  const sendWords = useDebouncedCallback((value: string) => setSearch({ q: value.trim() || undefined }), 250);
  return (
    <Group gap="sm" align="flex-end" wrap="wrap" role="search" aria-label="Filter the list">
      <TextInput
        type="search"
        label="Search"
        placeholder="Number, reference, customer"
        maxLength={DOCUMENT_SEARCH_MAX}
        leftSection={<IconSearch size={16} />}
        value={words}
        onChange={(e) => {
          setWords(e.currentTarget.value);
          sendWords(e.currentTarget.value);
        }}
        w={220}
      />
      <Select
        label="Status"
        placeholder="Any status"
        clearable
        data={STATUS_CHOICES[type]}
        value={search.status ?? null}
        onChange={(v) => setSearch({ status: (v as DocumentStatus | null) ?? undefined })}
        w={170}
      />
      <Select
        label="Customer"
        placeholder="All customers"
        searchable
        clearable
        nothingFoundMessage="No customer by that name"
        data={customers.map((c) => ({ value: c.id, label: c.name }))}
        value={search.customerId ?? null}
        onChange={(id) => setSearch({ customerId: id ?? undefined })}
        style={{ flex: '1 1 200px' }}
        maw={300}
      />
      <DateRangeFields from={search.from} to={search.to} badRange={badRange} onChange={setSearch} />
      <SavedViews list={type} search={search} apply={(s) => setSearch({ ...CLEAR, ...s })} />
      {hasFilters(search) && (
        <Button variant="subtle" leftSection={<IconX size={14} />} onClick={() => setSearch(CLEAR)}>
          Clear filters
        </Button>
      )}
    </Group>
  );
}

function SavedViews({
  list,
  search,
  apply,
}: {
  list: string;
  search: DocumentSearch;
  apply: (s: DocumentSearch) => void;
}) {
  const { me } = useRouteContext({ from: '/signed-in/in-org' });
  const { views, save, remove } = useSavedViews({
    userId: me.user?.id ?? 'anonymous',
    orgId: me.actor?.orgId ?? 'none',
    list,
  });
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const builtIn: SavedView[] =
    list === 'invoice'
      ? [
          { name: 'Overdue', search: { status: 'overdue' } },
          { name: 'Drafts', search: { status: 'draft' } },
        ]
      : [];
  const filtered = hasFilters(search);
  return (
    <Group gap={4}>
      <Menu position="bottom-start" withinPortal>
        <Menu.Target>
          <Button variant="default" leftSection={<IconBookmark size={16} />}>
            Views
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {builtIn.map((v) => (
            <Menu.Item key={`built-in:${v.name}`} onClick={() => apply(v.search)}>
              {v.name}
            </Menu.Item>
          ))}
          {views.length > 0 && <Menu.Label>Your views</Menu.Label>}
          {views.map((v) => (
            <Menu.Item
              key={v.name}
              onClick={() => apply(v.search)}
              rightSection={
                <ActionIcon
                  component="span"
                  size="sm"
                  variant="subtle"
                  color="gray"
                  aria-label={`Delete the view ${v.name}`}
                  onClick={(e: React.MouseEvent) => {
                    e.stopPropagation();
                    remove(v.name);
                  }}
                >
                  <IconTrash size={14} />
                </ActionIcon>
              }
            >
              {v.name}
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item disabled={!filtered} onClick={() => setNaming(true)}>
            Save these filters as a view…
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={naming} onClose={() => setNaming(false)} title="Save these filters as a view" size="sm">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!name.trim()) return;
            save(name.trim().slice(0, 60), search);
            setName('');
            setNaming(false);
          }}
        >
          <Stack gap="xs">
            <TextInput
              label="View name"
              placeholder="Overdue for Acme"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              data-autofocus
            />
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={() => setNaming(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={!name.trim()}>
                Save view
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Group>
  );
}
