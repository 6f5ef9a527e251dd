import { Button, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { auth } from '../../api/auth.ts';
import { AnchorLink } from '../../lib/links.tsx';
import { FormError } from '../../shell/page.tsx';
import { AuthCard } from './auth-card.tsx';
import { MIN_PASSWORD } from './sign-up-page.tsx';

const route = getRouteApi('/reset-password');

export function ResetPasswordPage() {
  const { token, error: linkError } = route.useSearch();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(
    linkError || !token ? 'This reset link is invalid or has expired. Ask for a new one.' : null,
  );
  const form = useForm({
    initialValues: { password: '', confirm: '' },
    validate: {
      password: (v) => (v.length >= MIN_PASSWORD ? null : `Use at least ${MIN_PASSWORD} characters`),
      confirm: (v, values) => (v === values.password ? null : 'The two passwords differ'),
    },
  });
  const submit = form.onSubmit(async ({ password }) => {
    if (!token) return;
    setError(null);
    try {
      await auth.resetPassword(token, password);
      notifications.show({ color: 'green', message: 'Password changed. Sign in with the new one.' });
      await navigate({ to: '/sign-in', search: { redirect: undefined } });
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not change the password.');
    }
  });
  return (
    <AuthCard
      title="Choose a new password"
      footer={<AnchorLink to="/forgot-password">Ask for a new link</AnchorLink>}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError error={error} />
          <PasswordInput
            label="New password"
            autoComplete="new-password"
            required
            autoFocus
            disabled={!token}
            {...form.getInputProps('password')}
          />
          <PasswordInput
            label="Repeat the new password"
            autoComplete="new-password"
            required
            disabled={!token}
            {...form.getInputProps('confirm')}
          />
          <Button type="submit" loading={form.submitting} disabled={!token} fullWidth>
            Change password
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
