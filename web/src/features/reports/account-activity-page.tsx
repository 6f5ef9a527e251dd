import { Alert, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { accountLabel, TYPE_LABELS } from '../../api/ledger.ts';
import { type AccountActivity, fetchReport } from '../../api/reports.ts';
import { plural } from '../../lib/format.ts';
import { AnchorLink } from '../../lib/links.tsx';
import { PageHeader, QueryState } from '../../shell/page.tsx';
import { PageLoader } from '../../shell/route-states.tsx';
import { AccountPicker } from '../ledger/account-picker.tsx';
import { useAccounts } from '../ledger/ledger-hooks.ts';
import { AccountLinesTable } from './account-lines-table.tsx';
import { DateRangeFields, ExportButtons, ReportToolbar, useDefaultRange } from './report-bits.tsx';
import type { ReportSearch } from './report-search.ts';

const PAGE = 200;

/** Reports → Account activity: one account's postings with running balances; where figures drill to. */
export function AccountActivityPage() {
  const search = useSearch({ from: '/signed-in/in-org/finance/reports/account-activity' });
  const navigate = useNavigate({ from: '/finance/reports/account-activity' });
  const set = (patch: Partial<ReportSearch>) =>
    navigate({ search: (o) => ({ ...o, ...patch }), replace: true });
  const range = useDefaultRange();
  const { items: accounts } = useAccounts();
  const query = { accountId: search.accountId, from: search.from ?? range.from, to: search.to ?? range.to };
  const badRange = query.from > query.to;
  const activity = useInfiniteQuery({
    queryKey: ['reports', 'account-activity', query],
    queryFn: ({ pageParam }) =>
      fetchReport<AccountActivity>('/api/reports/account-activity', {
        ...query,
        limit: PAGE,
        cursor: pageParam,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: Boolean(query.accountId) && range.ready && !badRange,
  });
  const pages = activity.data?.pages ?? [];
  const first = pages[0];
  const last = pages.at(-1);
  const lines = pages.flatMap((p) => p.lines);

  return (
    <Stack>
      <PageHeader
        title="Account activity"
        description="Every posting to one account in a period, from its opening to its closing balance. Each line opens its journal entry."
      />
      <ReportToolbar
        actions={
          <ExportButtons
            path="/api/reports/account-activity"
            query={query}
            disabled={!query.accountId || badRange}
          />
        }
      >
        <AccountPicker
          label="Account"
          accounts={accounts}
          value={query.accountId ?? null}
          onChange={(id) => set({ accountId: id ?? undefined })}
          w={300}
          maw="100%"
        />
        <DateRangeFields from={query.from} to={query.to} badRange={badRange} onChange={set} />
      </ReportToolbar>
      {!query.accountId ? (
        <Alert color="gray" role="status">
          Choose an account to see its postings. Figures in the other reports open here with the account and
          dates filled in.
        </Alert>
      ) : !range.ready ? (
        <PageLoader />
      ) : badRange ? (
        <Alert color="yellow">The start date is after the end date.</Alert>
      ) : (
        <QueryState query={activity}>
          {first && last && (
            <Paper withBorder>
              <Group justify="space-between" p="sm" wrap="wrap" gap="xs">
                <div>
                  <Text fw={600}>{accountLabel(first)}</Text>
                  <Text size="xs" c="dimmed">
                    {TYPE_LABELS[first.type]} · {plural(lines.length, 'posting', 'postings')}
                    {activity.hasNextPage ? ' so far' : ''}
                  </Text>
                </div>
                <AnchorLink to="/finance/journal" search={{ accountId: first.accountId }} size="sm">
                  Open in the journal
                </AnchorLink>
              </Group>
              <AccountLinesTable
                label={`Activity of ${first.name}`}
                lines={lines}
                opening={first.opening}
                closing={activity.hasNextPage ? null : last.closing}
                from={first.from}
                to={first.to}
              />
            </Paper>
          )}
          {activity.hasNextPage && (
            <Button
              variant="default"
              onClick={() => activity.fetchNextPage()}
              loading={activity.isFetchingNextPage}
              w="fit-content"
            >
              Load more postings
            </Button>
          )}
        </QueryState>
      )}
    </Stack>
  );
}
