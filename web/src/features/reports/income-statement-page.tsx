import { Alert, Paper, Select, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { fetchReport, type IncomeStatement } from '../../api/reports.ts';
import { PageHeader, QueryState } from '../../shell/page.tsx';
import { PageLoader } from '../../shell/route-states.tsx';
import { DateRangeFields, ExportButtons, ReportToolbar, useDefaultRange } from './report-bits.tsx';
import type { ReportSearch } from './report-search.ts';
import { StatementTable } from './statement-table.tsx';

const COLUMNS = [
  { value: 'total', label: 'One column' },
  { value: 'month', label: 'By month' },
  { value: 'quarter', label: 'By quarter' },
  { value: 'year', label: 'By year' },
];
const COMPARE = [
  { value: 'none', label: 'No comparison' },
  { value: 'prior-period', label: 'Previous period' },
  { value: 'prior-year', label: 'Same period last year' },
];

/** Reports → Income statement: income less expenses over a period. */
export function IncomeStatementPage() {
  const search = useSearch({ from: '/signed-in/in-org/finance/reports/income-statement' });
  const navigate = useNavigate({ from: '/finance/reports/income-statement' });
  const set = (patch: Partial<ReportSearch>) =>
    navigate({ search: (o) => ({ ...o, ...patch }), replace: true });
  const range = useDefaultRange();
  const query = {
    from: search.from ?? range.from,
    to: search.to ?? range.to,
    columns: search.columns ?? 'total',
    compare: search.compare ?? 'none',
  };
  const badRange = query.from > query.to;
  const report = useQuery({
    queryKey: ['reports', 'income-statement', query],
    queryFn: () => fetchReport<IncomeStatement>('/api/reports/income-statement', query),
    enabled: range.ready && !badRange,
  });
  const is = report.data;
  return (
    <Stack>
      <PageHeader
        title="Income statement"
        description="Profit and loss: what the business earned and spent over a period. Click any figure to see the entries behind it."
      />
      <ReportToolbar
        actions={<ExportButtons path="/api/reports/income-statement" query={query} disabled={badRange} />}
      >
        <DateRangeFields from={query.from} to={query.to} badRange={badRange} onChange={set} />
        <Select
          label="Columns"
          data={COLUMNS}
          value={query.columns}
          allowDeselect={false}
          onChange={(v) => set({ columns: (v ?? 'total') as ReportSearch['columns'] })}
          w={150}
        />
        <Select
          label="Compare with"
          data={COMPARE}
          value={query.compare}
          allowDeselect={false}
          onChange={(v) => set({ compare: (v ?? 'none') as ReportSearch['compare'] })}
          w={210}
        />
      </ReportToolbar>
      {!range.ready ? (
        <PageLoader />
      ) : badRange ? (
        <Alert color="yellow">The start date is after the end date.</Alert>
      ) : (
        <QueryState query={report}>
          {is &&
            (is.baseCurrency ? (
              <Paper withBorder>
                <StatementTable
                  label="Income statement"
                  currency={is.baseCurrency}
                  columns={is.columns.map((c) => ({
                    label: c.label,
                    from: c.role === 'change' ? null : c.from,
                    to: c.role === 'change' ? null : c.to,
                  }))}
                  sections={[
                    {
                      title: 'Income',
                      rows: is.income.rows,
                      total: is.income.total,
                      totalLabel: 'Total income',
                    },
                    {
                      title: 'Expenses',
                      rows: is.expenses.rows,
                      total: is.expenses.total,
                      totalLabel: 'Total expenses',
                    },
                  ]}
                  closing={[
                    ...(is.costOfSales.some((f) => f !== 0)
                      ? [{ label: 'Gross profit (income less cost of sales)', figures: is.grossProfit }]
                      : []),
                    { label: 'Net income', figures: is.netIncome },
                  ]}
                />
              </Paper>
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
