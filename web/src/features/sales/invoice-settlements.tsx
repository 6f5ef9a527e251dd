import { Alert, Paper, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import { documentsPage, type SalesDocument } from '../../api/sales.ts';
import { formatDate, formatMoney } from '../../lib/format.ts';
import { DocumentLink } from './doc-links.tsx';

// What settled an invoice: the credit notes issued against it and the payments applied to it.

/** The credit notes issued against this invoice (the invoice itself does not list them). */
export function CreditedBy({ d }: { d: SalesDocument }) {
  const notes = useQuery({
    queryKey: ['sales', 'documents', 'credit_note', 'of', d.id],
    queryFn: () => documentsPage('credit_note', { customerId: d.customerId }, 500),
  });
  const mine = (notes.data?.items ?? []).filter((n) => n.relatedDocumentId === d.id && n.number);
  if (mine.length === 0) return null;
  return (
    <Alert color="gray" role="status">
      Credited by{' '}
      {mine.map((n, i) => (
        <span key={n.id}>
          {i > 0 && ', '}
          <DocumentLink type="credit_note" id={n.id}>
            {n.number}
          </DocumentLink>
        </span>
      ))}
      .
    </Alert>
  );
}

/** The payments settling this invoice: the customer's payments with an allocation to it. */
export function InvoicePayments({ d }: { d: SalesDocument }) {
  const payments = useQuery({
    queryKey: ['sales', 'payments', 'customer', d.customerId],
    queryFn: () =>
      unwrap(api.GET('/api/sales/payments', { params: { query: { customerId: d.customerId, limit: 500 } } })),
  });
  const rows = (payments.data?.items ?? []).flatMap((p) =>
    p.allocations.filter((a) => a.invoiceId === d.id).map((a) => ({ payment: p, allocation: a })),
  );
  if (rows.length === 0) return null;
  return (
    <Paper withBorder>
      <Table verticalSpacing={6} aria-label="Payments on this invoice">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Payment</Table.Th>
            <Table.Th>Date</Table.Th>
            <Table.Th ta="right">Applied here</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map(({ payment, allocation }) => (
            <Table.Tr key={allocation.id}>
              <Table.Td>
                <DocumentLink type="payment" id={payment.id}>
                  {payment.reference ?? 'Payment'} · {formatMoney(payment.amount, payment.currency)}
                </DocumentLink>
              </Table.Td>
              <Table.Td>{formatDate(allocation.date)}</Table.Td>
              <Table.Td ta="right" className="ordo-num">
                {formatMoney(allocation.amount, d.currency)}
                {payment.currency !== d.currency && (
                  <Text span size="xs" c="dimmed" display="block">
                    paid with {formatMoney(allocation.paymentAmount, payment.currency)}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
