import { Button, Paper, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconReceiptRefund } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client.ts';
import { isLedgerQuery } from '../../api/ledger.ts';
import { documentQuery, isSalesQuery, type Payment, paymentQuery } from '../../api/sales.ts';
import { formatDate, formatMoney } from '../../lib/format.ts';
import { showApiError } from '../../lib/forms.ts';
import { AnchorLink } from '../../lib/links.tsx';
import { PageHeader, QueryState } from '../../shell/page.tsx';
import { DocumentLink } from './doc-links.tsx';
import { RefundModal } from './refund-modal.tsx';
import { docTitle, Fact } from './sales-bits.tsx';
import { useCustomers, useSalesPermissions } from './sales-hooks.ts';

/** One payment received (or refund): where it went, and which invoices it settled. */
export function PaymentPage() {
  const { paymentId } = useParams({ from: '/signed-in/in-org/finance/payments/$paymentId' });
  const payment = useQuery(paymentQuery(paymentId));
  return <QueryState query={payment}>{payment.data && <PaymentView p={payment.data} />}</QueryState>;
}

function PaymentView({ p }: { p: Payment }) {
  const { canPay, canLedger } = useSalesPermissions();
  const { byId } = useCustomers();
  const queryClient = useQueryClient();
  const [refunding, refund] = useDisclosure();
  const apply = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/sales/payments/{id}/apply', { params: { path: { id: p.id } }, body: {} })),
    onSuccess: async (after) => {
      notifications.show({
        color: 'green',
        message: `Applied ${formatMoney(p.unappliedAmount - after.unappliedAmount, p.currency)} to open invoices.`,
      });
      await queryClient.invalidateQueries({ predicate: (q) => isSalesQuery(q) || isLedgerQuery(q) });
    },
    onError: (e) => showApiError(e),
  });
  const title = `${p.kind === 'refund' ? 'Refund' : 'Payment'} of ${formatMoney(p.amount, p.currency)}`;
  return (
    <Stack>
      <PageHeader
        title={title}
        actions={
          p.kind === 'payment' &&
          p.unappliedAmount > 0 &&
          canPay && (
            <>
              <Button variant="default" leftSection={<IconReceiptRefund size={16} />} onClick={refund.open}>
                Refund…
              </Button>
              <Button loading={apply.isPending} onClick={() => apply.mutate()}>
                Apply to open invoices
              </Button>
            </>
          )
        }
      />
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }} spacing="md">
          <Fact label="Customer">
            <AnchorLink to="/finance/customers/$customerId" params={{ customerId: p.customerId }} size="sm">
              {byId.get(p.customerId)?.name ?? 'Customer'}
            </AnchorLink>
          </Fact>
          <Fact label="Date">{formatDate(p.date)}</Fact>
          <Fact label="Reference">{p.reference ?? '—'}</Fact>
          <Fact label="Applied">{formatMoney(p.appliedAmount, p.currency)}</Fact>
          <Fact label="Unapplied credit">{formatMoney(p.unappliedAmount, p.currency)}</Fact>
          <Fact label="Journal entry">
            {canLedger ? (
              <AnchorLink to="/finance/journal/$entryId" params={{ entryId: p.journalEntryId }} size="sm">
                Open
              </AnchorLink>
            ) : (
              '—'
            )}
          </Fact>
        </SimpleGrid>
      </Paper>
      {p.allocations.length > 0 ? (
        <Paper withBorder>
          <Table verticalSpacing={6} aria-label="Invoices settled">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Invoice</Table.Th>
                <Table.Th>Applied on</Table.Th>
                <Table.Th ta="right">Settled</Table.Th>
                <Table.Th ta="right">From this payment</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {p.allocations.map((a) => (
                <AllocationRow key={a.id} allocation={a} currency={p.currency} />
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      ) : (
        p.kind === 'payment' && (
          <Text size="sm" c="dimmed">
            Not applied to any invoice yet: all of it is the customer’s credit.
          </Text>
        )
      )}
      {p.kind === 'payment' && (
        <RefundModal
          opened={refunding}
          onClose={refund.close}
          source={{
            kind: 'payment',
            id: p.id,
            currency: p.currency,
            available: p.unappliedAmount,
            date: p.date,
          }}
        />
      )}
    </Stack>
  );
}

/** An allocation's invoice by its number (the payment names only its id). */
/** One invoice the payment settled: in the invoice's currency, and what it took of the payment in its own. */
function AllocationRow({
  allocation: a,
  currency,
}: {
  allocation: Payment['allocations'][number];
  currency: string;
}) {
  const invoice = useQuery(documentQuery('invoice', a.invoiceId));
  return (
    <Table.Tr>
      <Table.Td>
        <DocumentLink type="invoice" id={a.invoiceId}>
          {invoice.data ? docTitle(invoice.data) : 'Invoice'}
        </DocumentLink>
      </Table.Td>
      <Table.Td>{formatDate(a.date)}</Table.Td>
      <Table.Td ta="right" className="ordo-num">
        {invoice.data ? formatMoney(a.amount, invoice.data.currency) : ''}
      </Table.Td>
      <Table.Td ta="right" className="ordo-num">
        {formatMoney(a.paymentAmount, currency)}
      </Table.Td>
    </Table.Tr>
  );
}
