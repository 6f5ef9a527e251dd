import { Button, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { IconPlus, IconSearch, IconUsers } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { agingQuery, customersQuery } from '../../api/sales.ts';
import { formatMoney, plural } from '../../lib/format.ts';
import { AnchorLink } from '../../lib/links.tsx';
import { EmptyState, PageHeader, QueryState } from '../../shell/page.tsx';
import { todayIso } from '../ledger/dates.ts';
import { CustomerFormModal } from './customer-form.tsx';
import { ExportButtons } from './export-buttons.tsx';
import { useSalesPermissions } from './sales-hooks.ts';

/** Finance → Customers: who you invoice, with what each still owes. */
export function CustomersPage() {
  const { canCustomer } = useSalesPermissions();
  const navigate = useNavigate();
  const [words, setWords] = useState('');
  const [q] = useDebouncedValue(words.trim(), 250);
  const customers = useQuery(customersQuery(q || undefined));
  const aging = useQuery(agingQuery(todayIso()));
  const [adding, add] = useDisclosure();
  const owed = useMemo(() => {
    const m = new Map<string, { currency: string; total: number }[]>();
    for (const row of aging.data?.items ?? [])
      m.set(row.customerId, [...(m.get(row.customerId) ?? []), { currency: row.currency, total: row.total }]);
    return m;
  }, [aging.data]);
  const items = customers.data?.items ?? [];
  const newButton = canCustomer && (
    <Button leftSection={<IconPlus size={16} />} onClick={add.open}>
      New customer
    </Button>
  );

  return (
    <Stack>
      <PageHeader
        title="Customers"
        description="The people and companies you invoice, with what each still owes you. Open one for its history, statement and balance."
        actions={
          <>
            {items.length > 0 && <ExportButtons list="customers" filters={{ q: q || undefined }} />}
            {newButton}
          </>
        }
      />
      {(items.length > 0 || q) && (
        <TextInput
          type="search"
          label="Search"
          placeholder="Name, email or tax id"
          leftSection={<IconSearch size={16} />}
          value={words}
          onChange={(e) => setWords(e.currentTarget.value)}
          maw={360}
        />
      )}
      <QueryState query={customers}>
        {items.length === 0 ? (
          q ? (
            <Paper withBorder p="lg">
              <Text size="sm" c="dimmed" ta="center">
                No customer matches “{q}”.
              </Text>
            </Paper>
          ) : (
            <EmptyState icon={<IconUsers size={24} />} title="No customers yet" action={newButton}>
              Add the first customer you want to invoice: a name is enough to start; an email address lets you
              send invoices from Ordo.
            </EmptyState>
          )
        ) : (
          <Paper withBorder>
            <Table.ScrollContainer minWidth={320}>
              <Table verticalSpacing="xs" highlightOnHover aria-label="Customers">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th visibleFrom="sm">Email</Table.Th>
                    <Table.Th visibleFrom="md">Terms</Table.Th>
                    <Table.Th ta="right">Outstanding</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((c) => (
                    <Table.Tr key={c.id} data-testid={`customer-${c.name}`}>
                      <Table.Td>
                        <AnchorLink
                          to="/finance/customers/$customerId"
                          params={{ customerId: c.id }}
                          fw={600}
                          size="sm"
                        >
                          {c.name}
                        </AnchorLink>
                        <Text size="xs" c="dimmed" hiddenFrom="sm">
                          {c.email}
                        </Text>
                      </Table.Td>
                      <Table.Td visibleFrom="sm">
                        <Text size="sm">{c.email ?? '—'}</Text>
                      </Table.Td>
                      <Table.Td visibleFrom="md">
                        <Text size="sm">
                          {c.paymentTermsDays === null ? '—' : `${c.paymentTermsDays} days`}
                          {c.currency ? ` · ${c.currency}` : ''}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        {(owed.get(c.id) ?? []).map((o) => (
                          <Text
                            key={o.currency}
                            size="sm"
                            className="ordo-num"
                            style={{ whiteSpace: 'nowrap' }}
                          >
                            {formatMoney(o.total, o.currency)}
                          </Text>
                        ))}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
        {items.length > 0 && (
          <Text size="xs" c="dimmed">
            {plural(items.length, 'customer', 'customers')}
          </Text>
        )}
      </QueryState>
      <CustomerFormModal
        opened={adding}
        onClose={add.close}
        onSaved={(c) => navigate({ to: '/finance/customers/$customerId', params: { customerId: c.id } })}
      />
    </Stack>
  );
}
