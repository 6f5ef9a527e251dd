import { Badge, Button, Group, Paper, Select, Stack, Table, Text } from '@mantine/core';
import { IconCash } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { formatDate, plural } from '../../lib/format.ts';
import { ButtonLink } from '../../lib/links.tsx';
import { EmptyState, PageHeader, QueryState } from '../../shell/page.tsx';
import { Amount } from '../ledger/amount.tsx';
import { DocumentLink } from './doc-links.tsx';
import { ExportButtons } from './export-buttons.tsx';
import { useCustomers } from './sales-hooks.ts';

/** Finance → Payments received: money in from customers, and refunds out, newest first. */
export function PaymentsPage() {
  const { items: customers, byId } = useCustomers();
  const [customerId, setCustomerId] = useState<string | null>(null);
  const payments = useInfiniteQuery({
    queryKey: ['sales', 'payments', customerId ?? ''],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/sales/payments', {
          params: { query: { customerId: customerId ?? undefined, limit: 100, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = payments.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack>
      <PageHeader
        title="Payments received"
        description="Money received from customers and refunds paid back. Record a payment from the invoice it pays; what it does not settle stays as the customer’s credit."
        actions={<ExportButtons list="payments" filters={{ customerId: customerId ?? undefined }} />}
      />
      <Group role="search" aria-label="Filter payments">
        <Select
          label="Customer"
          placeholder="All customers"
          searchable
          clearable
          data={customers.map((c) => ({ value: c.id, label: c.name }))}
          value={customerId}
          onChange={setCustomerId}
          w={280}
        />
      </Group>
      <QueryState query={payments}>
        {items.length === 0 ? (
          customerId ? (
            <Paper withBorder p="lg">
              <Text size="sm" c="dimmed" ta="center">
                No payments from this customer.
              </Text>
            </Paper>
          ) : (
            <EmptyState
              icon={<IconCash size={24} />}
              title="No payments yet"
              action={
                <ButtonLink to="/finance/invoices" search={{ status: 'issued' }}>
                  Open unpaid invoices
                </ButtonLink>
              }
            >
              When a customer pays, open the invoice and choose Record payment: it is marked paid and the
              money posts to your bank account in the books.
            </EmptyState>
          )
        ) : (
          <Paper withBorder>
            <Table.ScrollContainer minWidth={320}>
              <Table verticalSpacing="xs" highlightOnHover aria-label="Payments">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Date</Table.Th>
                    <Table.Th>Customer</Table.Th>
                    <Table.Th visibleFrom="sm">Reference</Table.Th>
                    <Table.Th ta="right">Amount</Table.Th>
                    <Table.Th ta="right" visibleFrom="sm">
                      Unapplied
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((p) => (
                    <Table.Tr key={p.id}>
                      <Table.Td>
                        <DocumentLink
                          type="payment"
                          id={p.id}
                          aria-label={`${p.kind === 'refund' ? 'Refund' : 'Payment'} of ${formatDate(p.date)}`}
                        >
                          {formatDate(p.date)}
                        </DocumentLink>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{byId.get(p.customerId)?.name ?? p.customerId}</Text>
                        {p.kind === 'refund' && (
                          <Badge size="sm" variant="light" color="orange">
                            Refund
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td visibleFrom="sm">
                        <Text size="sm">{p.reference ?? '—'}</Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        <Amount minor={p.kind === 'refund' ? -p.amount : p.amount} currency={p.currency} />
                      </Table.Td>
                      <Table.Td ta="right" visibleFrom="sm">
                        <Amount minor={p.unappliedAmount} currency={p.currency} blankZero />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
        {items.length > 0 && (
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {plural(items.length, 'payment', 'payments')} shown
            </Text>
            {payments.hasNextPage && (
              <Button
                variant="default"
                onClick={() => payments.fetchNextPage()}
                loading={payments.isFetchingNextPage}
              >
                Load more
              </Button>
            )}
          </Group>
        )}
      </QueryState>
    </Stack>
  );
}
