import { Anchor, Button, Checkbox, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { auth } from '../../api/auth.ts';
import { AnchorLink } from '../../lib/links.tsx';
import { FormError } from '../../shell/page.tsx';
import { AuthCard } from './auth-card.tsx';

const route = getRouteApi('/two-factor');

/** The second step of sign-in for accounts with two-factor on: a code from the app, or a backup code. */
export function TwoFactorPage() {
  const { redirect } = route.useSearch();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [useBackup, setUseBackup] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { code: '', trustDevice: false },
    validate: {
      code: (v) =>
        useBackup
          ? v.trim()
            ? null
            : 'Enter a backup code'
          : /^\d{6}$/.test(v.trim())
            ? null
            : 'Enter the 6-digit code',
    },
  });
  const submit = form.onSubmit(async ({ code, trustDevice }) => {
    setError(null);
    try {
      if (useBackup) await auth.verifyBackupCode(code.trim());
      else await auth.verifyTotp(code.trim(), trustDevice);
      queryClient.clear();
      // `redirect` is a whole path with its query (an invitation link's token): `href`, not `to`.
      if (redirect) await navigate({ href: redirect });
      else await navigate({ to: '/' });
    } catch (e) {
      setError(e instanceof Error ? e.message : 'That code did not work.');
    }
  });
  return (
    <AuthCard
      title="Two-factor sign-in"
      subtitle={
        useBackup
          ? 'Enter one of the backup codes you saved.'
          : 'Enter the 6-digit code from your authenticator app.'
      }
      footer={
        <AnchorLink to="/sign-in" search={{ redirect }}>
          Start over
        </AnchorLink>
      }
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError error={error} />
          <TextInput
            label={useBackup ? 'Backup code' : 'Authentication code'}
            inputMode={useBackup ? 'text' : 'numeric'}
            autoComplete="one-time-code"
            maxLength={useBackup ? 32 : 6}
            required
            autoFocus
            {...form.getInputProps('code')}
          />
          {!useBackup && (
            <Checkbox
              label="Trust this device for 30 days"
              {...form.getInputProps('trustDevice', { type: 'checkbox' })}
            />
          )}
          <Button type="submit" loading={form.submitting} fullWidth>
            Verify
          </Button>
          <Anchor component="button" type="button" size="sm" onClick={() => setUseBackup((b) => !b)}>
            {useBackup ? 'Use the authenticator app instead' : 'Lost your device? Use a backup code'}
          </Anchor>
        </Stack>
      </form>
    </AuthCard>
  );
}
