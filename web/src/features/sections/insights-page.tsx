import { Badge, Group, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useRouteContext } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client.ts';
import { companyQuery } from '../../api/company.ts';
import { apiKeysQuery, invitationsQuery, sessionQuery } from '../../api/queries.ts';
import { plural } from '../../lib/format.ts';
import { PageHeader } from '../../shell/page.tsx';

interface Check {
  label: string;
  ok: boolean | undefined;
  detail: string;
  to: string;
}

const DAY = 86_400_000;

/** The back-office health check: live checks that something is set up, safe and not forgotten. */
export function InsightsPage() {
  const { permissions } = useRouteContext({ from: '/signed-in/in-org' });
  const company = useQuery(companyQuery);
  const session = useQuery(sessionQuery);
  const keys = useQuery({ ...apiKeysQuery, enabled: permissions.has('api_key:read') });
  const invitations = useQuery({ ...invitationsQuery, enabled: permissions.has('member:read') });
  const audit = useQuery({
    queryKey: ['audit-verify'],
    queryFn: () => unwrap(api.GET('/api/audit/verify')),
    enabled: permissions.has('audit:read'),
  });
  const now = Date.now();
  const staleKeys = (keys.data?.items ?? []).filter(
    (k) => !k.revokedAt && now - Date.parse(k.lastUsedAt ?? k.createdAt) > 90 * DAY,
  );
  const expired = (invitations.data?.items ?? []).filter(
    (i) => i.status === 'pending' && Date.parse(i.expiresAt) < now,
  );

  const checks: Check[] = [
    {
      label: 'Company profile complete',
      ok: company.data
        ? Boolean(company.data.country && company.data.baseCurrency && company.data.legalName)
        : undefined,
      detail:
        company.data && !(company.data.country && company.data.baseCurrency)
          ? 'Set the country and base currency: invoices and the books need them.'
          : 'Legal name, country and base currency are set.',
      to: '/settings/company',
    },
    {
      label: 'Your sign-in has two-factor',
      ok: session.data ? Boolean(session.data.user.twoFactorEnabled) : undefined,
      detail: session.data?.user.twoFactorEnabled
        ? 'A stolen password alone cannot open your books.'
        : 'Turn it on, so a stolen password alone cannot open your books.',
      to: '/settings/security',
    },
  ];
  if (permissions.has('api_key:read'))
    checks.push({
      label: 'No forgotten API keys',
      ok: keys.data ? staleKeys.length === 0 : undefined,
      detail: staleKeys.length
        ? `${plural(staleKeys.length, 'active key', 'active keys')} unused for 90 days: revoke what no tool needs.`
        : 'Every active key was used in the last 90 days.',
      to: '/settings/api-keys',
    });
  if (permissions.has('member:read'))
    checks.push({
      label: 'No expired invitations',
      ok: invitations.data ? expired.length === 0 : undefined,
      detail: expired.length
        ? `${plural(expired.length, 'invitation', 'invitations')} expired unanswered: send them again.`
        : 'Nothing waiting.',
      to: '/settings/members',
    });
  if (permissions.has('audit:read'))
    checks.push({
      label: 'Audit trail intact',
      ok: audit.data ? audit.data.ok : undefined,
      detail: audit.data?.ok
        ? `${plural(audit.data.rows, 'audit entry', 'audit entries')} verified against their hash chain.`
        : 'The audit chain has a broken link: see the audit log.',
      to: '/settings/audit',
    });

  return (
    <Stack>
      <PageHeader
        title="Health check"
        description="Is the back office set up, safe and up to date? Checked live."
      />
      {checks.map((check) => (
        <Paper key={check.label} withBorder p="md" component={Link} to={check.to} td="none" c="inherit">
          <Group wrap="nowrap" align="flex-start">
            <ThemeIcon
              color={check.ok === undefined ? 'gray' : check.ok ? 'green' : 'orange'}
              variant="light"
              radius="xl"
              aria-hidden
            >
              {check.ok === false ? <IconAlertTriangle size={18} /> : <IconCircleCheck size={18} />}
            </ThemeIcon>
            <Stack gap={2} style={{ flex: 1 }}>
              <Group gap="xs">
                <Text fw={600}>{check.label}</Text>
                <Badge
                  size="sm"
                  variant="light"
                  color={check.ok === undefined ? 'gray' : check.ok ? 'green' : 'orange'}
                >
                  {check.ok === undefined ? 'checking' : check.ok ? 'ok' : 'needs attention'}
                </Badge>
              </Group>
              <Text size="sm" c="dimmed">
                {check.detail}
              </Text>
            </Stack>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}
