import { Alert, Button, Menu, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconArrowBackUp,
  IconBan,
  IconCash,
  IconCheck,
  IconChevronDown,
  IconFileInvoice,
  IconPencil,
  IconReceiptRefund,
  IconRepeat,
  IconSend,
  IconTrash,
  IconX,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client.ts';
import { isLedgerQuery } from '../../api/ledger.ts';
import {
  type DocumentType,
  deleteDocument,
  documentQuery,
  isSalesQuery,
  KINDS,
  type SalesDocument,
} from '../../api/sales.ts';
import { formatDate, formatMoney } from '../../lib/format.ts';
import { showApiError } from '../../lib/forms.ts';
import { AnchorLink, ButtonLink } from '../../lib/links.tsx';
import { PageHeader, QueryState } from '../../shell/page.tsx';
import { DocumentLink } from './doc-links.tsx';
import { DocumentAttachments } from './document-attachments.tsx';
import { DocumentExtras, DocumentFileActions } from './document-extras.tsx';
import { IssueModal, VoidModal } from './document-modals.tsx';
import { DocumentPreview } from './document-preview.tsx';
import { CreditedBy, InvoicePayments } from './invoice-settlements.tsx';
import { MakeRecurringModal } from './make-recurring-modal.tsx';
import { PaymentModal } from './payment-modal.tsx';
import { RefundModal } from './refund-modal.tsx';
import { docName, docTitle, Fact, StatusBadge } from './sales-bits.tsx';
import { useCustomers, useSalesPermissions, useTaxRates } from './sales-hooks.ts';

function DocumentPage({ type }: { type: DocumentType }) {
  const { documentId } = useParams({ strict: false }) as { documentId: string };
  const doc = useQuery(documentQuery(type, documentId));
  return <QueryState query={doc}>{doc.data && <DocumentView d={doc.data} />}</QueryState>;
}

export const InvoicePage = () => <DocumentPage type="invoice" />;
export const CreditNotePage = () => <DocumentPage type="credit_note" />;
export const QuotePage = () => <DocumentPage type="quote" />;

function DocumentView({ d }: { d: SalesDocument }) {
  const perms = useSalesPermissions();
  const { byId: customers } = useCustomers();
  const { byId: rates } = useTaxRates();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [issuing, issue] = useDisclosure();
  const [voiding, voidDialog] = useDisclosure();
  const [paying, pay] = useDisclosure();
  const [refunding, refund] = useDisclosure();
  const [repeating, repeat] = useDisclosure();
  const customer = customers.get(d.customerId);
  const kind = KINDS[d.type];
  const refresh = () =>
    queryClient.invalidateQueries({ predicate: (q) => isSalesQuery(q) || isLedgerQuery(q) });
  const related = useQuery({
    ...documentQuery(d.type === 'credit_note' ? 'invoice' : 'quote', d.relatedDocumentId ?? ''),
    enabled: Boolean(d.relatedDocumentId) && d.type !== 'quote',
  });

  const remove = useMutation({
    mutationFn: () => deleteDocument(d.type, d.id),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: `Draft ${kind.one} deleted.` });
      await refresh();
      if (d.type === 'invoice') await navigate({ to: '/finance/invoices' });
      else if (d.type === 'credit_note') await navigate({ to: '/finance/credit-notes' });
      else await navigate({ to: '/finance/quotes' });
    },
    onError: (e) => showApiError(e),
  });
  const moveQuote = useMutation({
    mutationFn: (to: 'mark-sent' | 'accept' | 'decline') =>
      unwrap(
        api.POST(`/api/sales/quotes/{id}/${to}` as '/api/sales/quotes/{id}/accept', {
          params: { path: { id: d.id } },
        }),
      ),
    onSuccess: async (q) => {
      queryClient.setQueryData(documentQuery('quote', d.id).queryKey, q);
      await refresh();
    },
    onError: (e) => showApiError(e),
  });
  const invoiceQuote = useMutation({
    mutationFn: () => unwrap(api.POST('/api/sales/quotes/{id}/invoice', { params: { path: { id: d.id } } })),
    onSuccess: async (inv) => {
      notifications.show({ color: 'green', message: 'Draft invoice created from the quote.' });
      await refresh();
      await navigate({ to: '/finance/invoices/$documentId', params: { documentId: inv.id } });
    },
    onError: (e) => showApiError(e),
  });
  const applyCredit = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/sales/credit-notes/{id}/apply', { params: { path: { id: d.id } }, body: {} })),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: 'Credit applied to the oldest open invoice.' });
      await refresh();
    },
    onError: (e) => showApiError(e),
  });

  const draft = d.status === 'draft';
  const open = d.type === 'invoice' && (d.status === 'issued' || d.status === 'partially_paid');
  const canWrite = d.type === 'quote' ? perms.canQuote : perms.canWrite;
  const canVoidIt = open && perms.canVoid && d.paidAmount === 0;
  const canCredit = d.type === 'invoice' && !draft && d.status !== 'void' && perms.canWrite;
  const canRepeat = d.type === 'invoice' && perms.canWrite && d.lines.length > 0;
  const editTo = {
    invoice: '/finance/invoices/$documentId/edit',
    credit_note: '/finance/credit-notes/$documentId/edit',
    quote: '/finance/quotes/$documentId/edit',
  } as const;

  const actions = (
    <>
      {draft && canWrite && (
        <>
          <Button
            variant="default"
            color="red"
            leftSection={<IconTrash size={16} />}
            loading={remove.isPending}
            onClick={() => window.confirm(`Delete this draft ${kind.one}?`) && remove.mutate()}
          >
            Delete
          </Button>
          <ButtonLink
            variant="default"
            to={editTo[d.type]}
            params={{ documentId: d.id }}
            leftSection={<IconPencil size={16} />}
          >
            Edit
          </ButtonLink>
        </>
      )}
      {draft && d.type !== 'quote' && perms.canIssue && (
        <Button leftSection={<IconCheck size={16} />} onClick={issue.open}>
          Issue…
        </Button>
      )}
      {d.type === 'quote' && perms.canQuote && (
        <>
          {draft && (
            <Button
              variant="default"
              leftSection={<IconSend size={16} />}
              loading={moveQuote.isPending && moveQuote.variables === 'mark-sent'}
              onClick={() => moveQuote.mutate('mark-sent')}
            >
              Mark sent
            </Button>
          )}
          {(draft || d.status === 'sent') && (
            <>
              <Button
                variant="default"
                leftSection={<IconX size={16} />}
                onClick={() => moveQuote.mutate('decline')}
              >
                Declined
              </Button>
              <Button leftSection={<IconCheck size={16} />} onClick={() => moveQuote.mutate('accept')}>
                Accepted
              </Button>
            </>
          )}
        </>
      )}
      {d.type === 'quote' && d.status === 'accepted' && perms.canWrite && (
        <Button
          leftSection={<IconFileInvoice size={16} />}
          loading={invoiceQuote.isPending}
          onClick={() => invoiceQuote.mutate()}
        >
          Create invoice
        </Button>
      )}
      {d.type === 'invoice' && (canVoidIt || canCredit || canRepeat) && (
        // The less frequent moves, so the bar keeps the ones used every day.
        <Menu position="bottom-end">
          <Menu.Target>
            <Button variant="default" rightSection={<IconChevronDown size={14} />}>
              More
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {canCredit && (
              <Menu.Item
                leftSection={<IconArrowBackUp size={16} />}
                onClick={() => navigate({ to: '/finance/credit-notes/new', search: { invoiceId: d.id } })}
              >
                Credit
              </Menu.Item>
            )}
            {canRepeat && (
              <Menu.Item leftSection={<IconRepeat size={16} />} onClick={repeat.open}>
                Make recurring…
              </Menu.Item>
            )}
            {canVoidIt && (
              <Menu.Item color="red" leftSection={<IconBan size={16} />} onClick={voidDialog.open}>
                Void…
              </Menu.Item>
            )}
          </Menu.Dropdown>
        </Menu>
      )}
      <DocumentFileActions doc={d} customer={customer} />
      {open && perms.canPay && (
        <Button leftSection={<IconCash size={16} />} onClick={pay.open}>
          Record payment
        </Button>
      )}
      {d.type === 'credit_note' && d.status === 'issued' && d.payableAmount > 0 && perms.canPay && (
        <>
          <Button variant="default" leftSection={<IconReceiptRefund size={16} />} onClick={refund.open}>
            Refund…
          </Button>
          <Button loading={applyCredit.isPending} onClick={() => applyCredit.mutate()}>
            Apply to an invoice
          </Button>
        </>
      )}
    </>
  );

  return (
    <Stack>
      <PageHeader title={docTitle(d)} actions={actions} />
      {d.status === 'void' && (
        <Alert color="gray" role="status">
          Void: credited in full, nothing is owed.
        </Alert>
      )}
      {related.data && (
        <Alert color="gray" role="status">
          {d.type === 'credit_note' ? 'Credits ' : 'Made from '}
          <DocumentLink type={related.data.type} id={related.data.id}>
            {docName(related.data)}
          </DocumentLink>
          .
        </Alert>
      )}
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 2, sm: 4, lg: 8 }} spacing="md">
          <Fact label="Status">
            <StatusBadge doc={d} />
          </Fact>
          <Fact label="Customer">
            <AnchorLink to="/finance/customers/$customerId" params={{ customerId: d.customerId }} size="sm">
              {customer?.name ?? (d.buyer?.name as string | undefined) ?? 'Customer'}
            </AnchorLink>
          </Fact>
          <Fact label={d.type === 'quote' ? 'Date' : 'Issued'}>
            {draft && d.type !== 'quote' ? 'Not yet' : formatDate(d.issueDate)}
          </Fact>
          {d.type === 'invoice' && <Fact label="Due">{d.dueDate ? formatDate(d.dueDate) : '—'}</Fact>}
          <Fact label="Total">{formatMoney(d.taxInclusiveAmount, d.currency)}</Fact>
          {d.type !== 'quote' && !draft && (
            <>
              <Fact label={d.type === 'invoice' ? 'Paid' : 'Refunded or applied'}>
                {formatMoney(d.paidAmount, d.currency)}
              </Fact>
              {d.type === 'invoice' && (
                <Fact label="Credited">{formatMoney(d.creditedAmount, d.currency)}</Fact>
              )}
              <Fact label={d.type === 'invoice' ? 'Balance due' : 'Credit left'}>
                <Text span fw={700} size="sm" data-testid="balance-due">
                  {formatMoney(d.payableAmount, d.currency)}
                </Text>
              </Fact>
            </>
          )}
        </SimpleGrid>
      </Paper>
      {d.type === 'invoice' && d.creditedAmount > 0 && <CreditedBy d={d} />}
      {d.type === 'invoice' && !draft && <InvoicePayments d={d} />}
      <DocumentAttachments doc={d} />
      <Title order={2} size="h4">
        Preview
      </Title>
      <DocumentPreview doc={d} customer={customer} rates={rates} />
      <DocumentExtras doc={d} />
      <IssueModal doc={d} opened={issuing} onClose={issue.close} />
      {d.type === 'invoice' && (
        <MakeRecurringModal
          doc={d}
          customerName={customer?.name ?? 'Customer'}
          opened={repeating}
          onClose={repeat.close}
        />
      )}
      <VoidModal doc={d} opened={voiding} onClose={voidDialog.close} />
      {open && (
        <PaymentModal
          opened={paying}
          onClose={pay.close}
          customerId={d.customerId}
          currency={d.currency}
          invoice={{ id: d.id, number: d.number, payableAmount: d.payableAmount, issueDate: d.issueDate }}
        />
      )}
      {d.type === 'credit_note' && (
        <RefundModal
          opened={refunding}
          onClose={refund.close}
          source={{
            kind: 'credit_note',
            id: d.id,
            currency: d.currency,
            available: d.payableAmount,
            date: d.issueDate,
          }}
        />
      )}
    </Stack>
  );
}
