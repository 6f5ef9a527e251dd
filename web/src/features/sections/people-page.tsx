import { Badge, Button, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { IconUserPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useRouteContext } from '@tanstack/react-router';
import { membersQuery } from '../../api/queries.ts';
import { formatDate } from '../../lib/format.ts';
import { PageHeader, QueryState } from '../../shell/page.tsx';

export function PeoplePage() {
  const { permissions } = useRouteContext({ from: '/signed-in/in-org' });
  const members = useQuery(membersQuery);
  return (
    <Stack>
      <PageHeader
        title="Team"
        description="Everyone with a sign-in to this organization and the role they hold."
        actions={
          permissions.has('member:invite') && (
            <Button component={Link} to="/settings/members" leftSection={<IconUserPlus size={16} />}>
              Invite someone
            </Button>
          )
        }
      />
      <QueryState query={members}>
        <Paper withBorder>
          <Table.ScrollContainer minWidth={480}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Joined</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {members.data?.items.map((m) => (
                  <Table.Tr key={m.id}>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {m.name || m.email}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {m.email}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light">{m.role}</Badge>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        <Text size="sm">{formatDate(m.createdAt.slice(0, 10))}</Text>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      </QueryState>
    </Stack>
  );
}
