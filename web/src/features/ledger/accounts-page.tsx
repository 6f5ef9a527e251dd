import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Menu,
  Paper,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDots, IconPlus, IconSearch } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { ACCOUNT_TYPES } from '../../../../src/modules/ledger/account.domain.ts';
import { api, unwrap } from '../../api/client.ts';
import {
  type Account,
  type AccountType,
  accountsQuery,
  isLedgerQuery,
  subtypeLabel,
  TYPE_LABELS,
} from '../../api/ledger.ts';
import { formatDate, plural } from '../../lib/format.ts';
import { showApiError } from '../../lib/forms.ts';
import { AnchorLink } from '../../lib/links.tsx';
import { PageHeader, QueryState } from '../../shell/page.tsx';
import { AccountFormModal } from './account-form.tsx';
import { accountTree, type TreeRow } from './account-tree.ts';
import { Amount } from './amount.tsx';
import { ChartTemplatesEmptyState } from './chart-templates.tsx';
import { todayIso } from './dates.ts';
import { useBaseCurrency, useLedgerPermissions } from './ledger-hooks.ts';

/** Finance → Chart of accounts: the accounts as a tree with their balances on a chosen day. */
export function AccountsPage() {
  const { canChart } = useLedgerPermissions();
  const [asOf, setAsOf] = useState('');
  const accounts = useQuery(accountsQuery(asOf || undefined));
  const { currency } = useBaseCurrency();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [type, setType] = useState<AccountType | null>(null);
  const [showArchived, setShowArchived] = useState(false);
  const [formOpened, formDialog] = useDisclosure();
  const [editing, setEditing] = useState<Account | null>(null);
  const [preset, setPreset] = useState<{ name: string; type: AccountType } | undefined>();

  const items = accounts.data?.items ?? [];
  const rows = useMemo(
    () => accountTree(items, { text, type, showArchived }),
    [items, text, type, showArchived],
  );
  const archivedCount = items.filter((a) => a.archivedAt).length;

  const openNew = (p?: { name: string; type: AccountType }) => {
    setEditing(null);
    setPreset(p);
    formDialog.open();
  };
  const openEdit = (a: Account) => {
    setEditing(a);
    setPreset(undefined);
    formDialog.open();
  };

  const refresh = () => queryClient.invalidateQueries({ predicate: isLedgerQuery });
  const act = useMutation({
    mutationFn: async ({ verb, account }: { verb: 'archive' | 'unarchive' | 'delete'; account: Account }) => {
      const params = { params: { path: { id: account.id } } };
      if (verb === 'delete') await unwrap(api.DELETE('/api/ledger/accounts/{id}', params));
      else if (verb === 'archive') await unwrap(api.POST('/api/ledger/accounts/{id}/archive', params));
      else await unwrap(api.POST('/api/ledger/accounts/{id}/unarchive', params));
    },
    onSuccess: (_, { verb, account }) => {
      notifications.show({
        color: 'green',
        message:
          verb === 'delete'
            ? `Deleted ${account.name}.`
            : verb === 'archive'
              ? `Archived ${account.name}: no new postings to it; its history stays.`
              : `${account.name} is open again.`,
      });
      refresh();
    },
    onError: (e) => showApiError(e),
  });

  const empty = accounts.data && items.length === 0;

  return (
    <Stack>
      <PageHeader
        title="Chart of accounts"
        description="Every account your books post to, grouped by the colons in their names, with balances in the base currency."
        actions={
          canChart &&
          !empty && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => openNew()}>
              New account
            </Button>
          )
        }
      />
      <QueryState query={accounts}>
        {empty ? (
          <ChartTemplatesEmptyState canEdit={canChart} onAddAccount={() => openNew()} />
        ) : (
          <>
            <Group gap="sm" align="flex-end" wrap="wrap" role="search" aria-label="Filter accounts">
              <TextInput
                label="Search"
                placeholder="Name, code or subtype"
                leftSection={<IconSearch size={16} aria-hidden />}
                value={text}
                onChange={(e) => setText(e.currentTarget.value)}
                style={{ flex: '1 1 220px' }}
              />
              <Select
                label="Type"
                placeholder="All types"
                clearable
                data={ACCOUNT_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] }))}
                value={type}
                onChange={(t) => setType(t as AccountType | null)}
                w={150}
              />
              <TextInput
                type="date"
                label="Balances as of"
                value={asOf || todayIso()}
                onChange={(e) => setAsOf(e.currentTarget.value === todayIso() ? '' : e.currentTarget.value)}
                w={170}
              />
              {archivedCount > 0 && (
                <Switch
                  label={`Show archived (${archivedCount})`}
                  checked={showArchived}
                  onChange={(e) => setShowArchived(e.currentTarget.checked)}
                  mb={8}
                />
              )}
            </Group>
            <Paper withBorder>
              <Table.ScrollContainer minWidth={340}>
                <Table verticalSpacing={6} highlightOnHover aria-label="Accounts">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Account</Table.Th>
                      <Table.Th w={70}>Code</Table.Th>
                      <Table.Th w={100} visibleFrom="sm">
                        Type
                      </Table.Th>
                      <Table.Th w={160} visibleFrom="sm">
                        Subtype
                      </Table.Th>
                      <Table.Th w={130} ta="right">
                        Balance
                      </Table.Th>
                      {canChart && (
                        <Table.Th w={48}>
                          <VisuallyHidden>Actions</VisuallyHidden>
                        </Table.Th>
                      )}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map((row) => (
                      <AccountRow
                        key={row.name}
                        row={row}
                        currency={currency}
                        canChart={canChart}
                        onEdit={openEdit}
                        onAddBelow={(r) => openNew({ name: `${r.name}:`, type: r.type })}
                        onAct={(verb, account) => {
                          if (
                            verb === 'delete' &&
                            !window.confirm(`Delete ${account.name}? This cannot be undone.`)
                          )
                            return;
                          act.mutate({ verb, account });
                        }}
                      />
                    ))}
                    {rows.length === 0 && (
                      <Table.Tr>
                        <Table.Td colSpan={canChart ? 6 : 5}>
                          <Text size="sm" c="dimmed" ta="center" py="md">
                            No account matches these filters.
                          </Text>
                        </Table.Td>
                      </Table.Tr>
                    )}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Paper>
            <Text size="xs" c="dimmed" aria-live="polite">
              {plural(rows.filter((r) => r.account).length, 'account', 'accounts')} shown
              {asOf ? `, balances at the end of ${formatDate(asOf)}` : ', balances as of today'}. A parent's
              balance includes the accounts below it.
            </Text>
          </>
        )}
      </QueryState>
      <AccountFormModal
        opened={formOpened}
        onClose={formDialog.close}
        account={editing}
        preset={preset}
        accounts={items}
      />
    </Stack>
  );
}

