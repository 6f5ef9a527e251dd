import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconHistory, IconShieldCheck } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate, useRouteContext, useSearch } from '@tanstack/react-router';
import { Fragment, useMemo, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { apiKeysQuery, membersQuery } from '../../api/queries.ts';
import type { components } from '../../api/schema.gen.ts';
import { formatDateTime, plural } from '../../lib/format.ts';
import { showApiError } from '../../lib/forms.ts';
import type { AuditSearch } from '../../router.tsx';
import { EmptyState, PageHeader, QueryState } from '../../shell/page.tsx';
import { AuditDiff } from './audit-diff.tsx';
import { Filters, hasFilters } from './audit-filters.tsx';

type AuditEntry = components['schemas']['AuditEntry'];

const FROM = '/signed-in/in-org/settings/audit' as const;
const PAGE_SIZE = 50;
/** `YYYY-MM-DD` in the browser's time zone → the instant the day starts (or ends, for `to`). */
function dayBound(ymd: string | undefined, edge: 'start' | 'end'): string | undefined {
  if (!ymd) return undefined;
  const start = new Date(`${ymd}T00:00:00`);
  if (Number.isNaN(start.getTime())) return undefined;
  if (edge === 'start') return start.toISOString();
  const next = new Date(start);
  next.setDate(next.getDate() + 1);
  return new Date(next.getTime() - 1).toISOString();
}

interface ActorName {
  name: string;
  detail?: string;
}

/** Names for the actor ids audit rows carry: members by user id, API keys by id, and the system. */
function useActorNames(canReadKeys: boolean) {
  const members = useQuery(membersQuery);
  const keys = useQuery({ ...apiKeysQuery, enabled: canReadKeys });
  return useMemo(() => {
    const users = new Map((members.data?.items ?? []).map((m) => [m.userId, m]));
    const apiKeys = new Map((keys.data?.items ?? []).map((k) => [k.id, k]));
    const nameOf = (kind: string, id: string): ActorName => {
      if (kind === 'user') {
        const m = users.get(id);
        return m
          ? { name: m.name || m.email, detail: m.name ? m.email : undefined }
          : { name: 'Former member', detail: id };
      }
      if (kind === 'api_key') {
        const k = apiKeys.get(id);
        return k ? { name: `API key “${k.name}”`, detail: `${k.prefix}…` } : { name: 'API key', detail: id };
      }
      if (kind === 'system') return { name: 'System', detail: id === 'system' ? undefined : id };
      return { name: kind, detail: id };
    };
    const options = [
      {
        group: 'Members',
        items: (members.data?.items ?? []).map((m) => ({ value: m.userId, label: m.name || m.email })),
      },
      { group: 'API keys', items: (keys.data?.items ?? []).map((k) => ({ value: k.id, label: k.name })) },
      { group: 'Other', items: [{ value: 'system', label: 'System' }] },
    ].filter((g) => g.items.length > 0);
    return { nameOf, options, known: (id: string) => users.has(id) || apiKeys.has(id) || id === 'system' };
  }, [members.data, keys.data]);
}

export function AuditPage() {
  const { permissions } = useRouteContext({ from: '/signed-in/in-org' });
  const search = useSearch({ from: FROM });
  const navigate = useNavigate({ from: '/settings/audit' });
  const actors = useActorNames(permissions.has('api_key:read'));
  const [expanded, setExpanded] = useState<Set<number>>(() => new Set());

  const setSearch = (patch: Partial<AuditSearch>) =>
    navigate({ search: (old) => ({ ...old, ...patch }), replace: true });

  const entries = useInfiniteQuery({
    queryKey: ['audit', search],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/audit', {
          params: {
            query: {
              entity: search.entity,
              entityId: search.entityId,
              actorId: search.actorId,
              action: search.action,
              from: dayBound(search.from, 'start'),
              to: dayBound(search.to, 'end'),
              limit: PAGE_SIZE,
              cursor: pageParam,
            },
          },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = entries.data?.pages.flatMap((p) => p.items) ?? [];

  const verify = useMutation({
    mutationFn: () => unwrap(api.GET('/api/audit/verify')),
    onError: (e) => showApiError(e),
  });

  const toggle = (seq: number) =>
    setExpanded((old) => {
      const next = new Set(old);
      if (!next.delete(seq)) next.add(seq);
      return next;
    });

  return (
    <Stack>
      <PageHeader
        title="Audit log"
        description="Every change made in this organization: who, when, and the values before and after. Entries are chained by hash, so any later tampering shows up when you verify the chain."
        actions={
          <Button
            variant="light"
            leftSection={<IconShieldCheck size={16} />}
            loading={verify.isPending}
            onClick={() => verify.mutate()}
          >
            Verify chain
          </Button>
        }
      />
      {verify.data && (
        <Alert
          color={verify.data.ok ? 'green' : 'red'}
          title={verify.data.ok ? 'Chain intact' : `Chain broken at entry #${verify.data.brokenAt}`}
          withCloseButton
          onClose={() => verify.reset()}
          role={verify.data.ok ? 'status' : 'alert'}
          data-testid="audit-verify-result"
        >
          {verify.data.ok
            ? `All ${verify.data.rows} entries check out: none has been changed, removed or inserted since it was recorded.`
            : `${verify.data.reason ?? 'The entry does not match its hash'}. ${verify.data.rows} entries before it check out; from entry #${verify.data.brokenAt} on, the log cannot be trusted.`}
        </Alert>
      )}

      <Filters
        search={search}
        setSearch={setSearch}
        actorOptions={actors.options}
        knownActor={actors.known}
      />

      <QueryState query={entries}>
        {items.length === 0 ? (
          <EmptyState
            icon={<IconHistory size={26} />}
            title={hasFilters(search) ? 'No entries match these filters' : 'Nothing recorded yet'}
            action={
              hasFilters(search) && (
                <Button variant="light" onClick={() => navigate({ search: {}, replace: true })}>
                  Clear filters
                </Button>
              )
            }
          >
            {hasFilters(search)
              ? 'Widen the dates or clear a filter to see more of the log.'
              : 'Changes to settings, members, keys and records appear here as they happen.'}
          </EmptyState>
        ) : (
          <Stack gap="sm">
            <Paper withBorder>
              <Table.ScrollContainer minWidth={320}>
                <Table verticalSpacing="sm" aria-label="Audit log" highlightOnHover>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w={44}>
                        <VisuallyHidden>Details</VisuallyHidden>
                      </Table.Th>
                      <Table.Th>
                        Time
                        <Text span hiddenFrom="md" inherit>
                          {' and who'}
                        </Text>
                      </Table.Th>
                      <Table.Th visibleFrom="md">Who</Table.Th>
                      <Table.Th>Record</Table.Th>
                      <Table.Th visibleFrom="md">Action</Table.Th>
                      <Table.Th visibleFrom="md" ta="right">
                        #
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {items.map((entry) => (
                      <EntryRows
                        key={entry.seq}
                        entry={entry}
                        actor={actors.nameOf(entry.actorKind, entry.actorId)}
                        open={expanded.has(entry.seq)}
                        onToggle={() => toggle(entry.seq)}
                        onFilterRecord={() => setSearch({ entity: entry.entity, entityId: entry.entityId })}
                        broken={verify.data?.ok === false && verify.data.brokenAt === entry.seq}
                      />
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Paper>
            <Group justify="space-between" wrap="wrap">
              <Text size="sm" c="dimmed">
                {entries.hasNextPage
                  ? `Newest ${items.length} entries`
                  : `${plural(items.length, 'entry', 'entries')}, all shown`}
              </Text>
              {entries.hasNextPage && (
                <Button
                  variant="default"
                  loading={entries.isFetchingNextPage}
                  onClick={() => entries.fetchNextPage()}
                >
                  Load more
                </Button>
              )}
            </Group>
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}

function EntryRows({
  entry,
  actor,
  open,
  onToggle,
  onFilterRecord,
  broken,
}: {
  entry: AuditEntry;
  actor: ActorName;
  open: boolean;
  onToggle: () => void;
  onFilterRecord: () => void;
  broken: boolean;
}) {
  const detailsId = `audit-entry-${entry.seq}`;
  return (
    <Fragment>
      <Table.Tr
        onClick={onToggle}
        style={{ cursor: 'pointer' }}
        bg={broken ? 'var(--mantine-color-red-light)' : undefined}
        data-testid={`audit-row-${entry.seq}`}
      >
        <Table.Td>
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-expanded={open}
            aria-controls={open ? detailsId : undefined}
            aria-label={`${open ? 'Hide' : 'Show'} the values of entry ${entry.seq}`}
            onClick={(e) => {
              e.stopPropagation();
              onToggle();
            }}
          >
            {open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
          </ActionIcon>
        </Table.Td>
        <Table.Td>
          <Text size="sm">{formatDateTime(entry.at)}</Text>
          {/* Narrow screens fold Who, Action and # into the Time and Record columns. */}
          <Stack gap={0} mt={4} hiddenFrom="md">
            <ActorCell actor={actor} />
          </Stack>
        </Table.Td>
        <Table.Td visibleFrom="md">
          <ActorCell actor={actor} />
        </Table.Td>
        <Table.Td>
          <Text size="sm">{entry.entity.replaceAll('_', ' ')}</Text>
          <Anchor
            component="button"
            type="button"
            size="xs"
            ff="monospace"
            c="dimmed"
            title="Show only this record's history"
            style={{ overflowWrap: 'anywhere', textAlign: 'left' }}
            onClick={(e) => {
              e.stopPropagation();
              onFilterRecord();
            }}
          >
            {entry.entityId}
          </Anchor>
          <Group gap={6} mt={4} hiddenFrom="md">
            <ActionBadge action={entry.action} />
            <Text size="xs" c="dimmed">
              #{entry.seq}
            </Text>
          </Group>
        </Table.Td>
        <Table.Td visibleFrom="md">
          <ActionBadge action={entry.action} />
        </Table.Td>
        <Table.Td visibleFrom="md" ta="right">
          <Text size="xs" c="dimmed">
            {entry.seq}
          </Text>
        </Table.Td>
      </Table.Tr>
      {open && (
        <Table.Tr id={detailsId}>
          <Table.Td colSpan={6} bg="var(--mantine-color-default-hover)">
            <AuditDiff before={entry.before} after={entry.after} />
            <Text size="xs" c="dimmed" mt={6} ff="monospace" style={{ wordBreak: 'break-all' }}>
              hash {entry.hash}
            </Text>
          </Table.Td>
        </Table.Tr>
      )}
    </Fragment>
  );
}

function ActorCell({ actor }: { actor: ActorName }) {
  return (
    <>
      <Text size="sm" fw={600}>
        {actor.name}
      </Text>
      {actor.detail && (
        <Text size="xs" c="dimmed" style={{ overflowWrap: 'break-word' }}>
          {actor.detail}
        </Text>
      )}
    </>
  );
}

const ActionBadge = ({ action }: { action: string }) => (
  <Badge variant="light" color={ACTION_COLORS[action] ?? 'blue'}>
    {action.replaceAll('_', ' ')}
  </Badge>
);

const ACTION_COLORS: Record<string, string> = {
  create: 'green',
  add: 'green',
  set: 'green',
  accept: 'green',
  remove: 'red',
  revoke: 'red',
};
