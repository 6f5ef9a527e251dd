import { Anchor, Button, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconCoins } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useRouteContext } from '@tanstack/react-router';
import { companyQuery } from '../../api/company.ts';
import { EmptyState, PageHeader, QueryState } from '../../shell/page.tsx';

const LEDGER_PAGES = [
  {
    to: '/finance/accounts',
    title: 'Chart of accounts',
    what: 'The accounts your books post to, with balances.',
  },
  { to: '/finance/journal', title: 'Journal', what: 'Every journal entry; enter, post and reverse them.' },
  {
    to: '/finance/reports',
    title: 'Reports',
    what: 'Income statement, balance sheet, cash flow and ledgers.',
  },
  {
    to: '/finance/ledger-settings',
    title: 'Ledger settings',
    what: 'Lock dates, fiscal years and exchange rates.',
  },
] as const;

const SALES_PAGES = [
  {
    to: '/finance/invoices',
    title: 'Invoices',
    what: 'Create, issue and send invoices; record what is paid.',
  },
  { to: '/finance/customers', title: 'Customers', what: 'Who owes what, their history and statements.' },
  { to: '/finance/aging', title: 'Receivables aging', what: 'What is owed, by how late it is.' },
  { to: '/finance/quotes', title: 'Quotes', what: 'Prices offered; accepted ones become invoices.' },
] as const;

export function FinancePage() {
  const { permissions } = useRouteContext({ from: '/signed-in/in-org' });
  const company = useQuery(companyQuery);
  const ready = Boolean(company.data?.baseCurrency && company.data?.fiscalYearStart);
  return (
    <Stack>
      <PageHeader title="Finance" description="Books, invoices, bills, payments and bank accounts." />
      <QueryState query={company}>
        <EmptyState
          icon={<IconCoins size={26} />}
          title={ready ? `Books kept in ${company.data?.baseCurrency}` : 'Set up your books first'}
          action={
            <Button component={Link} to="/settings/company" variant={ready ? 'light' : 'filled'}>
              {ready ? 'Review company profile' : 'Open company profile'}
            </Button>
          }
        >
          {ready
            ? `Your fiscal year starts on ${company.data?.fiscalYearStart} (month-day). The ledger, invoices and bills will use these settings.`
            : 'Before the first invoice or journal entry, choose the base currency your books are kept in and the day your fiscal year starts.'}
        </EmptyState>
      </QueryState>
      {permissions.has('sales:read') && (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md">
          {SALES_PAGES.map((p) => (
            <Card key={p.to} withBorder padding="lg">
              <Title order={2} size="h4" mb={4}>
                <Anchor component={Link} to={p.to}>
                  {p.title}
                </Anchor>
              </Title>
              <Text size="sm" c="dimmed">
                {p.what}
              </Text>
            </Card>
          ))}
        </SimpleGrid>
      )}
      {permissions.has('ledger:read') && (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md">
          {LEDGER_PAGES.map((p) => (
            <Card key={p.to} withBorder padding="lg">
              <Title order={2} size="h4" mb={4}>
                <Anchor component={Link} to={p.to}>
                  {p.title}
                </Anchor>
              </Title>
              <Text size="sm" c="dimmed">
                {p.what}
              </Text>
            </Card>
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
