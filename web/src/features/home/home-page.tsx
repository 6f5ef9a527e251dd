import { Anchor, Badge, Group, List, Paper, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCircleCheck, IconCircleDashed } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useRouteContext } from '@tanstack/react-router';
import { companyQuery } from '../../api/company.ts';
import { accountsQuery } from '../../api/ledger.ts';
import { invitationsQuery, membersQuery, sessionQuery } from '../../api/queries.ts';
import { PageHeader, QueryState } from '../../shell/page.tsx';

interface Step {
  label: string;
  why: string;
  to: string;
  done: boolean;
}

/** The first page after sign-in: what to set up next, computed from live data. */
export function HomePage() {
  const { me, permissions } = useRouteContext({ from: '/signed-in/in-org' });
  const session = useQuery(sessionQuery);
  const company = useQuery(companyQuery);
  const members = useQuery(membersQuery);
  const invitations = useQuery({ ...invitationsQuery, enabled: permissions.has('member:invite') });
  const org = me.memberships.find((m) => m.orgId === me.actor?.orgId);
  const canChart = permissions.has('ledger:chart');
  const accounts = useQuery({ ...accountsQuery(), enabled: canChart });

  const steps: Step[] = [
    {
      label: 'Complete the company profile',
      why: 'Legal name, address, base currency and fiscal year go on every invoice and report.',
      to: '/settings/company',
      done: Boolean(company.data?.country && company.data?.baseCurrency),
    },
    ...(canChart
      ? [
          {
            label: 'Set up the chart of accounts',
            why: 'Start from a template for your kind of business; every amount in the books lands in an account.',
            to: '/finance/accounts',
            done: (accounts.data?.items.length ?? 0) > 0,
          },
        ]
      : []),
    {
      label: 'Invite your team',
      why: 'Give your bookkeeper, manager and staff their own sign-in and role.',
      to: '/settings/members',
      done: (members.data?.items.length ?? 0) > 1 || (invitations.data?.items.length ?? 0) > 0,
    },
    {
      label: 'Turn on two-factor sign-in',
      why: 'Your books deserve more than a password.',
      to: '/settings/security',
      done: Boolean(session.data?.user.twoFactorEnabled),
    },
  ];
  const remaining = steps.filter((s) => !s.done).length;

  return (
    <Stack>
      <PageHeader
        title={`Welcome${me.user?.name ? `, ${me.user.name.split(' ')[0]}` : ''}`}
        description={`You are in ${org?.name ?? 'your organization'} as ${me.actor?.role}.`}
      />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="lg">
          <Group justify="space-between" mb="sm">
            <Title order={2} size="h4">
              Getting started
            </Title>
            <Badge color={remaining ? 'blue' : 'green'} variant="light">
              {remaining ? `${remaining} of ${steps.length} to do` : 'All done'}
            </Badge>
          </Group>
          <QueryState query={members}>
            <List spacing="md" center>
              {steps.map((step) => (
                <List.Item
                  key={step.label}
                  icon={
                    <ThemeIcon
                      color={step.done ? 'green' : 'gray'}
                      variant="light"
                      radius="xl"
                      size={26}
                      aria-hidden
                    >
                      {step.done ? <IconCircleCheck size={16} /> : <IconCircleDashed size={16} />}
                    </ThemeIcon>
                  }
                >
                  <Anchor component={Link} to={step.to} fw={600} td={step.done ? 'line-through' : undefined}>
                    {step.label}
                  </Anchor>
                  <Text size="sm" c="dimmed">
                    {step.done ? 'Done. ' : ''}
                    {step.why}
                  </Text>
                </List.Item>
              ))}
            </List>
          </QueryState>
        </Paper>
        <Paper withBorder p="lg">
          <Title order={2} size="h4" mb="sm">
            Find your way
          </Title>
          <Text size="sm" c="dimmed">
            Press <b>Ctrl K</b> (⌘K on a Mac) to search pages, people and keys, and <b>?</b> for every
            keyboard shortcut. The menu groups the back office the way you run it: Finance, Operations,
            People, Insights and Settings.
          </Text>
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}
