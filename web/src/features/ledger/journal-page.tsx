import { Alert, Button, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { IconBook, IconPlus } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client.ts';
import {
  type Account,
  accountLabel,
  accountsQuery,
  type JournalEntry,
  TYPE_LABELS,
} from '../../api/ledger.ts';
import { formatDate, plural } from '../../lib/format.ts';
import { AnchorLink, ButtonLink } from '../../lib/links.tsx';
import { EmptyState, PageHeader, QueryState } from '../../shell/page.tsx';
import { Amount } from './amount.tsx';
import { entryNumber, entryTotals, SourceLink, StatusBadges, sourceTypeLabel } from './entry-bits.tsx';
import { hasJournalFilters, JournalFilters } from './journal-filters.tsx';
import type { JournalSearch } from './journal-search.ts';
import { normalBalance } from './ledger-amounts.ts';
import { useAccounts, useBaseCurrency, useLedgerPermissions } from './ledger-hooks.ts';

const FROM = '/signed-in/in-org/finance/journal' as const;
const PAGE_SIZE = 50;

/** Finance → Journal: every entry, newest first, filtered by date, account, status or source. */
export function JournalPage() {
  const search = useSearch({ from: FROM });
  const navigate = useNavigate({ from: '/finance/journal' });
  const { canPost } = useLedgerPermissions();
  const { items: accounts, byId } = useAccounts();
  const { currency } = useBaseCurrency();
  const setSearch = (patch: Partial<JournalSearch>) =>
    navigate({ search: (old) => ({ ...old, ...patch }), replace: true });

  const badRange = Boolean(search.from && search.to && search.from > search.to);
  const entries = useInfiniteQuery({
    queryKey: ['ledger', 'entries', search],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/ledger/entries', {
          params: { query: { ...search, limit: PAGE_SIZE, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: !badRange,
  });
  const items = entries.data?.pages.flatMap((p) => p.items) ?? [];
  const account = search.accountId ? byId.get(search.accountId) : undefined;

  return (
    <Stack>
      <PageHeader
        title="Journal"
        description="Every journal entry in the books, newest first. Posted entries never change; to correct one, reverse it and post it again."
        actions={
          canPost && (
            <ButtonLink to="/finance/journal/new" leftSection={<IconPlus size={16} />}>
              New journal entry
            </ButtonLink>
          )
        }
      />
      <JournalFilters search={search} setSearch={setSearch} accounts={accounts} />
      {search.sourceType && search.sourceId && (
        <Alert color="gray" role="status">
          Entries posted from {sourceTypeLabel(search.sourceType)} {search.sourceId}.
        </Alert>
      )}
      {account && <AccountSummary account={account} asOf={search.to} />}
      <QueryState query={entries}>
        {items.length === 0 ? (
          hasJournalFilters(search) ? (
            <Paper withBorder p="lg">
              <Text size="sm" c="dimmed" ta="center">
                No journal entry matches these filters.
              </Text>
            </Paper>
          ) : (
            <EmptyState
              icon={<IconBook size={24} />}
              title="No journal entries yet"
              action={
                canPost && (
                  <ButtonLink to="/finance/journal/new" leftSection={<IconPlus size={16} />}>
                    New journal entry
                  </ButtonLink>
                )
              }
            >
              Invoices, bills, payments and payroll post here by themselves. For anything else (opening
              balances, accruals, corrections) enter a journal entry by hand.
            </EmptyState>
          )
        ) : (
          <Paper withBorder>
            <Table.ScrollContainer minWidth={340}>
              <Table verticalSpacing="xs" highlightOnHover aria-label="Journal entries">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={80}>No.</Table.Th>
                    <Table.Th w={120} visibleFrom="sm">
                      Date
                    </Table.Th>
                    <Table.Th>Description</Table.Th>
                    <Table.Th w={150} visibleFrom="sm">
                      Status
                    </Table.Th>
                    <Table.Th w={180} visibleFrom="sm">
                      Source
                    </Table.Th>
                    <Table.Th w={140} ta="right">
                      {account ? 'In this account' : 'Total'}
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((e) => (
                    <EntryRow key={e.id} entry={e} currency={currency} account={account} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
        {items.length > 0 && (
          <Group justify="space-between">
            <Text size="xs" c="dimmed" aria-live="polite">
              {plural(items.length, 'entry', 'entries')} shown
              {entries.hasNextPage ? '; there are more' : ''}.
            </Text>
            {entries.hasNextPage && (
              <Button
                variant="default"
                onClick={() => entries.fetchNextPage()}
                loading={entries.isFetchingNextPage}
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

function EntryRow({
  entry: e,
  currency,
  account,
}: {
  entry: JournalEntry;
  currency: string | null;
  account: Account | undefined;
}) {
  const inAccount = account
    ? e.lines
        .filter((l) => l.accountId === account.id)
        .map((l) => ({
          currency: e.status === 'posted' && currency ? currency : l.currency,
          minor: e.status === 'posted' && currency ? (l.baseAmount ?? 0) : l.amount,
        }))
    : null;
  const figures = inAccount ?? entryTotals(e, currency);
  return (
    <Table.Tr data-testid={`entry-${e.seq ?? e.id}`}>
      <Table.Td>
        <AnchorLink
          to="/finance/journal/$entryId"
          params={{ entryId: e.id }}
          size="sm"
          fw={600}
          aria-label={`${entryNumber(e)}: ${e.description || 'no description'}`}
        >
          {entryNumber(e)}
        </AnchorLink>
        {/* On a phone the date and status sit under the number and description. */}
        <Text size="xs" c="dimmed" hiddenFrom="sm" style={{ whiteSpace: 'nowrap' }}>
          {formatDate(e.date)}
        </Text>
      </Table.Td>
      <Table.Td visibleFrom="sm">
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {formatDate(e.date)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" lineClamp={2}>
          {e.description || (
            <Text span c="dimmed" size="sm">
              No description
            </Text>
          )}
        </Text>
        {e.payee && (
          <Text size="xs" c="dimmed">
            {e.payee}
          </Text>
        )}
        <Group hiddenFrom="sm" mt={4}>
          <StatusBadges entry={e} />
        </Group>
      </Table.Td>
      <Table.Td visibleFrom="sm">
        <StatusBadges entry={e} />
      </Table.Td>
      <Table.Td visibleFrom="sm">
        {e.source ? <SourceLink source={e.source} /> : <Text size="sm">Manual</Text>}
      </Table.Td>
      <Table.Td ta="right">
        {figures.map((f, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: an account may appear on two lines of one entry
          <div key={i}>
            <Amount minor={f.minor} currency={f.currency} />
          </div>
        ))}
      </Table.Td>
    </Table.Tr>
  );
}

/** Above an account's activity: what the account is and where it stands. */
function AccountSummary({ account, asOf }: { account: Account; asOf: string | undefined }) {
  const atDate = useQuery(accountsQuery(asOf));
  const a = atDate.data?.items.find((x) => x.id === account.id) ?? account;
  const { currency } = useBaseCurrency();
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <div>
          <Text size="xs" c="dimmed">
            Account activity
          </Text>
          <Text fw={600}>{accountLabel(a)}</Text>
          <Text size="xs" c="dimmed">
            {TYPE_LABELS[a.type]}
            {a.archivedAt ? ' · archived' : ''} ·{' '}
            <AnchorLink
              to="/finance/reports/account-activity"
              search={{ accountId: a.id }}
              size="xs"
              underline="always"
            >
              running balances
            </AnchorLink>
          </Text>
        </div>
        <div style={{ textAlign: 'right' }}>
          <Text size="xs" c="dimmed">
            Balance {asOf ? `at the end of ${formatDate(asOf)}` : 'today'}
          </Text>
          {currency && (
            <Amount
              minor={normalBalance(a)}
              currency={currency}
              size="lg"
              fw={700}
              data-testid="account-balance"
            />
          )}
        </div>
      </Group>
    </Paper>
  );
}
