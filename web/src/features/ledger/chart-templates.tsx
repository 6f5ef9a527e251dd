import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconListTree } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, idempotencyKey, unwrap } from '../../api/client.ts';
import { chartTemplatesQuery, isLedgerQuery } from '../../api/ledger.ts';
import { plural } from '../../lib/format.ts';
import { showApiError } from '../../lib/forms.ts';
import { EmptyState, QueryState } from '../../shell/page.tsx';

/** The empty chart of accounts: start from a template with one click, or add accounts by hand. */
export function ChartTemplatesEmptyState({
  canEdit,
  onAddAccount,
}: {
  canEdit: boolean;
  onAddAccount: () => void;
}) {
  const templates = useQuery(chartTemplatesQuery);
  const queryClient = useQueryClient();
  const apply = useMutation({
    mutationFn: (templateId: string) =>
      unwrap(
        api.POST('/api/ledger/chart/apply-template', { body: { templateId }, headers: idempotencyKey() }),
      ),
    onSuccess: (chart, templateId) => {
      const name = templates.data?.items.find((t) => t.id === templateId)?.name ?? templateId;
      notifications.show({
        color: 'green',
        title: 'Chart of accounts ready',
        message: `${plural(chart.items.length, 'account', 'accounts')} from “${name}”. Rename, add or archive any of them.`,
      });
      queryClient.invalidateQueries({ predicate: isLedgerQuery });
    },
    onError: (e) => showApiError(e),
  });

  if (!canEdit)
    return (
      <EmptyState icon={<IconListTree size={24} />} title="No accounts yet">
        The chart of accounts is empty. An owner, admin or accountant sets it up, from a template or account
        by account.
      </EmptyState>
    );

  return (
    <Stack>
      <EmptyState
        icon={<IconListTree size={24} />}
        title="Start your chart of accounts"
        action={
          <Button variant="default" onClick={onAddAccount}>
            Add accounts one by one
          </Button>
        }
      >
        Every amount in the books lands in an account. Pick the template closest to your business below: you
        get a complete chart at once and can rename, add or archive accounts afterwards.
      </EmptyState>
      <QueryState query={templates}>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" role="list" aria-label="Chart templates">
          {templates.data?.items.map((t) => (
            <Card key={t.id} withBorder padding="lg" role="listitem">
              <Stack gap="xs" h="100%">
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Title order={3} size="h5">
                    {t.name}
                  </Title>
                  <Badge variant="light" style={{ flexShrink: 0 }}>
                    {plural(t.accounts.length, 'account', 'accounts')}
                  </Badge>
                </Group>
                <Text size="sm" c="dimmed" style={{ flex: 1 }}>
                  {t.description}
                </Text>
                <Text size="xs" c="dimmed" lineClamp={2}>
                  {t.accounts
                    .slice(0, 6)
                    .map((a) => a.name)
                    .join(', ')}
                  …
                </Text>
                <Button
                  mt="xs"
                  onClick={() => apply.mutate(t.id)}
                  loading={apply.isPending && apply.variables === t.id}
                  disabled={apply.isPending && apply.variables !== t.id}
                  aria-label={`Use this chart: ${t.name}`}
                >
                  Use this chart
                </Button>
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
      </QueryState>
    </Stack>
  );
}
