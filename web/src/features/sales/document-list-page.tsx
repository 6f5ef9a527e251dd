import { Button, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { IconFileInvoice, IconPlus } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useMemo } from 'react';
import {
  type DocumentFilter,
  type DocumentType,
  documentsPage,
  documentTotals,
  KINDS,
} from '../../api/sales.ts';
import { formatDate, formatMoney, formatNumber, plural } from '../../lib/format.ts';
import { ButtonLink } from '../../lib/links.tsx';
import { EmptyState, PageHeader, QueryState } from '../../shell/page.tsx';
import { Amount } from '../ledger/amount.tsx';
import { DocumentLink } from './doc-links.tsx';
import { DocumentFilters } from './document-filters.tsx';
import { type DocumentSearch, hasFilters } from './document-search.ts';
import { ExportButtons } from './export-buttons.tsx';
import { buyerName, docNumber, StatusBadge } from './sales-bits.tsx';
import { useCustomers, useSalesPermissions } from './sales-hooks.ts';

const PAGE_SIZE = 100;
const LIST_PATH = {
  invoice: '/finance/invoices',
  credit_note: '/finance/credit-notes',
  quote: '/finance/quotes',
} as const;

const DESCRIPTIONS: Record<DocumentType, string> = {
  invoice:
    'Every invoice, newest first: drafts, issued, paid and overdue. Filter, save the filters as a view, and open one to issue, send or record a payment.',
  credit_note: 'Credit notes take back all or part of an invoice. Issue one from the invoice it credits.',
  quote:
    'Prices offered before the work. Once a customer accepts, a quote becomes a draft invoice in one step.',
};

const EMPTY: Record<DocumentType, string> = {
  invoice:
    'Create your first invoice: pick a customer (or add one as you go), add lines from your catalog or type them, and issue it when it looks right.',
  credit_note: 'When an invoice was wrong or goods came back, open the invoice and choose Credit.',
  quote: 'Write a quote the way you write an invoice; when the customer accepts, turn it into an invoice.',
};

