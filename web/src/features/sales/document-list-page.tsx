import { Button, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { IconFileInvoice, IconPlus } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useMemo } from 'react';
import { type DocumentType, documentsPage, KINDS, type SalesDocument } from '../../api/sales.ts';
import { formatDate, formatMoney, plural } from '../../lib/format.ts';
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
/** Past this many documents the browser stops loading pages to filter by date or number itself. */
const FILTER_CAP = 5000;

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

/**
 * The date range and the number search are applied here, over the pages loaded (the list API filters
 * by status and customer only). Pages come newest first, so loading stops once one ends before `from`.
 */
function applyLocalFilters(items: SalesDocument[], s: DocumentSearch): SalesDocument[] {
  const q = s.q?.toLowerCase();
  return items.filter(
    (d) =>
      (!s.from || d.issueDate >= s.from) &&
      (!s.to || d.issueDate <= s.to) &&
      (!q || (d.number ?? 'draft').toLowerCase().includes(q)),
  );
}

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
  const serverFilter = { status: search.status, customerId: search.customerId };
  const docs = useInfiniteQuery({
    queryKey: ['sales', 'documents', type, serverFilter],
    queryFn: ({ pageParam }) => documentsPage(type, serverFilter, PAGE_SIZE, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: !badRange,
  });
  const loaded = docs.data?.pages.flatMap((p) => p.items) ?? [];
  const items = useMemo(() => applyLocalFilters(loaded, search), [loaded, search]);
  const localFilter = Boolean(search.from || search.to || search.q);
  const oldest = loaded.at(-1)?.issueDate;
  const needMore =
    localFilter &&
    docs.hasNextPage &&
    !docs.isFetchingNextPage &&
    loaded.length < FILTER_CAP &&
    !(search.from && oldest && oldest < search.from);
  useEffect(() => {
    if (needMore) void docs.fetchNextPage();
  }, [needMore, docs]);

  const totals = useMemo(() => {
    const m = new Map<string, { total: number; due: number }>();
    for (const d of items) {
      const t = m.get(d.currency) ?? { total: 0, due: 0 };
      t.total += d.taxInclusiveAmount;
      if (d.status !== 'draft') t.due += d.payableAmount;
      m.set(d.currency, t);
    }
    return [...m];
  }, [items]);

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
            <ExportButtons
              list={kind.path}
              filters={{ status: search.status, customerId: search.customerId }}
            />
            {newButton}
          </>
        }
      />
      <DocumentFilters type={type} search={search} setSearch={setSearch} badRange={badRange} />
      <QueryState query={docs}>
        {items.length === 0 && !needMore ? (
          hasFilters(search) ? (
            <Paper withBorder p="lg">
              <Text size="sm" c="dimmed" ta="center">
                No {kind.one} matches these filters.
              </Text>
            </Paper>
          ) : (
            <EmptyState icon={<IconFileInvoice size={24} />} title={`No ${kind.many} yet`} action={newButton}>
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
                {totals.length > 0 && (
                  <Table.Tfoot>
                    {totals.map(([currency, t]) => (
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
                              {formatMoney(t.due, currency)}
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
            <Text size="xs" c="dimmed" aria-live="polite">
              {plural(items.length, kind.one, kind.many)} shown{docs.hasNextPage ? '; there are more' : ''}.
              The totals are of those shown.
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
    </Stack>
  );
}

export const InvoicesPage = () => <DocumentList type="invoice" />;
export const CreditNotesPage = () => <DocumentList type="credit_note" />;
export const QuotesPage = () => <DocumentList type="quote" />;