function AccountRow({
  row,
  currency,
  canChart,
  onEdit,
  onAddBelow,
  onAct,
}: {
  row: TreeRow;
  currency: string | null;
  canChart: boolean;
  onEdit: (a: Account) => void;
  onAddBelow: (row: TreeRow) => void;
  onAct: (verb: 'archive' | 'unarchive' | 'delete', a: Account) => void;
}) {
  const a = row.account;
  const foreign = (a?.balances ?? []).filter((b) => b.currency !== currency && b.amount !== 0);
  return (
    <Table.Tr data-testid={`account-${row.name}`} c={a?.archivedAt ? 'dimmed' : undefined}>
      <Table.Td>
        <div style={{ paddingLeft: `calc(${row.depth} * 1.25rem)` }}>
          {a ? (
            <AnchorLink
              to="/finance/journal"
              search={{ accountId: a.id }}
              size="sm"
              fw={row.hasChildren ? 600 : 400}
              title={`${a.name}: show its entries`}
            >
              {row.label}
            </AnchorLink>
          ) : (
            <Text size="sm" fw={600} span>
              {row.label}
            </Text>
          )}
          <VisuallyHidden> ({row.name})</VisuallyHidden>
          {a?.archivedAt && (
            <Badge size="xs" variant="outline" color="gray" ml={6}>
              archived
            </Badge>
          )}
        </div>
      </Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace">
          {a?.code}
        </Text>
      </Table.Td>
      <Table.Td visibleFrom="sm">
        <Text size="sm">{a ? TYPE_LABELS[a.type] : ''}</Text>
      </Table.Td>
      <Table.Td visibleFrom="sm">
        <Text size="sm">{a ? subtypeLabel(a.subtype) : ''}</Text>
      </Table.Td>
      <Table.Td ta="right">
        {currency && (
          <Amount
            minor={row.total}
            currency={currency}
            fw={row.hasChildren ? 600 : undefined}
            c={row.total === 0 ? 'dimmed' : undefined}
          />
        )}
        {foreign.map((b) => (
          <Text key={b.currency} size="xs" c="dimmed">
            <Amount minor={b.amount} currency={b.currency} size="xs" />
          </Text>
        ))}
      </Table.Td>
      {canChart && (
        <Table.Td>
          {a ? (
            <Menu position="bottom-end">
              <Menu.Target>
                <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${a.name}`}>
                  <IconDots size={16} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item onClick={() => onEdit(a)}>Edit</Menu.Item>
                <Menu.Item onClick={() => onAddBelow(row)}>Add an account below</Menu.Item>
                {a.archivedAt ? (
                  <Menu.Item onClick={() => onAct('unarchive', a)}>Unarchive</Menu.Item>
                ) : (
                  <Menu.Item onClick={() => onAct('archive', a)}>Archive</Menu.Item>
                )}
                {a.hasPostings ? (
                  <Menu.Item disabled>Delete: it has postings, archive it instead</Menu.Item>
                ) : (
                  <Menu.Item color="red" onClick={() => onAct('delete', a)}>
                    Delete
                  </Menu.Item>
                )}
              </Menu.Dropdown>
            </Menu>
          ) : (
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={`Add an account below ${row.name}`}
              onClick={() => onAddBelow(row)}
            >
              <IconPlus size={16} />
            </ActionIcon>
          )}
        </Table.Td>
      )}
    </Table.Tr>
  );
}
