import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDots, IconUserPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouteContext } from '@tanstack/react-router';
import { api, idempotencyKey, unwrap } from '../../api/client.ts';
import { invitationsQuery, membersQuery } from '../../api/queries.ts';
import type { components } from '../../api/schema.gen.ts';
import { formatDate } from '../../lib/format.ts';
import { showApiError } from '../../lib/forms.ts';
import { PageHeader, QueryState } from '../../shell/page.tsx';

type Role = components['schemas']['Role'];

const ROLES: { value: Role; label: string; what: string }[] = [
  { value: 'owner', label: 'Owner', what: 'Everything, including owners and billing' },
  { value: 'admin', label: 'Admin', what: 'Everything except managing owners' },
  { value: 'accountant', label: 'Accountant', what: 'Books, reports, lock dates, audit log' },
  { value: 'manager', label: 'Manager', what: 'Daily operations and approvals' },
  { value: 'member', label: 'Member', what: 'Own tasks, checklists and time' },
];

export function MembersPage() {
  const { me, permissions } = useRouteContext({ from: '/signed-in/in-org' });
  const queryClient = useQueryClient();
  const members = useQuery(membersQuery);
  const canInvite = permissions.has('member:invite');
  const canManage = permissions.has('member:update');
  const invitations = useQuery({ ...invitationsQuery, enabled: canInvite });
  const [inviteOpened, invite] = useDisclosure();
  const refresh = () =>
    queryClient.invalidateQueries({
      predicate: (q) => ['members', 'invitations', 'me'].includes(String(q.queryKey[0])),
    });

  const changeRole = useMutation({
    mutationFn: ({ id, role }: { id: string; role: Role }) =>
      unwrap(api.PATCH('/api/members/{id}', { params: { path: { id } }, body: { role } })),
    onSuccess: (m) => {
      // Show the new role at once; the refetch confirms it.
      queryClient.setQueryData(membersQuery.queryKey, (old) =>
        old ? { ...old, items: old.items.map((x) => (x.id === m.id ? { ...x, role: m.role } : x)) } : old,
      );
      notifications.show({ color: 'green', message: `${m.name || m.email} is now ${m.role}.` });
      refresh();
    },
    onError: (e) => showApiError(e),
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/members/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      notifications.show({ color: 'green', message: 'Member removed.' });
      refresh();
    },
    onError: (e) => showApiError(e),
  });
  const revokeInvitation = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/invitations/{id}', { params: { path: { id } } })),
    onSuccess: refresh,
    onError: (e) => showApiError(e),
  });
  const pending = (invitations.data?.items ?? []).filter((i) => i.status === 'pending');

  return (
    <Stack>
      <PageHeader
        title="Members"
        description="Who can sign in to this organization, and what their role lets them do."
        actions={
          canInvite && (
            <Button leftSection={<IconUserPlus size={16} />} onClick={invite.open}>
              Invite member
            </Button>
          )
        }
      />
      <QueryState query={members}>
        <Paper withBorder>
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="sm" aria-label="Members">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Member</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Joined</Table.Th>
                  {canManage && (
                    <Table.Th w={48}>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {members.data?.items.map((m) => {
                  const self = m.userId === me.user?.id;
                  return (
                    <Table.Tr key={m.id} data-testid={`member-${m.email}`}>
                      <Table.Td>
                        <Text size="sm" fw={600}>
                          {m.name || m.email}{' '}
                          {self && (
                            <Badge size="xs" variant="outline">
                              you
                            </Badge>
                          )}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {m.email}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {canManage && !self ? (
                          <Select
                            aria-label={`Role of ${m.email}`}
                            data={ROLES.map((r) => ({ value: r.value, label: r.label }))}
                            value={
                              changeRole.isPending && changeRole.variables?.id === m.id
                                ? changeRole.variables.role
                                : m.role
                            }
                            allowDeselect={false}
                            w={150}
                            size="xs"
                            disabled={changeRole.isPending}
                            onChange={(role) =>
                              role && role !== m.role && changeRole.mutate({ id: m.id, role: role as Role })
                            }
                          />
                        ) : (
                          <Badge variant="light">{m.role}</Badge>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{formatDate(m.createdAt.slice(0, 10))}</Text>
                      </Table.Td>
                      {canManage && (
                        <Table.Td>
                          {!self && (
                            <Menu position="bottom-end">
                              <Menu.Target>
                                <ActionIcon
                                  variant="subtle"
                                  color="gray"
                                  aria-label={`More actions for ${m.email}`}
                                >
                                  <IconDots size={16} />
                                </ActionIcon>
                              </Menu.Target>
                              <Menu.Dropdown>
                                <Menu.Item
                                  color="red"
                                  onClick={() => {
                                    if (
                                      window.confirm(
                                        `Remove ${m.email} from this organization? They lose access at once.`,
                                      )
                                    )
                                      remove.mutate(m.id);
                                  }}
                                >
                                  Remove from organization
                                </Menu.Item>
                              </Menu.Dropdown>
                            </Menu>
                          )}
                        </Table.Td>
                      )}
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      </QueryState>

      {canInvite && pending.length > 0 && (
        <Paper withBorder p="md">
          <Title order={2} size="h5" mb="xs">
            Pending invitations
          </Title>
          <Stack gap="xs">
            {pending.map((i) => (
              <Group key={i.id} justify="space-between" wrap="nowrap">
                <div>
                  <Text size="sm" fw={600}>
                    {i.email}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {i.role} · expires {formatDate(i.expiresAt.slice(0, 10))}
                  </Text>
                </div>
                <Button size="xs" variant="subtle" color="red" onClick={() => revokeInvitation.mutate(i.id)}>
                  Revoke
                </Button>
              </Group>
            ))}
          </Stack>
        </Paper>
      )}

      <InviteDialog
        opened={inviteOpened}
        onClose={invite.close}
        onInvited={refresh}
        ownerAllowed={me.actor?.role === 'owner'}
      />
    </Stack>
  );
}

function InviteDialog({
  opened,
  onClose,
  onInvited,
  ownerAllowed,
}: {
  opened: boolean;
  onClose: () => void;
  onInvited: () => void;
  ownerAllowed: boolean;
}) {
  const form = useForm({
    initialValues: { email: '', role: 'member' as Role },
    validate: { email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : 'Enter a valid email address') },
  });
  const submit = form.onSubmit(async (values) => {
    try {
      await unwrap(
        api.POST('/api/invitations', {
          body: { email: values.email.trim(), role: values.role },
          headers: idempotencyKey(),
        }),
      );
      notifications.show({
        color: 'green',
        title: 'Invitation sent',
        message: `${values.email.trim()} will get an email with a link to join.`,
      });
      form.reset();
      onInvited();
      onClose();
    } catch (e) {
      showApiError(e, form, ['email', 'role']);
    }
  });
  return (
    <Modal opened={opened} onClose={onClose} title="Invite a member">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="Email" type="email" required data-autofocus {...form.getInputProps('email')} />
          <Select
            label="Role"
            required
            allowDeselect={false}
            data={ROLES.filter((r) => ownerAllowed || r.value !== 'owner').map((r) => ({
              value: r.value,
              label: `${r.label}: ${r.what}`,
            }))}
            {...form.getInputProps('role')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={form.submitting}>
              Send invitation
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
