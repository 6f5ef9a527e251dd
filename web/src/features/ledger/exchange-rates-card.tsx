import { Button, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { isCurrency } from '../../../../src/core/money.ts';
import { api, idempotencyKey, unwrap } from '../../api/client.ts';
import { isLedgerQuery } from '../../api/ledger.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { showApiError } from '../../lib/forms.ts';
import { QueryState } from '../../shell/page.tsx';
import { todayIso } from './dates.ts';

const FIELDS = ['base', 'quote', 'date', 'rate'] as const;
const RATE = /^\d{1,18}(\.\d{1,18})?$/;

/** Rates that turn foreign-currency lines into the base currency; the latest on or before a date applies. */
export function ExchangeRatesCard({
  baseCurrency,
  canEdit,
}: {
  baseCurrency: string | null;
  canEdit: boolean;
}) {
  const queryClient = useQueryClient();
  const rates = useInfiniteQuery({
    queryKey: ['ledger', 'exchange-rates'],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/ledger/exchange-rates', { params: { query: { limit: 50, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = rates.data?.pages.flatMap((p) => p.items) ?? [];
  const code = (v: string) => (isCurrency(v.trim().toUpperCase()) ? null : 'A currency code such as USD.');
  const form = useForm({
    initialValues: { base: '', quote: baseCurrency ?? '', date: todayIso(), rate: '' },
    validate: {
      base: code,
      quote: (v, values) =>
        code(v) ??
        (v.trim().toUpperCase() === values.base.trim().toUpperCase()
          ? 'Pick two different currencies.'
          : null),
      date: (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? null : 'Enter the date the rate applies from.'),
      rate: (v) =>
        RATE.test(v.trim()) && Number(v) > 0 ? null : 'A positive decimal number such as 0.8532.',
    },
  });
  const add = useMutation({
    mutationFn: (v: typeof form.values) =>
      unwrap(
        api.POST('/api/ledger/exchange-rates', {
          body: {
            base: v.base.trim().toUpperCase(),
            quote: v.quote.trim().toUpperCase(),
            date: v.date,
            rate: v.rate.trim(),
          },
          headers: idempotencyKey(),
        }),
      ),
    onSuccess: (r) => {
      notifications.show({
        color: 'green',
        message: `1 ${r.base} = ${r.rate} ${r.quote} from ${formatDate(r.date)}.`,
      });
      form.setFieldValue('rate', '');
      queryClient.invalidateQueries({ predicate: isLedgerQuery });
    },
    onError: (e) => showApiError(e, form, FIELDS),
  });

  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="rates-title">
      <Title order={2} size="h4" id="rates-title" mb={4}>
        Exchange rates
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        A line in another currency is converted with the latest rate on or before its date, unless the line
        gives its own.
      </Text>
      {canEdit && (
        <form onSubmit={form.onSubmit((v) => add.mutate(v))} noValidate aria-label="Add an exchange rate">
          <SimpleGrid cols={2} spacing="sm">
            <TextInput
              label="1 unit of"
              placeholder="USD"
              maxLength={3}
              required
              styles={{ input: { textTransform: 'uppercase' } }}
              {...form.getInputProps('base')}
            />
            <TextInput
              label="is worth"
              placeholder="0.8532"
              inputMode="decimal"
              required
              {...form.getInputProps('rate')}
            />
            <TextInput
              label="of"
              maxLength={3}
              required
              styles={{ input: { textTransform: 'uppercase' } }}
              {...form.getInputProps('quote')}
            />
            <TextInput type="date" label="from" required {...form.getInputProps('date')} />
          </SimpleGrid>
          <Group justify="flex-end" mt="sm" mb="md">
            <Button type="submit" loading={add.isPending}>
              Add rate
            </Button>
          </Group>
        </form>
      )}
      <QueryState query={rates}>
        {items.length === 0 ? (
          <Text size="sm" c="dimmed">
            No rates recorded yet. Add one before posting in a foreign currency, or give the line its own
            rate.
          </Text>
        ) : (
          <Stack gap="xs">
            <Table.ScrollContainer minWidth={300}>
              <Table verticalSpacing={4} aria-label="Exchange rates">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>From</Table.Th>
                    <Table.Th>Pair</Table.Th>
                    <Table.Th ta="right">Rate</Table.Th>
                    <Table.Th visibleFrom="sm">Recorded</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((r) => (
                    <Table.Tr key={`${r.base}${r.quote}${r.date}`}>
                      <Table.Td>
                        <Text size="sm">{formatDate(r.date)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {r.base} → {r.quote}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
                          {r.rate}
                        </Text>
                      </Table.Td>
                      <Table.Td visibleFrom="sm">
                        <Text size="xs" c="dimmed">
                          {formatDateTime(r.updatedAt)}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {rates.hasNextPage && (
              <Button
                variant="default"
                onClick={() => rates.fetchNextPage()}
                loading={rates.isFetchingNextPage}
              >
                Load more
              </Button>
            )}
          </Stack>
        )}
      </QueryState>
    </Paper>
  );
}
