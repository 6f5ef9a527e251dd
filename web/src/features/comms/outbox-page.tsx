import { Alert, Button, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { IconDownload, IconMail } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import { downloadFile } from '../../api/sales.ts';
import { formatDateTime, formatNumber, plural } from '../../lib/format.ts';
import { showApiError } from '../../lib/forms.ts';
import { EmptyState, PageHeader, QueryState } from '../../shell/page.tsx';

/** Settings → Outbox: the mail the organization sent while no SMTP server was set up, as .eml files. */
export function OutboxPage() {
  const outbox = useInfiniteQuery({
    queryKey: ['comms', 'outbox'],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/comms/outbox', { params: { query: { limit: 50, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const download = useMutation({
    mutationFn: (id: string) => downloadFile(`/api/comms/outbox/${encodeURIComponent(id)}`, `${id}.eml`),
    onError: (e) => showApiError(e),
  });
  const items = outbox.data?.pages.flatMap((p) => p.items) ?? [];
  const transport = outbox.data?.pages[0]?.transport;
  return (
    <Stack>
      <PageHeader
        title="Outbox"
        description="Email Ordo sent for this organization (invoices, quotes, reminders) while no mail server was set up, kept as files. Download one to open it in any mail client."
      />
      {transport === 'smtp' && (
        <Alert color="blue" role="status">
          Mail leaves through the mail server (SMTP) configured for Ordo. Only messages kept before that are
          listed here; each document’s page shows how its sending went.
        </Alert>
      )}
      {transport === 'file' && (
        <Alert color="yellow" role="status">
          No mail server is set up, so nothing leaves: messages are kept here. Set SMTP_URL for Ordo to
          deliver them.
        </Alert>
      )}
      <QueryState query={outbox}>
        {items.length === 0 ? (
          <EmptyState icon={<IconMail size={24} />} title="No messages">
            When you send an invoice, a quote or a payment reminder without a mail server set up, the message
            lands here.
          </EmptyState>
        ) : (
          <Paper withBorder>
            <Table.ScrollContainer minWidth={320}>
              <Table verticalSpacing="xs" aria-label="Messages in the outbox">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>When</Table.Th>
                    <Table.Th>To</Table.Th>
                    <Table.Th visibleFrom="sm">Subject</Table.Th>
                    <Table.Th w={60} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((m) => (
                    <Table.Tr key={m.id}>
                      <Table.Td>
                        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                          {formatDateTime(m.date)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{m.to}</Text>
                        <Text size="xs" c="dimmed" hiddenFrom="sm">
                          {m.subject}
                        </Text>
                      </Table.Td>
                      <Table.Td visibleFrom="sm">
                        <Text size="sm">{m.subject}</Text>
                        {m.attachments.length > 0 && (
                          <Text size="xs" c="dimmed">
                            {m.attachments.join(', ')} · {formatNumber(Math.ceil(m.size / 1024))} KB
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Button
                          variant="subtle"
                          size="compact-sm"
                          leftSection={<IconDownload size={14} />}
                          loading={download.isPending && download.variables === m.id}
                          onClick={() => download.mutate(m.id)}
                          aria-label={`Download the message to ${m.to} as an .eml file`}
                        >
                          .eml
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
        {items.length > 0 && (
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {plural(items.length, 'message', 'messages')} shown
            </Text>
            {outbox.hasNextPage && (
              <Button
                variant="default"
                onClick={() => outbox.fetchNextPage()}
                loading={outbox.isFetchingNextPage}
              >
                Load more
              </Button>
            )}
          </Group>
        )}
      </QueryState>
    </Stack>
  );
}
