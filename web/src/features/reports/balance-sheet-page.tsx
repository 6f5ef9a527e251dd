import { Alert, Paper, Stack, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { type BalanceSheet, fetchReport, type StatementRow } from '../../api/reports.ts';
import { formatDate, formatMoney } from '../../lib/format.ts';
import { PageHeader, QueryState } from '../../shell/page.tsx';
import { PageLoader } from '../../shell/route-states.tsx';
import { todayIso } from '../ledger/dates.ts';
import { ExportButtons, fiscalYearStartOf, ReportToolbar, useDefaultRange } from './report-bits.tsx';
import type { ReportSearch } from './report-search.ts';
import { StatementTable } from './statement-table.tsx';

/** A computed line in the equity section (no account of its own), left out while it is zero. */
const earningsRow = (label: string, figures: number[]): StatementRow[] =>
  figures.some((f) => f !== 0)
    ? [{ accountId: null, name: label, label, depth: 0, isGroup: false, figures }]
    : [];

/** Reports → Balance sheet: assets, liabilities and equity on a day, optionally against another day. */
export function BalanceSheetPage() {
  const search = useSearch({ from: '/signed-in/in-org/finance/reports/balance-sheet' });
  const navigate = useNavigate({ from: '/finance/reports/balance-sheet' });
  const set = (patch: Partial<ReportSearch>) =>
    navigate({ search: (o) => ({ ...o, ...patch }), replace: true });
  const range = useDefaultRange();
  const fyStart = range.from.slice(5);
  const query = { asOf: search.asOf ?? todayIso(), compareAsOf: search.compareAsOf };
  const report = useQuery({
    queryKey: ['reports', 'balance-sheet', query],
    queryFn: () => fetchReport<BalanceSheet>('/api/reports/balance-sheet', query),
    enabled: range.ready,
  });
  const bs = report.data;
  // A balance is everything up to its day: its entries open from the start of that fiscal year,
  // where the account activity shows the opening balance carried in.
  const columns = (bs?.dates ?? []).map((d) => ({
    label: formatDate(d),
    from: fiscalYearStartOf(d, fyStart),
    to: d,
  }));
  return (
    <Stack>
      <PageHeader
        title="Balance sheet"
        description="What the business owns, what it owes, and the owners' equity in between, at the end of a day."
      />
      <ReportToolbar actions={<ExportButtons path="/api/reports/balance-sheet" query={query} />}>
        <TextInput
          type="date"
          label="As of"
          value={query.asOf}
          onChange={(e) => set({ asOf: e.currentTarget.value || undefined })}
          w={165}
        />
        <TextInput
          type="date"
          label="Compare with"
          value={query.compareAsOf ?? ''}
          onChange={(e) => set({ compareAsOf: e.currentTarget.value || undefined })}
          w={165}
        />
      </ReportToolbar>
      {!range.ready ? (
        <PageLoader />
      ) : (
        <QueryState query={report}>
          {bs &&
            (bs.baseCurrency ? (
              <>
                {!bs.balanced && (
                  <Alert color="red" role="alert" title="The balance sheet does not balance">
                    Assets differ from liabilities and equity by{' '}
                    {bs.difference.map((d) => formatMoney(d, bs.baseCurrency ?? 'XXX')).join(' / ')}. Run
                    Verify the books in the ledger settings.
                  </Alert>
                )}
                <Paper withBorder>
                  <StatementTable
                    label="Balance sheet"
                    emptyText="Nothing on this day."
                    currency={bs.baseCurrency}
                    columns={columns}
                    sections={[
                      {
                        title: 'Assets',
                        rows: bs.assets.rows,
                        total: bs.assets.total,
                        totalLabel: 'Total assets',
                      },
                      {
                        title: 'Liabilities',
                        rows: bs.liabilities.rows,
                        total: bs.liabilities.total,
                        totalLabel: 'Total liabilities',
                      },
                      {
                        title: 'Equity',
                        rows: [
                          ...bs.equity.rows,
                          ...earningsRow('Earnings of earlier years, not closed', bs.priorYearsEarnings),
                          ...earningsRow('Earnings this fiscal year', bs.currentYearEarnings),
                        ],
                        total: bs.equity.total,
                        totalLabel: 'Total equity',
                      },
                    ]}
                    closing={[{ label: 'Total liabilities and equity', figures: bs.liabilitiesAndEquity }]}
                  />
                </Paper>
              </>
            ) : (
              <Alert color="gray" role="status">
                Nothing is posted yet, so there is nothing to report.
              </Alert>
            ))}
        </QueryState>
      )}
    </Stack>
  );
}
