import { Alert, Button, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconInfoCircle, IconShieldCheck } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import { ledgerSettingsQuery } from '../../api/ledger.ts';
import { plural } from '../../lib/format.ts';
import { showApiError } from '../../lib/forms.ts';
import { AnchorLink } from '../../lib/links.tsx';
import { PageHeader, QueryState } from '../../shell/page.tsx';
import { ExchangeRatesCard } from './exchange-rates-card.tsx';
import { FiscalYearsCard } from './fiscal-years-card.tsx';
import { useBaseCurrency, useLedgerPermissions } from './ledger-hooks.ts';
import { LockDatesCard } from './lock-dates-card.tsx';
import { TEMPLATE_CHOICES } from './template-choices.ts';

/** Finance → Ledger settings: lock dates, fiscal years and their closing, exchange rates. */
export function LedgerSettingsPage() {
  const settings = useQuery(ledgerSettingsQuery);
  const { canSettings, canPost } = useLedgerPermissions();
  const { currency } = useBaseCurrency();
  const verify = useMutation({
    mutationFn: () => unwrap(api.GET('/api/ledger/verify')),
    onError: (e) => showApiError(e),
  });
  return (
    <Stack>
      <PageHeader
        title="Ledger settings"
        description="Lock the periods you have reported, close finished fiscal years, and keep the exchange rates that convert foreign-currency lines."
        actions={
          <Button
            variant="light"
            leftSection={<IconShieldCheck size={16} />}
            loading={verify.isPending}
            onClick={() => verify.mutate()}
          >
            Verify the books
          </Button>
        }
      />
      {verify.data && (
        <Alert
          color={verify.data.ok ? 'green' : 'red'}
          role="status"
          title={verify.data.ok ? 'The books check out' : 'The books do not check out'}
          withCloseButton
          onClose={() => verify.reset()}
        >
          {verify.data.ok
            ? `${plural(verify.data.entries, 'entry', 'entries')}: the hash chain is unbroken, every entry balances and the balances add up.`
            : verify.data.problem?.message}
        </Alert>
      )}
      {!canSettings && (
        <Alert icon={<IconInfoCircle size={18} />} color="gray" role="status">
          You can see these settings. Owners, admins and accountants change them.
        </Alert>
      )}
      <QueryState query={settings}>
        {settings.data && (
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, lg: 7 }}>
              <Stack>
                <LockDatesCard settings={settings.data} canEdit={canSettings} />
                <FiscalYearsCard settings={settings.data} canClose={canSettings} />
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 5 }}>
              <Stack>
                <Paper
                  withBorder
                  p={{ base: 'md', sm: 'lg' }}
                  component="section"
                  aria-labelledby="books-title"
                >
                  <Title order={2} size="h4" id="books-title" mb="xs">
                    The books
                  </Title>
                  <Group gap="xl">
                    <div>
                      <Text size="xs" c="dimmed">
                        Base currency
                      </Text>
                      <Text size="sm" fw={600}>
                        {currency ?? 'Not set'}
                      </Text>
                    </div>
                    <div>
                      <Text size="xs" c="dimmed">
                        Chart of accounts from
                      </Text>
                      <Text size="sm" fw={600}>
                        {TEMPLATE_CHOICES.find((t) => t.id === settings.data.chartTemplate)?.label ??
                          settings.data.chartTemplate ??
                          'No template'}
                      </Text>
                    </div>
                  </Group>
                  <Text size="xs" c="dimmed" mt="xs">
                    {settings.data.baseCurrency
                      ? 'The base currency is fixed by the first posting.'
                      : 'Until the first posting, the base currency follows the '}
                    {!settings.data.baseCurrency && (
                      <AnchorLink to="/settings/company" size="xs" underline="always">
                        company profile
                      </AnchorLink>
                    )}
                    {!settings.data.baseCurrency && '.'}
                  </Text>
                </Paper>
                <ExchangeRatesCard baseCurrency={currency} canEdit={canPost} />
              </Stack>
            </Grid.Col>
          </Grid>
        )}
      </QueryState>
    </Stack>
  );
}
