import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { AnchorLink } from '../../lib/links.tsx';
import { PageHeader } from '../../shell/page.tsx';

const REPORTS = [
  {
    to: '/finance/reports/income-statement',
    title: 'Income statement',
    what: 'Profit and loss for a period: income less expenses, by month, quarter or year, against a prior period.',
  },
  {
    to: '/finance/reports/balance-sheet',
    title: 'Balance sheet',
    what: 'What the business owns and owes on a day, and the equity in between.',
  },
  {
    to: '/finance/reports/cash-flow',
    title: 'Cash flow statement',
    what: 'Where the cash came from and went: operating, investing and financing.',
  },
  {
    to: '/finance/reports/trial-balance',
    title: 'Trial balance',
    what: 'Every account’s debit or credit balance on a day; the two columns agree.',
  },
  {
    to: '/finance/reports/general-ledger',
    title: 'General ledger',
    what: 'Every posting in a period, account by account, with running balances.',
  },
  {
    to: '/finance/aging',
    title: 'Receivables aging',
    what: 'What each customer owes on a day, by how late it is, down to the invoices.',
  },
  {
    to: '/finance/reports/account-activity',
    title: 'Account activity',
    what: 'One account’s postings in a period between its opening and closing balance.',
  },
] as const;

/** Finance → Reports: the financial statements and ledgers, each with downloads. */
export function ReportsPage() {
  return (
    <Stack>
      <PageHeader
        title="Reports"
        description="Financial statements straight from the ledger. Every figure opens the entries behind it; every report downloads as CSV, Excel or PDF."
      />
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
        {REPORTS.map((r) => (
          <Card key={r.to} withBorder padding="lg">
            <Title order={2} size="h4" mb={4}>
              <AnchorLink to={r.to}>{r.title}</AnchorLink>
            </Title>
            <Text size="sm" c="dimmed">
              {r.what}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
