import { Alert, Button, Paper, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconCheck, IconPencil, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { accountLabel, entryQuery, isLedgerQuery, type JournalEntry } from '../../api/ledger.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { showApiError } from '../../lib/forms.ts';
import { AnchorLink, ButtonLink } from '../../lib/links.tsx';
import { PageHeader, QueryState } from '../../shell/page.tsx';
import { Amount } from './amount.tsx';
import { entryTitle, SourceLink, StatusBadges } from './entry-bits.tsx';
import { useAccounts, useBaseCurrency, useLedgerPermissions } from './ledger-hooks.ts';
import { ReverseModal } from './reverse-modal.tsx';

/** One journal entry: its lines, where it came from, and what can still be done with it. */
export function EntryPage() {
  const { entryId } = useParams({ from: '/signed-in/in-org/finance/journal/$entryId' });
  const entry = useQuery(entryQuery(entryId));
  return <QueryState query={entry}>{entry.data && <EntryView entry={entry.data} />}</QueryState>;
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

function EntryView({ entry: e }: { entry: JournalEntry }) {
  const { canPost } = useLedgerPermissions();
  const { byId } = useAccounts();
  const { currency: baseCurrency } = useBaseCurrency();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [reverseOpened, reverseDialog] = useDisclosure();
  const original = useQuery({ ...entryQuery(e.reversesEntryId ?? ''), enabled: Boolean(e.reversesEntryId) });
  const reversal = useQuery({
    ...entryQuery(e.reversedByEntryId ?? ''),
    enabled: Boolean(e.reversedByEntryId),
  });

  const refresh = () => queryClient.invalidateQueries({ predicate: isLedgerQuery });
  const post = useMutation({
    mutationFn: () => unwrap(api.POST('/api/ledger/entries/{id}/post', { params: { path: { id: e.id } } })),
    onSuccess: (posted) => {
      notifications.show({ color: 'green', message: `Posted as journal entry #${posted.seq}.` });
      queryClient.setQueryData(entryQuery(e.id).queryKey, posted);
      refresh();
    },
    onError: (err) => showApiError(err),
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/ledger/entries/{id}', { params: { path: { id: e.id } } })),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: 'Draft deleted.' });
      refresh();
      await navigate({ to: '/finance/journal' });
    },
    onError: (err) => showApiError(err),
  });

  const posted = e.status === 'posted';
  const debit = (n: number) => (n > 0 ? n : 0);
  const totals = new Map<string, { debit: number; credit: number }>();
  for (const l of e.lines) {
    const t = totals.get(l.currency) ?? { debit: 0, credit: 0 };
    t.debit += debit(l.amount);
    t.credit += debit(-l.amount);
    totals.set(l.currency, t);
  }
  const anyForeign = e.lines.some((l) => l.currency !== baseCurrency);

  return (
    <Stack>
      <PageHeader
        title={entryTitle(e)}
        description={e.description || undefined}
        actions={
          canPost &&
          (posted ? (
            !e.reversedByEntryId &&
            e.kind === 'standard' && (
              <Button
                variant="default"
                leftSection={<IconArrowBackUp size={16} />}
                onClick={reverseDialog.open}
              >
                Reverse…
              </Button>
            )
          ) : (
            <>
              <Button
                variant="default"
                color="red"
                leftSection={<IconTrash size={16} />}
                loading={remove.isPending}
                onClick={() => window.confirm('Delete this draft? It was never posted.') && remove.mutate()}
              >
                Delete
              </Button>
              <ButtonLink
                variant="default"
                to="/finance/journal/$entryId/edit"
                params={{ entryId: e.id }}
                leftSection={<IconPencil size={16} />}
              >
                Edit
              </ButtonLink>
              <Button
                leftSection={<IconCheck size={16} />}
                loading={post.isPending}
                onClick={() => post.mutate()}
              >
                Post
              </Button>
            </>
          ))
        }
      />
      {e.reversedByEntryId && (
        <Alert color="gray" role="status">
          Reversed by{' '}
          <AnchorLink
            to="/finance/journal/$entryId"
            params={{ entryId: e.reversedByEntryId }}
            underline="always"
          >
            {reversal.data?.seq ? `journal entry #${reversal.data.seq}` : 'its reversal'}
          </AnchorLink>
          {reversal.data ? ` on ${formatDate(reversal.data.date)}` : ''}: together they cancel out.
        </Alert>
      )}
      {e.reversesEntryId && (
        <Alert color="grape" role="status">
          This entry reverses{' '}
          <AnchorLink
            to="/finance/journal/$entryId"
            params={{ entryId: e.reversesEntryId }}
            underline="always"
          >
            {original.data?.seq ? `journal entry #${original.data.seq}` : 'the original entry'}
          </AnchorLink>
          .
        </Alert>
      )}
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }} spacing="md">
          <Fact label="Status">
            <StatusBadges entry={e} />
          </Fact>
          <Fact label="Date">{formatDate(e.date)}</Fact>
          <Fact label="Payee">{e.payee || '—'}</Fact>
          <Fact label="Reference">{e.code || '—'}</Fact>
          <Fact label="Source">{e.source ? <SourceLink source={e.source} /> : 'Entered by hand'}</Fact>
          <Fact label={posted ? 'Posted' : 'Last changed'}>
            {formatDateTime(posted && e.postedAt ? e.postedAt : e.updatedAt)}
          </Fact>
        </SimpleGrid>
      </Paper>
      <Paper withBorder>
        <Table.ScrollContainer minWidth={anyForeign ? 640 : 340}>
          <Table verticalSpacing="xs" aria-label="Lines">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Account</Table.Th>
                <Table.Th ta="right" w={130}>
                  Debit
                </Table.Th>
                <Table.Th ta="right" w={130}>
                  Credit
                </Table.Th>
                <Table.Th w={80} visibleFrom="sm">
                  Currency
                </Table.Th>
                {anyForeign && <Table.Th w={100}>Rate</Table.Th>}
                {anyForeign && (
                  <Table.Th ta="right" w={140}>
                    Base amount
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {e.lines.map((l) => {
                const a = byId.get(l.accountId);
                return (
                  <Table.Tr key={l.lineNo}>
                    <Table.Td>
                      <AnchorLink to="/finance/journal" search={{ accountId: l.accountId }} size="sm">
                        {a ? accountLabel(a) : l.accountId}
                      </AnchorLink>
                      {l.memo && (
                        <Text size="xs" c="dimmed">
                          {l.memo}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">
                      <Amount minor={debit(l.amount)} currency={l.currency} blankZero />
                    </Table.Td>
                    <Table.Td ta="right">
                      <Amount minor={debit(-l.amount)} currency={l.currency} blankZero />
                    </Table.Td>
                    <Table.Td visibleFrom="sm">
                      <Text size="sm">{l.currency}</Text>
                    </Table.Td>
                    {anyForeign && (
                      <Table.Td>
                        <Text size="sm">{l.rate ?? (posted ? '' : 'on posting')}</Text>
                      </Table.Td>
                    )}
                    {anyForeign && (
                      <Table.Td ta="right">
                        {l.baseAmount !== null && baseCurrency && (
                          <Amount minor={l.baseAmount} currency={baseCurrency} />
                        )}
                      </Table.Td>
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
            <Table.Tfoot>
              {[...totals].map(([currency, t]) => (
                <Table.Tr key={currency}>
                  <Table.Th scope="row">Total {currency}</Table.Th>
                  <Table.Td ta="right">
                    <Amount minor={t.debit} currency={currency} fw={700} />
                  </Table.Td>
                  <Table.Td ta="right">
                    <Amount minor={t.credit} currency={currency} fw={700} />
                  </Table.Td>
                  <Table.Td colSpan={anyForeign ? 3 : 1} visibleFrom="sm">
                    {t.debit !== t.credit && (
                      <Text size="xs" c="var(--mantine-color-error)">
                        Out of balance
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tfoot>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      {e.hash && (
        <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
          Chain hash {e.hash}
        </Text>
      )}
      <ReverseModal entry={e} opened={reverseOpened} onClose={reverseDialog.close} />
    </Stack>
  );
}