function DocumentList({ type }: { type: DocumentType }) {
  const kind = KINDS[type];
  const search = useSearch({ strict: false }) as DocumentSearch;
  const navigate = useNavigate();
  const perms = useSalesPermissions();
  const canWrite = type === 'quote' ? perms.canQuote : perms.canWrite;
  const { byId: customers } = useCustomers();
  const setSearch = (patch: Partial<DocumentSearch>) =>
    navigate({ to: LIST_PATH[type], search: { ...search, ...patch }, replace: true });

  const badRange = Boolean(search.from && search.to && search.from > search.to);
  // Every filter is the server's: the pages, the totals under them and the export read the same rows.
  const filter: DocumentFilter = {
    status: search.status,
    customerId: search.customerId,
    from: search.from,
    to: search.to,
    q: search.q,
  };
  const docs = useInfiniteQuery({
    queryKey: ['sales', 'documents', type, filter],
    queryFn: ({ pageParam }) => documentsPage(type, filter, PAGE_SIZE, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled: !badRange,
  });
  const totals = useQuery({
    queryKey: ['sales', 'documents-totals', type, filter],
    queryFn: () => documentTotals(type, filter),
    placeholderData: keepPreviousData,
    enabled: !badRange,
  });
  const items = useMemo(() => docs.data?.pages.flatMap((p) => p.items) ?? [], [docs.data]);
  const matching = totals.data?.count;

  const newTo = {
    invoice: '/finance/invoices/new',
    credit_note: '/finance/credit-notes/new',
    quote: '/finance/quotes/new',
  } as const;
  const newButton = canWrite && type !== 'credit_note' && (
    <ButtonLink
      to={newTo[type]}
      search={{ customerId: search.customerId }}
      leftSection={<IconPlus size={16} />}
    >
      New {kind.one}
    </ButtonLink>
  );
  const dueLabel = type === 'invoice' ? 'Due' : type === 'credit_note' ? 'Credit left' : null;

  return (
    <Stack>
      <PageHeader
        title={kind.titles}
        description={DESCRIPTIONS[type]}
        actions={
          <>
            <ExportButtons list={kind.path} filters={{ ...filter }} />
            {newButton}
          </>
        }
      />
      <DocumentFilters type={type} search={search} setSearch={setSearch} badRange={badRange} />
      {badRange ? (
        <Paper withBorder p="lg">
          <Text size="sm" c="dimmed" ta="center">
            The start date is after the end date: change one of them to see the list.
          </Text>
        </Paper>
      ) : (
        <QueryState query={docs}>
          {items.length === 0 ? (
            hasFilters(search) ? (
              <Paper withBorder p="lg">
                <Text size="sm" c="dimmed" ta="center">
                  No {kind.one} matches these filters.
                </Text>
              </Paper>
            ) : (
              <EmptyState
                icon={<IconFileInvoice size={24} />}
                title={`No ${kind.many} yet`}
                action={newButton}
              >
                {EMPTY[type]}
              </EmptyState>
            )
          ) : (
            <Paper withBorder>
              <Table.ScrollContainer minWidth={320}>
                <Table verticalSpacing="xs" highlightOnHover aria-label={kind.titles}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Number</Table.Th>
                      <Table.Th>Customer</Table.Th>
                      <Table.Th visibleFrom="sm">Date</Table.Th>
                      {type === 'invoice' && <Table.Th visibleFrom="md">Due date</Table.Th>}
                      <Table.Th visibleFrom="sm">Status</Table.Th>
                      <Table.Th ta="right">Total</Table.Th>
                      {dueLabel && (
                        <Table.Th ta="right" visibleFrom="xs">
                          {dueLabel}
                        </Table.Th>
                      )}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {items.map((d) => (
                      <Table.Tr key={d.id} data-testid={`doc-${d.number ?? d.id}`}>
                        <Table.Td>
                          <DocumentLink type={type} id={d.id} fw={600}>
                            {docNumber(d)}
                          </DocumentLink>
                          <Text size="xs" c="dimmed" hiddenFrom="sm" style={{ whiteSpace: 'nowrap' }}>
                            {formatDate(d.issueDate)}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" lineClamp={2}>
                            {buyerName(d, customers)}
                          </Text>
                          <Group hiddenFrom="sm" mt={4}>
                            <StatusBadge doc={d} />
                          </Group>
                        </Table.Td>
                        <Table.Td visibleFrom="sm">
                          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                            {formatDate(d.issueDate)}
                          </Text>
                        </Table.Td>
                        {type === 'invoice' && (
                          <Table.Td visibleFrom="md">
                            <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                              {d.dueDate ? formatDate(d.dueDate) : '—'}
                            </Text>
                          </Table.Td>
                        )}
                        <Table.Td visibleFrom="sm">
                          <StatusBadge doc={d} />
                        </Table.Td>
                        <Table.Td ta="right">
                          <Amount minor={d.taxInclusiveAmount} currency={d.currency} />
                        </Table.Td>
                        {dueLabel && (
                          <Table.Td ta="right" visibleFrom="xs">
                            {d.status !== 'draft' && (
                              <Amount minor={d.payableAmount} currency={d.currency} blankZero />
                            )}
                          </Table.Td>
                        )}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                  {totals.data && totals.data.currencies.length > 0 && (
                    <Table.Tfoot>
                      {totals.data.currencies.map(({ currency, ...t }) => (
                        <Table.Tr key={currency} data-testid={`list-total-${currency}`}>
                          <Table.Th scope="row" colSpan={2}>
                            Total {currency}
                          </Table.Th>
                          <Table.Td visibleFrom="sm" colSpan={type === 'invoice' ? 3 : 2} />
                          <Table.Td ta="right">
                            <Text fw={700} size="sm" className="ordo-num">
                              {formatMoney(t.total, currency)}
                            </Text>
                          </Table.Td>
                          {dueLabel && (
                            <Table.Td ta="right" visibleFrom="xs">
                              <Text fw={700} size="sm" className="ordo-num">
                                {formatMoney(t.payable, currency)}
                              </Text>
                            </Table.Td>
                          )}
                        </Table.Tr>
                      ))}
                    </Table.Tfoot>
                  )}
                </Table>
              </Table.ScrollContainer>
            </Paper>
          )}
          {items.length > 0 && (
            <Group justify="space-between">
              <Text size="xs" c="dimmed" aria-live="polite" data-testid="list-count">
                {matching === undefined || matching === items.length
                  ? `${plural(items.length, kind.one, kind.many)}.`
                  : `${formatNumber(items.length)} of ${plural(matching, kind.one, kind.many)} shown; the totals are of all ${formatNumber(matching)}.`}
              </Text>
              {docs.hasNextPage && (
                <Button
                  variant="default"
                  onClick={() => docs.fetchNextPage()}
                  loading={docs.isFetchingNextPage}
                >
                  Load more
                </Button>
              )}
            </Group>
          )}
        </QueryState>
      )}
    </Stack>
  );
}

export const InvoicesPage = () => <DocumentList type="invoice" />;
export const CreditNotesPage = () => <DocumentList type="credit_note" />;
export const QuotesPage = () => <DocumentList type="quote" />;
