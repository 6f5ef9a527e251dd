import { Alert, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { accountLabel } from '../../api/ledger.ts';
import { fetchReport, type TrialBalance } from '../../api/reports.ts';
import { formatDate } from '../../lib/format.ts';
import { PageHeader, QueryState } from '../../shell/page.tsx';
import { todayIso } from '../ledger/dates.ts';
import { ExportButtons, Figure, fiscalYearStartOf, ReportToolbar, useDefaultRange } from './report-bits.tsx';
import type { ReportSearch } from './report-search.ts';

/** Reports → Trial balance: per account and currency, the debit or credit balance on a day. */
export function TrialBalancePage() {
  const search = useSearch({ from: '/signed-in/in-org/finance/reports/trial-balance' });
  const navigate = useNavigate({ from: '/finance/reports/trial-balance' });
  const set = (patch: Partial<ReportSearch>) =>
    navigate({ search: (o) => ({ ...o, ...patch }), replace: true });
  const asOf = search.asOf ?? todayIso();
  const range = useDefaultRange();
  const from = fiscalYearStartOf(asOf, range.from.slice(5));
  const query = { asOf };
  const report = useQuery({
    queryKey: ['reports', 'trial-balance', query],
    queryFn: () => fetchReport<TrialBalance>('/api/reports/trial-balance', query),
  });
  const tb = report.data;
  const base = tb?.baseCurrency;
  return (
    <Stack>
      <PageHeader
        title="Trial balance"
        description="Every account's balance at the end of a day, as a debit or a credit. Both columns add up to the same figure when the books balance."
      />
      <ReportToolbar actions={<ExportButtons path="/api/reports/trial-balance" query={query} />}>
        <TextInput
          type="date"
          label="As of"
          value={asOf}
          onChange={(e) => set({ asOf: e.currentTarget.value || undefined })}
          w={170}
        />
      </ReportToolbar>
      <QueryState query={report}>
        {tb && tb.rows.length === 0 ? (
          <Alert color="gray" role="status">
            Nothing posted on or before {formatDate(asOf)}. Post a journal entry and its accounts appear here.
          </Alert>
        ) : (
          tb && (
            <Paper withBorder>
              <Table.ScrollContainer minWidth={340}>
                <Table verticalSpacing={6} aria-label={`Trial balance at the end of ${formatDate(asOf)}`}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Account</Table.Th>
                      <Table.Th ta="right" w={150}>
                        Debit
                      </Table.Th>
                      <Table.Th ta="right" w={150}>
                        Credit
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {tb.rows.map((r) => (
                      <Table.Tr key={`${r.accountId}:${r.currency}`}>
                        <Table.Td>
                          <Text size="sm">
                            {accountLabel({ code: r.accountCode, name: r.accountName })}
                            {r.currency !== base && (
                              <Text span size="xs" c="dimmed">
                                {' '}
                                ({r.currency})
                              </Text>
                            )}
                          </Text>
                        </Table.Td>
                        {(['debit', 'credit'] as const).map((side) => (
                          <Table.Td ta="right" key={side}>
                            {r[side] !== 0 && (
                              <Figure
                                minor={r[side]}
                                currency={r.currency}
                                accountId={r.accountId}
                                from={from}
                                to={asOf}
                                label={`${r.accountName}, ${side}`}
                              />
                            )}
                          </Table.Td>
                        ))}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                  <Table.Tfoot>
                    {tb.totals.map((t) => (
                      <Table.Tr key={t.currency}>
                        <Table.Th scope="row">Total {t.currency}</Table.Th>
                        <Table.Td ta="right">
                          <Figure minor={t.debit} currency={t.currency} strong />
                        </Table.Td>
                        <Table.Td ta="right">
                          <Figure minor={t.credit} currency={t.currency} strong />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tfoot>
                </Table>
              </Table.ScrollContainer>
            </Paper>
          )
        )}
      </QueryState>
    </Stack>
  );
}
