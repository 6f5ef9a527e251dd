import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconKey, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouteContext } from '@tanstack/react-router';
import { useState } from 'react';
import { api, idempotencyKey, unwrap } from '../../api/client.ts';
import { apiKeysQuery } from '../../api/queries.ts';
import type { components } from '../../api/schema.gen.ts';
import { formatDateTime } from '../../lib/format.ts';
import { showApiError } from '../../lib/forms.ts';
import { EmptyState, PageHeader, QueryState } from '../../shell/page.tsx';

type Role = components['schemas']['Role'];

export function ApiKeysPage() {
  const { me, permissions } = useRouteContext({ from: '/signed-in/in-org' });
  const queryClient = useQueryClient();
  const keys = useQuery(apiKeysQuery);
  const canManage = permissions.has('api_key:manage');
  const [createOpened, create] = useDisclosure();
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: apiKeysQuery.queryKey });

  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/api-keys/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      notifications.show({ color: 'green', message: 'Key revoked. Tools using it are locked out now.' });
      refresh();
    },
    onError: (e) => showApiError(e),
  });
  const items = keys.data?.items ?? [];

  return (
    <Stack>
      <PageHeader
        title="API keys"
        description="Keys let your own scripts and other tools use the Ordo API as this organization, with the role you choose."
        actions={
          canManage && (
            <Button leftSection={<IconPlus size={16} />} onClick={create.open}>
              Create key
            </Button>
          )
        }
      />
      {created && (
        <Alert
          color="green"
          title={`Key "${created.name}" created`}
          withCloseButton
          onClose={() => setCreated(null)}
          role="status"
        >
          <Stack gap="xs">
            <Text size="sm">
              Copy it now: it is shown only this once. Send it as <Code>Authorization: Bearer …</Code>.
            </Text>
            <Group gap="xs" wrap="nowrap">
              <Code block style={{ flex: 1, overflowX: 'auto' }} data-testid="new-api-key">
                {created.key}
              </Code>
              <CopyButton value={created.key}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="light" onClick={copy}>
                    {copied ? 'Copied' : 'Copy'}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Stack>
        </Alert>
      )}
      <QueryState query={keys}>
        {items.length === 0 ? (
          <EmptyState
            icon={<IconKey size={26} />}
            title="No API keys yet"
            action={canManage && <Button onClick={create.open}>Create your first key</Button>}
          >
            Connect your tools: a key lets a script import data, or another system read invoices, through the
            API documented at /api/docs.
          </EmptyState>
        ) : (
          <Paper withBorder>
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="sm" aria-label="API keys">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Role</Table.Th>
                    <Table.Th>Created</Table.Th>
                    <Table.Th>Last used</Table.Th>
                    <Table.Th>Status</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((k) => (
                    <Table.Tr key={k.id} data-testid={`api-key-${k.name}`}>
                      <Table.Td>
                        <Text size="sm" fw={600}>
                          {k.name}
                        </Text>
                        <Text size="xs" c="dimmed" ff="monospace">
                          {k.prefix}…
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light">{k.role}</Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{formatDateTime(k.createdAt)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : 'Never'}</Text>
                      </Table.Td>
                      <Table.Td>
                        {k.revokedAt ? (
                          <Badge color="gray" variant="outline">
                            Revoked
                          </Badge>
                        ) : canManage ? (
                          <Button
                            size="xs"
                            variant="subtle"
                            color="red"
                            aria-label={`Revoke ${k.name}`}
                            loading={revoke.isPending && revoke.variables === k.id}
                            onClick={() => {
                              if (
                                window.confirm(`Revoke "${k.name}"? Anything using it stops working at once.`)
                              )
                                revoke.mutate(k.id);
                            }}
                          >
                            Revoke
                          </Button>
                        ) : (
                          <Badge color="green" variant="light">
                            Active
                          </Badge>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
      </QueryState>
      <CreateKeyDialog
        opened={createOpened}
        onClose={create.close}
        ownerAllowed={me.actor?.role === 'owner'}
        onCreated={(name, key) => {
          setCreated({ name, key });
          refresh();
        }}
      />
    </Stack>
  );
}

function CreateKeyDialog({
  opened,
  onClose,
  onCreated,
  ownerAllowed,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (name: string, key: string) => void;
  ownerAllowed: boolean;
}) {
  const form = useForm({
    initialValues: { name: '', role: 'accountant' as Role },
    validate: { name: (v) => (v.trim() ? null : 'Name the key after the tool that will use it') },
  });
  const submit = form.onSubmit(async (values) => {
    try {
      const result = await unwrap(
        api.POST('/api/api-keys', {
          body: { name: values.name.trim(), role: values.role },
          headers: idempotencyKey(),
        }),
      );
      onCreated(result.apiKey.name, result.key);
      form.reset();
      onClose();
    } catch (e) {
      showApiError(e, form, ['name', 'role']);
    }
  });
  const roles: Role[] = ['owner', 'admin', 'accountant', 'manager', 'member'];
  return (
    <Modal opened={opened} onClose={onClose} title="Create an API key">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Name"
            placeholder="e.g. Nightly export"
            required
            data-autofocus
            {...form.getInputProps('name')}
          />
          <Select
            label="Role"
            description="The key can do what a member with this role can do. Give it the least it needs."
            allowDeselect={false}
            data={roles.filter((r) => ownerAllowed || r !== 'owner')}
            {...form.getInputProps('role')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={form.submitting}>
              Create key
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
