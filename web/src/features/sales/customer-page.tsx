import {
  Alert,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconCash, IconGitMerge, IconPencil, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { type CustomerDetail, customerQuery, isSalesQuery } from '../../api/sales.ts';
import { formatDate } from '../../lib/format.ts';
import { showApiError } from '../../lib/forms.ts';
import { ButtonLink } from '../../lib/links.tsx';
import { PageHeader, QueryState } from '../../shell/page.tsx';
import { Amount } from '../ledger/amount.tsx';
import { CustomerFormModal } from './customer-form.tsx';
import { CustomerRemindersCard } from './customer-reminders.tsx';
import { DocumentLink } from './doc-links.tsx';
import { PaymentModal } from './payment-modal.tsx';
import { Fact, StatusBadge } from './sales-bits.tsx';
import { useCustomers, useSalesPermissions } from './sales-hooks.ts';
import { StatementCard } from './statement-card.tsx';

const KIND_LABEL: Record<string, string> = {
  invoice: 'Invoice',
  credit_note: 'Credit note',
  quote: 'Quote',
  payment: 'Payment',
  refund: 'Refund',
};

/** One customer: what they owe, everything sent to them and received from them, and their statement. */
export function CustomerPage() {
  const { customerId } = useParams({ from: '/signed-in/in-org/finance/customers/$customerId' });
  const customer = useQuery(customerQuery(customerId));
  return <QueryState query={customer}>{customer.data && <CustomerView c={customer.data} />}</QueryState>;
}

function address(c: CustomerDetail): string {
  const a = c.billingAddress;
  if (!a) return '—';
  return [a.line1, a.line2, [a.postalCode, a.city].filter(Boolean).join(' '), a.region, a.country]
    .filter(Boolean)
    .join(', ');
}

function CustomerView({ c }: { c: CustomerDetail }) {
  const { canCustomer, canWrite, canPay } = useSalesPermissions();
  const [editing, edit] = useDisclosure();
  const [merging, merge] = useDisclosure();
  const [paying, pay] = useDisclosure();
  const owing = c.balances.filter((b) => b.balance !== 0 || b.receivable !== 0);
  const payCurrency = owing.find((b) => b.receivable > 0)?.currency ?? c.balances[0]?.currency;
  return (
    <Stack>
      <PageHeader
        title={c.name}
        description={c.mergedIntoId ? 'Merged into another customer.' : undefined}
        actions={
          <>
            {canCustomer && (
              <Button variant="default" leftSection={<IconPencil size={16} />} onClick={edit.open}>
                Edit
              </Button>
            )}
            {canCustomer && (
              <Button variant="default" leftSection={<IconGitMerge size={16} />} onClick={merge.open}>
                Merge a duplicate…
              </Button>
            )}
            {canPay && payCurrency && (
              <Button variant="default" leftSection={<IconCash size={16} />} onClick={pay.open}>
                Record payment
              </Button>
            )}
            {canWrite && (
              <ButtonLink
                to="/finance/invoices/new"
                search={{ customerId: c.id }}
                leftSection={<IconPlus size={16} />}
              >
                New invoice
              </ButtonLink>
            )}
          </>
        }
      />
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md">
          <Fact label="Email">{c.email ?? '—'}</Fact>
          <Fact label="Phone">{c.phone ?? '—'}</Fact>
          <Fact label="Address">{address(c)}</Fact>
          <Fact label="Tax id">{c.taxIds.map((t) => `${t.scheme} ${t.value}`).join(', ') || '—'}</Fact>
          <Fact label="Payment terms">
            {c.paymentTermsDays === null ? 'None set' : `${c.paymentTermsDays} days`}
          </Fact>
          <Fact label="Currency">{c.currency ?? 'The books’ currency'}</Fact>
          {c.notes && <Fact label="Notes">{c.notes}</Fact>}
        </SimpleGrid>
      </Paper>

      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="xs">
          Open balance
        </Title>
        {owing.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="customer-settled">
            Nothing owed: every invoice is settled.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={280}>
            <Table aria-label="Open balance" verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th visibleFrom="sm">Currency</Table.Th>
                  <Table.Th ta="right">Open</Table.Th>
                  <Table.Th ta="right">Credit</Table.Th>
                  <Table.Th ta="right">Balance</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {owing.map((b) => (
                  <Table.Tr key={b.currency}>
                    <Table.Td visibleFrom="sm">{b.currency}</Table.Td>
                    <Table.Td ta="right">
                      <Amount minor={b.receivable} currency={b.currency} />
                    </Table.Td>
                    <Table.Td ta="right">
                      <Amount minor={b.credit} currency={b.currency} />
                    </Table.Td>
                    <Table.Td ta="right">
                      <Amount
                        minor={b.balance}
                        currency={b.currency}
                        fw={700}
                        data-testid={`customer-balance-${b.currency}`}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>

      <StatementCard customerId={c.id} />
      <CustomerRemindersCard customerId={c.id} />

      <Paper withBorder>
        <Group justify="space-between" p="md" pb={0}>
          <Title order={2} size="h4">
            History
          </Title>
        </Group>
        {c.history.length === 0 ? (
          <Text size="sm" c="dimmed" p="md">
            No invoices, quotes or payments yet.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={320}>
            <Table verticalSpacing="xs" aria-label="History">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Date</Table.Th>
                  <Table.Th>Document</Table.Th>
                  <Table.Th visibleFrom="sm">Status</Table.Th>
                  <Table.Th ta="right">Amount</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {c.history.map((h) => (
                  <Table.Tr key={h.id}>
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {formatDate(h.date)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <DocumentLink type={h.kind as 'invoice'} id={h.id}>
                        {KIND_LABEL[h.kind] ?? h.kind} {h.number ?? (h.kind === 'payment' ? '' : '(draft)')}
                      </DocumentLink>
                    </Table.Td>
                    <Table.Td visibleFrom="sm">
                      <StatusBadge doc={{ status: h.status, overdue: false }} />
                    </Table.Td>
                    <Table.Td ta="right">
                      <Amount minor={h.amount} currency={h.currency} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>

      <CustomerFormModal opened={editing} onClose={edit.close} customer={c} />
      <MergeModal opened={merging} onClose={merge.close} target={c} />
      {payCurrency && (
        <PaymentModal opened={paying} onClose={pay.close} customerId={c.id} currency={payCurrency} />
      )}
    </Stack>
  );
}

/** Moves a duplicate's documents and payments to this customer and retires the duplicate. */
function MergeModal({
  opened,
  onClose,
  target,
}: {
  opened: boolean;
  onClose: () => void;
  target: CustomerDetail;
}) {
  const { items } = useCustomers();
  const queryClient = useQueryClient();
  const [duplicateId, setDuplicateId] = useState<string | null>(null);
  const duplicate = items.find((x) => x.id === duplicateId);
  const merge = useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.POST('/api/sales/customers/{id}/merge/{duplicateId}', {
          params: { path: { id: target.id, duplicateId: id } },
        }),
      ),
    onSuccess: async () => {
      notifications.show({
        color: 'green',
        message: `Merged ${duplicate?.name ?? 'the duplicate'} into ${target.name}.`,
      });
      await queryClient.invalidateQueries({ predicate: isSalesQuery });
      setDuplicateId(null);
      onClose();
    },
    onError: (e) => showApiError(e),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={`Merge a duplicate into ${target.name}`}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          The duplicate’s invoices, quotes, credit notes and payments move to {target.name}, with its contacts
          and tax ids. The duplicate then disappears from lists. This cannot be undone.
        </Text>
        <Select
          label="Duplicate customer"
          placeholder="Choose the customer to merge in"
          searchable
          data-autofocus
          data={items
            .filter((x) => x.id !== target.id)
            .map((x) => ({ value: x.id, label: x.email ? `${x.name} · ${x.email}` : x.name }))}
          value={duplicateId}
          onChange={setDuplicateId}
          nothingFoundMessage="No other customer by that name"
        />
        {duplicate && (
          <Alert color="yellow" role="status">
            {duplicate.name} will be merged into {target.name}.
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            color="red"
            disabled={!duplicateId}
            loading={merge.isPending}
            onClick={() => duplicateId && merge.mutate(duplicateId)}
          >
            Merge
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
