import { Button, Group, Paper, Radio, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import { isSalesQuery, type SalesSettings, salesSettingsQuery } from '../../api/sales.ts';
import { showApiError } from '../../lib/forms.ts';
import { PageHeader, QueryState } from '../../shell/page.tsx';
import { useSalesPermissions } from './sales-hooks.ts';
import { TaxRatesCard } from './tax-rates-card.tsx';

/** Finance → Sales settings: tax rates, how tax is rounded, and how documents are numbered. */
export function SalesSettingsPage() {
  const settings = useQuery(salesSettingsQuery);
  return (
    <Stack>
      <PageHeader
        title="Sales settings"
        description="The tax rates invoice lines carry, how tax is rounded, and how invoices, credit notes and quotes are numbered."
      />
      <TaxRatesCard />
      <QueryState query={settings}>{settings.data && <NumberingCard settings={settings.data} />}</QueryState>
    </Stack>
  );
}

const FIELDS = ['taxRounding', 'invoicePattern', 'creditNotePattern', 'quotePattern'];

function NumberingCard({ settings }: { settings: SalesSettings }) {
  const { canSettings } = useSalesPermissions();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: {
      taxRounding: settings.taxRounding as 'line' | 'document',
      invoicePattern: settings.invoicePattern,
      creditNotePattern: settings.creditNotePattern,
      quotePattern: settings.quotePattern,
    },
  });
  const save = useMutation({
    mutationFn: (v: ReturnType<typeof form.getValues>) => unwrap(api.PUT('/api/sales/settings', { body: v })),
    onSuccess: async (saved) => {
      form.resetDirty(saved as typeof form.values);
      notifications.show({ color: 'green', message: 'Sales settings saved.' });
      await queryClient.invalidateQueries({ predicate: isSalesQuery });
    },
    onError: (e) => showApiError(e, form, FIELDS),
  });
  return (
    <Paper withBorder p="md">
      <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4">
            Tax rounding and numbering
          </Title>
          <Radio.Group label="Round tax" {...form.getInputProps('taxRounding')}>
            <Stack gap={6} mt={6}>
              <Radio value="line" label="On each line, then add the lines up" disabled={!canSettings} />
              <Radio value="document" label="Once per rate on the whole document" disabled={!canSettings} />
            </Stack>
          </Radio.Group>
          <Text size="sm" c="dimmed">
            Numbers follow a pattern: {'{YYYY}'} is the year, {'{MM}'} the month, and {'{0000}'} the counter
            with its digits. A new year (or month) starts the counter again.
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput
              label="Invoices"
              maxLength={40}
              disabled={!canSettings}
              {...form.getInputProps('invoicePattern')}
            />
            <TextInput
              label="Credit notes"
              maxLength={40}
              disabled={!canSettings}
              {...form.getInputProps('creditNotePattern')}
            />
            <TextInput
              label="Quotes"
              maxLength={40}
              disabled={!canSettings}
              {...form.getInputProps('quotePattern')}
            />
          </SimpleGrid>
          {canSettings && (
            <Group justify="flex-end">
              <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
                Save settings
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
