import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { accountLabel } from '../../api/ledger.ts';
import { fetchReport, type GeneralLedger } from '../../api/reports.ts';
import { AnchorLink } from '../../lib/links.tsx';
import { PageHeader, QueryState } from '../../shell/page.tsx';
import { PageLoader } from '../../shell/route-states.tsx';
import { AccountPicker } from '../ledger/account-picker.tsx';
import { useAccounts } from '../ledger/ledger-hooks.ts';
import { AccountLinesTable } from './account-lines-table.tsx';
import { DateRangeFields, ExportButtons, ReportToolbar, useDefaultRange } from './report-bits.tsx';
import type { ReportSearch } from './report-search.ts';

const PAGE = 500;
type Section = GeneralLedger['accounts'][number];

/** Pages of the ledger joined: an account cut off at a page's end continues on the next. */
function joinPages(pages: GeneralLedger[]): Section[] {
  const out: Section[] = [];
  for (const page of pages)
    for (const section of page.accounts) {
      const prev = out.at(-1);
      if (prev && prev.accountId === section.accountId && !prev.complete)
        out[out.length - 1] = {
          ...prev,
          lines: [...prev.lines, ...section.lines],
          closing: section.closing,
          complete: section.complete,
        };
      else out.push(section);
    }
  return out;
}

/** Reports → General ledger: every posting in a period, account by account. */
export function GeneralLedgerPage() {
  const search = useSearch({ from: '/signed-in/in-org/finance/reports/general-ledger' });
  const navigate = useNavigate({ from: '/finance/reports/general-ledger' });
  const set = (patch: Partial<ReportSearch>) =>
    navigate({ search: (o) => ({ ...o, ...patch }), replace: true });
  const range = useDefaultRange();
  const { items: accounts } = useAccounts();
  const query = { from: search.from ?? range.from, to: search.to ?? range.to, accountId: search.accountId };
  const badRange = query.from > query.to;
  const ledger = useInfiniteQuery({
    queryKey: ['reports', 'general-ledger', query],
    queryFn: ({ pageParam }) =>
      fetchReport<GeneralLedger>('/api/reports/general-ledger', { ...query, limit: PAGE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: range.ready && !badRange,
  });
  const sections = joinPages(ledger.data?.pages ?? []);

  return (
    <Stack>
      <PageHeader
        title="General ledger"
        description="Every posting in a period, grouped by account, with opening, running and closing balances."
      />
      <ReportToolbar
        actions={<ExportButtons path="/api/reports/general-ledger" query={query} disabled={badRange} />}
      >
        <DateRangeFields from={query.from} to={query.to} badRange={badRange} onChange={set} />
        <AccountPicker
          label="Account"
          placeholder="All accounts"
          clearable
          accounts={accounts}
          value={query.accountId ?? null}
          onChange={(id) => set({ accountId: id ?? undefined })}
          w={300}
          maw="100%"
        />
      </ReportToolbar>
      {!range.ready ? (
        <PageLoader />
      ) : badRange ? (
        <Alert color="yellow">The start date is after the end date.</Alert>
      ) : (
        <QueryState query={ledger}>
          {sections.length === 0 && (
            <Alert color="gray" role="status">
              No postings in this period.
            </Alert>
          )}
          {sections.map((s) => (
            <Paper withBorder key={s.accountId} component="section" aria-label={s.name}>
              <Group justify="space-between" p="sm" wrap="wrap" gap="xs">
                <Title order={2} size="h5">
                  {accountLabel(s)}
                </Title>
                <AnchorLink
                  to="/finance/reports/account-activity"
                  search={{ accountId: s.accountId, from: query.from, to: query.to }}
                  size="sm"
                  aria-label={`Account activity of ${s.name}`}
                >
                  Account activity
                </AnchorLink>
              </Group>
              <AccountLinesTable
                label={`Postings to ${s.name}`}
                lines={s.lines}
                opening={s.opening}
                closing={s.complete ? s.closing : null}
                from={query.from}
                to={query.to}
              />
            </Paper>
          ))}
          {ledger.hasNextPage && (
            <Group>
              <Button
                variant="default"
                onClick={() => ledger.fetchNextPage()}
                loading={ledger.isFetchingNextPage}
              >
                Load more
              </Button>
              <Text size="xs" c="dimmed">
                The ledger is long; it loads in parts.
              </Text>
            </Group>
          )}
        </QueryState>
      )}
    </Stack>
  );
}
