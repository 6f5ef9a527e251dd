import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api, currentOrg, idempotencyKey, unwrap } from '../../api/client.ts';
import { meQuery } from '../../api/queries.ts';
import { ButtonLink } from '../../lib/links.tsx';
import { FormError } from '../../shell/page.tsx';
import { PageLoader } from '../../shell/route-states.tsx';
import { AuthCard } from './auth-card.tsx';

const route = getRouteApi('/invite/$invitationId');

/** Where an emailed invitation link lands: sign in (or sign up) first, then join. */
export function AcceptInvitationPage() {
  const { invitationId } = route.useParams();
  const { token } = route.useSearch();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useQuery(meQuery);
  const [error, setError] = useState<string | null>(null);
  const [joining, setJoining] = useState(false);
  const here = `/invite/${invitationId}?token=${encodeURIComponent(token)}`;

  const join = async () => {
    setError(null);
    setJoining(true);
    try {
      const joined = await unwrap(
        api.POST('/api/invitations/{id}/accept', {
          params: { path: { id: invitationId } },
          body: { token },
          headers: idempotencyKey(),
        }),
      );
      queryClient.clear();
      const fresh = await queryClient.fetchQuery(meQuery);
      const org = fresh.memberships.find((m) => m.orgId === joined.orgId);
      currentOrg.set(org?.slug ?? null);
      queryClient.clear();
      await navigate({ to: '/' });
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not accept the invitation.');
    } finally {
      setJoining(false);
    }
  };

  if (me.isPending) return <PageLoader />;
  const user = me.data?.user;
  return (
    <AuthCard title="You are invited" subtitle="Join your team's organization on Ordo.">
      <Stack>
        <FormError error={error} />
        {!token && (
          <Alert color="red" role="alert">
            This link is missing its token. Open the link from the invitation email again.
          </Alert>
        )}
        {user ? (
          <>
            <Text size="sm">
              You are signed in as <b>{user.email}</b>. The invitation must be addressed to this email.
            </Text>
            <Button onClick={join} loading={joining} disabled={!token} fullWidth>
              Accept and join
            </Button>
          </>
        ) : (
          <>
            <Text size="sm">
              Sign in, or create an account with the email address the invitation was sent to.
            </Text>
            <Group grow>
              <ButtonLink to="/sign-in" search={{ redirect: here }}>
                Sign in
              </ButtonLink>
              <ButtonLink to="/sign-up" search={{ redirect: here }} variant="light">
                Create account
              </ButtonLink>
            </Group>
          </>
        )}
      </Stack>
    </AuthCard>
  );
}
