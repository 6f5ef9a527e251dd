import { Badge, Button, Menu, Paper, Stack, Switch, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDots, IconPackage, IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { type Item, isSalesQuery } from '../../api/sales.ts';
import { formatMoney } from '../../lib/format.ts';
import { showApiError } from '../../lib/forms.ts';
import { EmptyState, PageHeader, QueryState } from '../../shell/page.tsx';
import { useBaseCurrency } from '../ledger/ledger-hooks.ts';
import { ExportButtons } from './export-buttons.tsx';
import { ItemFormModal, UNITS } from './item-form.tsx';
import { useItems, useSalesPermissions, useTaxRates } from './sales-hooks.ts';

/** Finance → Items: the products and services you sell, with prices and tax rates to start lines from. */
export function ItemsPage() {
  const { canCatalog } = useSalesPermissions();
  const { query, items } = useItems();
  const rates = useTaxRates();
  const base = useBaseCurrency();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Item | 'new' | null>(null);
  const [showArchived, setShowArchived] = useState(false);
  const archive = useMutation({
    mutationFn: (v: { item: Item; archived: boolean }) =>
      unwrap(
        api.PATCH('/api/sales/items/{id}', {
          params: { path: { id: v.item.id } },
          body: { archived: v.archived },
        }),
      ),
    onSuccess: async (saved, v) => {
      notifications.show({
        color: 'green',
        message: v.archived ? `Archived ${saved.name}.` : `${saved.name} is back in the catalog.`,
      });
      await queryClient.invalidateQueries({ predicate: isSalesQuery });
    },
    onError: (e) => showApiError(e),
  });
  const archived = items.filter((i) => i.archivedAt).length;
  const shown = items.filter((i) => showArchived || !i.archivedAt);
  const newButton = canCatalog && base.currency && (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
      New item
    </Button>
  );
  return (
    <Stack>
      <PageHeader
        title="Items"
        description="The products and services you sell. A line that starts from an item takes its name, price and tax rate, which you can still change on the line."
        actions={
          <>
            {items.length > 0 && <ExportButtons list="items" />}
            {newButton}
          </>
        }
      />
      {archived > 0 && (
        <Switch
          label={`Show archived (${archived})`}
          checked={showArchived}
          onChange={(e) => setShowArchived(e.currentTarget.checked)}
        />
      )}
      <QueryState query={query}>
        {items.length === 0 ? (
          <EmptyState icon={<IconPackage size={24} />} title="No items yet" action={newButton}>
            Add what you sell most (an hour of work, a product, a monthly fee) so invoice lines fill
            themselves in. You can also type any line by hand.
          </EmptyState>
        ) : (
          <Paper withBorder>
            <Table.ScrollContainer minWidth={320}>
              <Table verticalSpacing="xs" aria-label="Items">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th visibleFrom="sm">Unit</Table.Th>
                    <Table.Th visibleFrom="sm">Tax</Table.Th>
                    <Table.Th ta="right">Price</Table.Th>
                    <Table.Th w={48} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {shown.map((i) => (
                    <Table.Tr key={i.id} data-testid={`item-${i.name}`}>
                      <Table.Td>
                        <Text size="sm" fw={600}>
                          {i.name}{' '}
                          {i.archivedAt && (
                            <Badge size="xs" color="gray" variant="outline">
                              Archived
                            </Badge>
                          )}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {[i.sku, i.kind === 'product' ? 'Product' : 'Service'].filter(Boolean).join(' · ')}
                        </Text>
                      </Table.Td>
                      <Table.Td visibleFrom="sm">
                        <Text size="sm">
                          {UNITS.find((u) => u.value === i.unitCode)?.label ?? i.unitCode}
                        </Text>
                      </Table.Td>
                      <Table.Td visibleFrom="sm">
                        <Text size="sm">
                          {i.taxRateId ? (rates.byId.get(i.taxRateId)?.name ?? '—') : 'Customer’s default'}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        {Object.entries(i.prices).map(([currency, minor]) => (
                          <Text key={currency} size="sm" className="ordo-num">
                            {formatMoney(minor, currency)}
                          </Text>
                        ))}
                      </Table.Td>
                      <Table.Td>
                        {canCatalog && (
                          <Menu position="bottom-end">
                            <Menu.Target>
                              <Button
                                variant="subtle"
                                color="gray"
                                size="compact-sm"
                                px={6}
                                aria-label={`Actions for ${i.name}`}
                              >
                                <IconDots size={16} />
                              </Button>
                            </Menu.Target>
                            <Menu.Dropdown>
                              <Menu.Item onClick={() => setEditing(i)}>Edit</Menu.Item>
                              <Menu.Item onClick={() => archive.mutate({ item: i, archived: !i.archivedAt })}>
                                {i.archivedAt ? 'Unarchive' : 'Archive'}
                              </Menu.Item>
                            </Menu.Dropdown>
                          </Menu>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
      </QueryState>
      {base.currency && (
        <ItemFormModal
          opened={editing !== null}
          onClose={() => setEditing(null)}
          item={editing === 'new' || editing === null ? undefined : editing}
          baseCurrency={base.currency}
        />
      )}
    </Stack>
  );
}
