import { ActionIcon, Badge, Button, Group, Menu, Paper, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconChevronRight, IconDots, IconRepeat } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { isSalesQuery } from '../../api/sales.ts';
import { formatDate } from '../../lib/format.ts';
import { showApiError } from '../../lib/forms.ts';
import { ButtonLink } from '../../lib/links.tsx';
import { EmptyState, PageHeader, QueryState } from '../../shell/page.tsx';
import { DocumentLink } from './doc-links.tsx';
import {
  deleteSchedule,
  type RecurringInvoice,
  recurringQuery,
  retryRun,
  runNow,
  runsQuery,
  setPaused,
} from './recurring-api.ts';
import { useSalesPermissions } from './sales-hooks.ts';

const STATUS = {
  active: { label: 'Active', color: 'green' },
  paused: { label: 'Paused', color: 'yellow' },
  ended: { label: 'Ended', color: 'gray' },
} as const;
const MODE = { draft: 'Makes a draft', issue: 'Issues it', issue_and_send: 'Issues and emails it' } as const;

/** Finance → Recurring invoices: each schedule's rule, last and next run, pause and resume, its run log. */
export function RecurringPage() {
  const { canWrite } = useSalesPermissions();
  const schedules = useQuery(recurringQuery);
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ predicate: isSalesQuery });
  const act = useMutation({
    mutationFn: async ({
      s,
      action,
    }: {
      s: RecurringInvoice;
      action: 'pause' | 'resume' | 'run' | 'delete';
    }) => {
      if (action === 'run') {
        const result = await runNow(s.id);
        return result.runs.length ? `${result.runs.length} invoice(s) made now.` : 'Nothing was due yet.';
      }
      if (action === 'delete') {
        await deleteSchedule(s.id);
        return `Deleted ${s.name}.`;
      }
      await setPaused(s.id, action === 'pause');
      return action === 'pause' ? `Paused ${s.name}.` : `${s.name} runs again.`;
    },
    onSuccess: async (message) => {
      notifications.show({ color: 'green', message });
      await refresh();
    },
    onError: (e) => showApiError(e),
  });
  const items = schedules.data?.items ?? [];
  return (
    <Stack>
      <PageHeader
        title="Recurring invoices"
        description="Invoices that repeat on a rule: each one copies its template and is made as a draft, issued, or issued and emailed. Made from an invoice with Make recurring."
      />
      <QueryState query={schedules}>
        {items.length === 0 ? (
          <EmptyState
            icon={<IconRepeat size={24} />}
            title="Nothing recurs yet"
            action={<ButtonLink to="/finance/invoices">Open the invoices</ButtonLink>}
          >
            For a retainer, a subscription or rent: open an invoice you send every month and choose Make
            recurring. The next ones are made by themselves, even after the server was down.
          </EmptyState>
        ) : (
          <Paper withBorder>
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="xs" aria-label="Recurring invoices">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Schedule</Table.Th>
                    <Table.Th>Rule</Table.Th>
                    <Table.Th>Last run</Table.Th>
                    <Table.Th>Next run</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th w={48} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((s) => (
                    <Fragment key={s.id}>
                      <Table.Tr data-testid={`schedule-${s.name}`}>
                        <Table.Td>
                          <Group gap={4} wrap="nowrap" align="flex-start">
                            <ActionIcon
                              variant="subtle"
                              color="gray"
                              size="sm"
                              aria-expanded={open === s.id}
                              aria-label={`${open === s.id ? 'Hide' : 'Show'} the runs of ${s.name}`}
                              onClick={() => setOpen(open === s.id ? null : s.id)}
                            >
                              {open === s.id ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
                            </ActionIcon>
                            <div>
                              <Text size="sm" fw={600}>
                                {s.name}
                              </Text>
                              <Text size="xs" c="dimmed">
                                {s.customerName} · {MODE[s.mode]} · {s.createdCount} made
                              </Text>
                            </div>
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{s.ruleText}</Text>
                        </Table.Td>
                        <Table.Td>
                          {s.lastRunDate ? (
                            <>
                              <Text size="sm">{formatDate(s.lastRunDate)}</Text>
                              {s.lastRun?.status === 'failed' && (
                                <Text size="xs" c="var(--mantine-color-error)">
                                  Failed: {s.lastRun.errorMessage}
                                </Text>
                              )}
                              {s.lastRun?.documentId && s.lastRun.status === 'succeeded' && (
                                <DocumentLink type="invoice" id={s.lastRun.documentId} size="xs">
                                  Open the invoice
                                </DocumentLink>
                              )}
                            </>
                          ) : (
                            <Text size="sm" c="dimmed">
                              Not yet
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">
                            {s.nextRunDate
                              ? formatDate(s.nextRunDate)
                              : s.status === 'paused' && s.nextOccurrenceDate
                                ? `(${formatDate(s.nextOccurrenceDate)} while paused)`
                                : '—'}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Badge color={STATUS[s.status].color} variant="light">
                            {STATUS[s.status].label}
                          </Badge>
                          {s.failedCount > 0 && (
                            <Badge color="red" variant="light" ml={4}>
                              {s.failedCount} failed
                            </Badge>
                          )}
                        </Table.Td>
                        <Table.Td>
                          {canWrite && (
                            <Menu position="bottom-end">
                              <Menu.Target>
                                <Button
                                  variant="subtle"
                                  color="gray"
                                  size="compact-sm"
                                  px={6}
                                  aria-label={`Actions for ${s.name}`}
                                >
                                  <IconDots size={16} />
                                </Button>
                              </Menu.Target>
                              <Menu.Dropdown>
                                {s.status === 'active' && (
                                  <Menu.Item onClick={() => act.mutate({ s, action: 'pause' })}>
                                    Pause
                                  </Menu.Item>
                                )}
                                {s.status === 'paused' && (
                                  <Menu.Item onClick={() => act.mutate({ s, action: 'resume' })}>
                                    Resume
                                  </Menu.Item>
                                )}
                                {s.status === 'active' && (
                                  <Menu.Item onClick={() => act.mutate({ s, action: 'run' })}>
                                    Make what is due now
                                  </Menu.Item>
                                )}
                                {s.createdCount === 0 && (
                                  <Menu.Item
                                    color="red"
                                    onClick={() =>
                                      window.confirm(`Delete ${s.name}?`) &&
                                      act.mutate({ s, action: 'delete' })
                                    }
                                  >
                                    Delete
                                  </Menu.Item>
                                )}
                              </Menu.Dropdown>
                            </Menu>
                          )}
                        </Table.Td>
                      </Table.Tr>
                      {open === s.id && <Runs schedule={s} />}
                    </Fragment>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
      </QueryState>
    </Stack>
  );
}

/** A schedule's run log: each occurrence with its invoice, or its error and a retry. */
function Runs({ schedule }: { schedule: RecurringInvoice }) {
  const runs = useQuery(runsQuery(schedule.id));
  const queryClient = useQueryClient();
  const retry = useMutation({
    mutationFn: (date: string) => retryRun(schedule.id, date),
    onSuccess: async (run) => {
      notifications.show({
        color: run.status === 'succeeded' ? 'green' : 'red',
        message: run.status === 'succeeded' ? 'Made on the retry.' : `Failed again: ${run.errorMessage}`,
      });
      await queryClient.invalidateQueries({ predicate: isSalesQuery });
    },
    onError: (e) => showApiError(e),
  });
  const items = (runs.data?.items ?? []).filter((r) => r !== null);
  return (
    <Table.Tr bg="var(--mantine-color-default-hover)">
      <Table.Td colSpan={6} pl={40}>
        {runs.isPending ? (
          <Text size="sm" c="dimmed">
            Loading the runs…
          </Text>
        ) : items.length === 0 ? (
          <Text size="sm" c="dimmed">
            No runs yet{schedule.nextRunDate ? `: the first is on ${formatDate(schedule.nextRunDate)}` : ''}.
          </Text>
        ) : (
          <Stack gap={4}>
            {items.map((r) => (
              <Group key={r.occurrenceDate} gap="sm">
                <Text size="sm" w={110}>
                  {formatDate(r.occurrenceDate)}
                </Text>
                {r.status === 'succeeded' && r.documentId ? (
                  <DocumentLink type="invoice" id={r.documentId}>
                    Invoice made
                  </DocumentLink>
                ) : (
                  <>
                    <Text size="sm" c="var(--mantine-color-error)">
                      {r.errorMessage ?? 'Failed'} ({r.attempts} attempts)
                    </Text>
                    <Button
                      size="compact-xs"
                      variant="light"
                      loading={retry.isPending}
                      onClick={() => retry.mutate(r.occurrenceDate)}
                    >
                      Retry
                    </Button>
                  </>
                )}
              </Group>
            ))}
          </Stack>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
