import { Badge, Button, Paper, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, idempotencyKey, unwrap } from '../../api/client.ts';
import { fiscalYearsQuery, isLedgerQuery, type LedgerSettings } from '../../api/ledger.ts';
import { formatDate } from '../../lib/format.ts';
import { showApiError } from '../../lib/forms.ts';
import { AnchorLink } from '../../lib/links.tsx';
import { QueryState } from '../../shell/page.tsx';
import { todayIso } from './dates.ts';

/** `04-06` → `6 April`, in the browser's language. */
const dayOfYear = (mmdd: string) => {
  const [m = 1, d = 1] = mmdd.split('-').map(Number);
  return new Date(2000, m - 1, d).toLocaleDateString(undefined, { day: 'numeric', month: 'long' });
};

/** Fiscal years since the first posting; a finished year can be closed into retained earnings. */
export function FiscalYearsCard({ settings, canClose }: { settings: LedgerSettings; canClose: boolean }) {
  const years = useQuery(fiscalYearsQuery);
  const queryClient = useQueryClient();
  const close = useMutation({
    mutationFn: (fiscalYearEnd: string) =>
      unwrap(api.POST('/api/ledger/close-year', { body: { fiscalYearEnd }, headers: idempotencyKey() })),
    onSuccess: (result) => {
      notifications.show({
        color: 'green',
        title: 'Year closed',
        message: `${result.entry ? `Income and expenses moved to retained earnings (entry #${result.entry.seq}). ` : ''}The books are locked up to ${formatDate(result.lockDate)}.`,
      });
      queryClient.invalidateQueries({ predicate: isLedgerQuery });
    },
    onError: (e) => showApiError(e),
  });
  const today = todayIso();
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="fiscal-years-title">
      <Title order={2} size="h4" id="fiscal-years-title" mb={4}>
        Fiscal years
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        The year starts on {dayOfYear(settings.fiscalYearStart)} (set in the company profile). Closing a
        finished year moves its income and expenses to retained earnings and locks it.
      </Text>
      <QueryState query={years}>
        {years.data?.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            No fiscal years yet: they start with the first posted entry.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={300}>
            <Table verticalSpacing="xs" aria-label="Fiscal years">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Year</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {years.data?.items.map((y) => {
                  const finished = y.end < today;
                  const closed =
                    Boolean(y.closingEntryId) || Boolean(settings.lockDate && settings.lockDate >= y.end);
                  return (
                    <Table.Tr key={y.start}>
                      <Table.Td>
                        <Text size="sm">
                          {formatDate(y.start)} – {formatDate(y.end)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {y.closingEntryId ? (
                          <Badge variant="light" color="gray">
                            Closed
                          </Badge>
                        ) : finished ? (
                          <Badge variant="light" color="yellow">
                            Ended, open
                          </Badge>
                        ) : (
                          <Badge variant="light" color="green">
                            Current
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td ta="right">
                        {y.closingEntryId ? (
                          <AnchorLink
                            to="/finance/journal/$entryId"
                            params={{ entryId: y.closingEntryId }}
                            size="sm"
                          >
                            Closing entry
                          </AnchorLink>
                        ) : (
                          canClose &&
                          finished &&
                          !closed && (
                            <Button
                              size="xs"
                              variant="light"
                              loading={close.isPending && close.variables === y.end}
                              onClick={() => {
                                if (
                                  window.confirm(
                                    `Close the year ending ${formatDate(y.end)}? Income and expenses move to retained earnings and the books lock up to that day.`,
                                  )
                                )
                                  close.mutate(y.end);
                              }}
                            >
                              Close year
                            </Button>
                          )
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
    </Paper>
  );
}
