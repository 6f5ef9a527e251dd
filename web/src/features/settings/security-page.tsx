import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconShieldCheck } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { auth } from '../../api/auth.ts';
import { sessionQuery } from '../../api/queries.ts';
import { showApiError } from '../../lib/forms.ts';
import { PageHeader, QueryState } from '../../shell/page.tsx';

/** Two-factor sign-in: set up with an authenticator app (code confirmed before it is on), or turn off. */
export function SecurityPage() {
  const session = useQuery(sessionQuery);
  const queryClient = useQueryClient();
  const [setup, setSetup] = useState<{ totpURI: string; backupCodes: string[] } | null>(null);
  const enabled = Boolean(session.data?.user.twoFactorEnabled);
  const refresh = () => queryClient.invalidateQueries({ queryKey: sessionQuery.queryKey });

  const passwordForm = useForm({
    initialValues: { password: '' },
    validate: { password: (v) => (v ? null : 'Enter your password to confirm it is you') },
  });
  const codeForm = useForm({
    initialValues: { code: '' },
    validate: { code: (v) => (/^\d{6}$/.test(v.trim()) ? null : 'Enter the 6-digit code from the app') },
  });

  const start = passwordForm.onSubmit(async ({ password }) => {
    try {
      if (enabled) {
        await auth.disableTwoFactor(password);
        notifications.show({ color: 'green', message: 'Two-factor sign-in is off.' });
        await refresh();
      } else setSetup(await auth.enableTwoFactor(password));
      passwordForm.reset();
    } catch (e) {
      passwordForm.setFieldError('password', e instanceof Error ? e.message : 'That did not work.');
    }
  });
  const confirm = codeForm.onSubmit(async ({ code }) => {
    try {
      await auth.verifyTotp(code.trim());
      notifications.show({ color: 'green', message: 'Two-factor sign-in is on.' });
      setSetup(null);
      codeForm.reset();
      await refresh();
    } catch (e) {
      showApiError(e, codeForm, ['code']);
      codeForm.setFieldError('code', e instanceof Error ? e.message : 'Wrong code');
    }
  });
  const secret = setup ? new URL(setup.totpURI).searchParams.get('secret') : null;

  return (
    <Stack maw={720}>
      <PageHeader title="Security" description="How you sign in to Ordo." />
      <QueryState query={session}>
        <Paper withBorder p="lg">
          <Group justify="space-between" mb="sm">
            <Title order={2} size="h4">
              Two-factor sign-in
            </Title>
            <Badge
              color={enabled ? 'green' : 'gray'}
              variant="light"
              leftSection={enabled ? <IconShieldCheck size={12} /> : null}
            >
              {enabled ? 'On' : 'Off'}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed" mb="md">
            After your password, Ordo asks for a 6-digit code from an authenticator app (such as 1Password,
            Google Authenticator or Aegis).
          </Text>
          {!setup && (
            <form onSubmit={start} noValidate>
              <Group align="flex-end" wrap="wrap">
                <PasswordInput
                  label="Your password"
                  autoComplete="current-password"
                  w={260}
                  {...passwordForm.getInputProps('password')}
                />
                <Button
                  type="submit"
                  color={enabled ? 'red' : undefined}
                  variant={enabled ? 'light' : 'filled'}
                  loading={passwordForm.submitting}
                >
                  {enabled ? 'Turn off two-factor' : 'Set up two-factor'}
                </Button>
              </Group>
            </form>
          )}
          {setup && secret && (
            <Stack>
              <Alert color="blue" title="1. Add Ordo to your authenticator app">
                <Text size="sm">
                  Choose "enter a setup key" in the app and type this key (time-based, 6 digits):
                </Text>
                <Code block mt="xs" data-testid="totp-secret">
                  {secret}
                </Code>
              </Alert>
              <Alert color="yellow" title="2. Save your backup codes">
                <Text size="sm">
                  Each works once if you lose your device. Keep them somewhere safe, not on this computer.
                </Text>
                <SimpleGrid cols={{ base: 2, xs: 3 }} mt="xs">
                  {setup.backupCodes.map((c) => (
                    <Code key={c}>{c}</Code>
                  ))}
                </SimpleGrid>
              </Alert>
              <form onSubmit={confirm} noValidate>
                <Group align="flex-end" wrap="wrap">
                  <TextInput
                    label="3. Code from the app"
                    inputMode="numeric"
                    autoComplete="one-time-code"
                    maxLength={6}
                    w={200}
                    {...codeForm.getInputProps('code')}
                  />
                  <Button type="submit" loading={codeForm.submitting}>
                    Turn on
                  </Button>
                  <Button variant="default" onClick={() => setSetup(null)}>
                    Cancel
                  </Button>
                </Group>
              </form>
            </Stack>
          )}
        </Paper>
      </QueryState>
    </Stack>
  );
}
