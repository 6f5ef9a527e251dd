import { Autocomplete, Badge, Button, Group, Paper, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconFilter } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { AuditSearch } from '../../router.tsx';

// Suggestions only: any record type or action the server records can be typed.
const KNOWN_ENTITIES = ['api_key', 'company_logo', 'company_profile', 'invitation', 'member', 'organization'];
const KNOWN_ACTIONS = [
  'accept',
  'add',
  'change_role',
  'create',
  'remove',
  'replace',
  'revoke',
  'set',
  'update',
];

export const hasFilters = (s: AuditSearch) => Object.values(s).some((v) => v !== undefined && v !== '');

/** Filters, kept in the URL. Typed ones apply a moment after typing stops. */
export function Filters({
  search,
  setSearch,
  actorOptions,
  knownActor,
}: {
  search: AuditSearch;
  setSearch: (patch: Partial<AuditSearch>) => void;
  actorOptions: { group: string; items: { value: string; label: string }[] }[];
  knownActor: (id: string) => boolean;
}) {
  const [text, setText] = useState({
    entity: search.entity ?? '',
    entityId: search.entityId ?? '',
    action: search.action ?? '',
  });
  // Follow the URL when it changes from elsewhere (a record link, Clear, back and forward).
  useEffect(() => {
    setText({ entity: search.entity ?? '', entityId: search.entityId ?? '', action: search.action ?? '' });
  }, [search.entity, search.entityId, search.action]);
  const apply = useDebouncedCallback((patch: Partial<AuditSearch>) => setSearch(patch), 400);
  const typed = (key: 'entity' | 'entityId' | 'action') => (value: string) => {
    setText((old) => ({ ...old, [key]: value }));
    apply({ [key]: value.trim() || undefined });
  };
  const options =
    search.actorId && !knownActor(search.actorId)
      ? [...actorOptions, { group: 'Filtered', items: [{ value: search.actorId, label: search.actorId }] }]
      : actorOptions;
  const badRange = search.from && search.to && search.from > search.to;
  const active = Object.values(search).filter((v) => v !== undefined && v !== '').length;
  // On a phone the six filters would fill the first screen; there they fold behind a button.
  const [open, setOpen] = useState(false);

  return (
    <>
      <Button
        hiddenFrom="sm"
        variant="default"
        leftSection={<IconFilter size={16} />}
        rightSection={
          active > 0 && (
            <Badge size="sm" circle>
              {active}
            </Badge>
          )
        }
        aria-expanded={open}
        aria-controls="audit-filters"
        onClick={() => setOpen((o) => !o)}
      >
        {open ? 'Hide filters' : 'Filters'}
      </Button>
      <Paper
        withBorder
        p="md"
        component="section"
        aria-label="Filters"
        id="audit-filters"
        display={{ base: open ? 'block' : 'none', sm: 'block' }}
      >
        <SimpleGrid cols={{ base: 1, xs: 2, lg: 3 }} spacing="sm">
          <Select
            label="Who"
            placeholder="Anyone"
            data={options}
            searchable
            clearable
            nothingFoundMessage="No member or key by that name"
            value={search.actorId ?? null}
            onChange={(value) => setSearch({ actorId: value ?? undefined })}
          />
          <Autocomplete
            label="Record type"
            placeholder="Any"
            data={KNOWN_ENTITIES}
            value={text.entity}
            onChange={typed('entity')}
          />
          <TextInput
            label="Record id"
            placeholder="Any"
            value={text.entityId}
            onChange={(e) => typed('entityId')(e.currentTarget.value)}
          />
          <Autocomplete
            label="Action"
            placeholder="Any"
            data={KNOWN_ACTIONS}
            value={text.action}
            onChange={typed('action')}
          />
          <TextInput
            label="From"
            type="date"
            value={search.from ?? ''}
            onChange={(e) => setSearch({ from: e.currentTarget.value || undefined })}
          />
          <TextInput
            label="To"
            type="date"
            value={search.to ?? ''}
            error={badRange ? 'Choose a day on or after From.' : undefined}
            onChange={(e) => setSearch({ to: e.currentTarget.value || undefined })}
          />
        </SimpleGrid>
        {hasFilters(search) && (
          <Group justify="flex-end" mt="sm">
            <Button
              variant="subtle"
              size="xs"
              onClick={() => {
                apply.cancel?.();
                setSearch({
                  entity: undefined,
                  entityId: undefined,
                  actorId: undefined,
                  action: undefined,
                  from: undefined,
                  to: undefined,
                });
              }}
            >
              Clear filters
            </Button>
          </Group>
        )}
      </Paper>
    </>
  );
}
