import { Alert, Paper, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { Fragment } from 'react';
import { subtypeLabel } from '../../api/ledger.ts';
import { type CashFlowStatement, fetchReport } from '../../api/reports.ts';
import { AnchorLink } from '../../lib/links.tsx';
import { PageHeader, QueryState } from '../../shell/page.tsx';
import { PageLoader } from '../../shell/route-states.tsx';
import { DateRangeFields, ExportButtons, Figure, ReportToolbar, useDefaultRange } from './report-bits.tsx';
import type { ReportSearch } from './report-search.ts';

type Line = CashFlowStatement['investing']['lines'][number];

/** Reports → Cash flow: net income turned into the change in cash (indirect method). */
export function CashFlowPage() {
  const search = useSearch({ from: '/signed-in/in-org/finance/reports/cash-flow' });
  const navigate = useNavigate({ from: '/finance/reports/cash-flow' });
  const set = (patch: Partial<ReportSearch>) =>
    navigate({ search: (o) => ({ ...o, ...patch }), replace: true });
  const range = useDefaultRange();
  const query = { from: search.from ?? range.from, to: search.to ?? range.to };
  const badRange = query.from > query.to;
  const report = useQuery({
    queryKey: ['reports', 'cash-flow', query],
    queryFn: () => fetchReport<CashFlowStatement>('/api/reports/cash-flow', query),
    enabled: range.ready && !badRange,
  });
  const cf = report.data;
  const currency = cf?.baseCurrency;

  const lines = (title: string, items: Line[], total: number, totalLabel: string) =>
    currency && (
      <Fragment key={title}>
        <Table.Tr>
          <Table.Th scope="rowgroup" colSpan={2}>
            <Text fw={700} size="sm" tt="uppercase" c="dimmed">
              {title}
            </Text>
          </Table.Th>
        </Table.Tr>
        {items.map((l) => (
          <Table.Tr key={`${title}:${l.accountId}`}>
            <Table.Td pl="xl">
              <Text size="sm">{l.name}</Text>
              <Text size="xs" c="dimmed">
                {subtypeLabel(l.subtype)}
              </Text>
            </Table.Td>
            <Table.Td ta="right">
              <Figure
                minor={l.amount}
                currency={currency}
                accountId={l.accountId}
                from={query.from}
                to={query.to}
                label={l.name}
              />
            </Table.Td>
          </Table.Tr>
        ))}
        <Table.Tr>
          <Table.Th scope="row">{totalLabel}</Table.Th>
          <Table.Td ta="right">
            <Figure minor={total} currency={currency} strong />
          </Table.Td>
        </Table.Tr>
      </Fragment>
    );

  return (
    <Stack>
      <PageHeader
        title="Cash flow statement"
        description="How the period's profit became cash: adjusted for non-cash items and working capital, then investing and financing."
      />
      <ReportToolbar
        actions={<ExportButtons path="/api/reports/cash-flow" query={query} disabled={badRange} />}
      >
        <DateRangeFields from={query.from} to={query.to} badRange={badRange} onChange={set} />
      </ReportToolbar>
      {!range.ready ? (
        <PageLoader />
      ) : badRange ? (
        <Alert color="yellow">The start date is after the end date.</Alert>
      ) : (
        <QueryState query={report}>
          {cf &&
            (currency ? (
              <>
                {!cf.reconciles && (
                  <Alert color="red" role="alert">
                    The statement does not reconcile to the change in the cash accounts. Check that bank and
                    cash accounts have the subtype bank or cash.
                  </Alert>
                )}
                <Paper withBorder>
                  <Table.ScrollContainer minWidth={340}>
                    <Table verticalSpacing={5} aria-label="Cash flow statement">
                      <Table.Tbody>
                        <Table.Tr>
                          <Table.Th scope="row">
                            <AnchorLink
                              to="/finance/reports/income-statement"
                              search={{ from: query.from, to: query.to }}
                              size="sm"
                            >
                              Net income
                            </AnchorLink>
                          </Table.Th>
                          <Table.Td ta="right" w={160}>
                            <Figure minor={cf.netIncome} currency={currency} strong />
                          </Table.Td>
                        </Table.Tr>
                        {lines(
                          'Operating activities',
                          [...cf.operating.nonCash, ...cf.operating.workingCapital],
                          cf.operating.total,
                          'Cash from operating activities',
                        )}
                        {lines(
                          'Investing activities',
                          cf.investing.lines,
                          cf.investing.total,
                          'Cash from investing activities',
                        )}
                        {lines(
                          'Financing activities',
                          cf.financing.lines,
                          cf.financing.total,
                          'Cash from financing activities',
                        )}
                      </Table.Tbody>
                      <Table.Tfoot>
                        <Table.Tr>
                          <Table.Th scope="row">Net change in cash</Table.Th>
                          <Table.Td ta="right">
                            <Figure minor={cf.netCashFlow} currency={currency} strong />
                          </Table.Td>
                        </Table.Tr>
                        <Table.Tr>
                          <Table.Th scope="row">Cash at the start</Table.Th>
                          <Table.Td ta="right">
                            <Figure minor={cf.cash.opening} currency={currency} />
                          </Table.Td>
                        </Table.Tr>
                        <Table.Tr>
                          <Table.Th scope="row">Cash at the end</Table.Th>
                          <Table.Td ta="right">
                            <Figure minor={cf.cash.closing} currency={currency} strong />
                          </Table.Td>
                        </Table.Tr>
                        {cf.cash.accounts.map((a) => (
                          <Table.Tr key={a.accountId}>
                            <Table.Td pl="xl">
                              <Text size="sm">{a.name}</Text>
                            </Table.Td>
                            <Table.Td ta="right">
                              <Figure
                                minor={a.closing}
                                currency={currency}
                                accountId={a.accountId}
                                from={query.from}
                                to={query.to}
                                label={`${a.name}, closing balance`}
                              />
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tfoot>
                    </Table>
                  </Table.ScrollContainer>
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
