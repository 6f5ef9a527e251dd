import { Button, Stack } from '@mantine/core';
import { IconCoins } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { companyQuery } from '../../api/company.ts';
import { EmptyState, PageHeader, QueryState } from '../../shell/page.tsx';

export function FinancePage() {
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
    </Stack>
  );
}
