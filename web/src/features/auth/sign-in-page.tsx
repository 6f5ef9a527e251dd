import { Button, Checkbox, Group, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { auth } from '../../api/auth.ts';
import { AnchorLink } from '../../lib/links.tsx';
import { FormError } from '../../shell/page.tsx';
import { AuthCard } from './auth-card.tsx';

const route = getRouteApi('/sign-in');

export function SignInPage() {
  const { redirect } = route.useSearch();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { email: '', password: '', rememberMe: true },
    validate: {
      email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : 'Enter your email address'),
      password: (v) => (v ? null : 'Enter your password'),
    },
  });

  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      const result = await auth.signIn({ ...values, email: values.email.trim() });
      queryClient.clear();
      if (result.twoFactorRedirect) await navigate({ to: '/two-factor', search: { redirect } });
      // `redirect` is a whole path with its query (an invitation link's token): `href`, not `to`.
      else if (redirect) await navigate({ href: redirect });
      else await navigate({ to: '/' });
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Sign-in failed.');
    }
  });

  return (
    <AuthCard
      title="Sign in"
      subtitle="Welcome back to your back office."
      footer={
        <>
          New to Ordo?{' '}
          <AnchorLink to="/sign-up" search={{ redirect }} underline="always">
            Create an account
          </AnchorLink>
        </>
      }
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError error={error} />
          <TextInput
            label="Email"
            type="email"
            autoComplete="email"
            required
            data-autofocus
            autoFocus
            {...form.getInputProps('email')}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            {...form.getInputProps('password')}
          />
          <Group justify="space-between">
            <Checkbox label="Keep me signed in" {...form.getInputProps('rememberMe', { type: 'checkbox' })} />
            <AnchorLink to="/forgot-password" size="sm">
              Forgot password?
            </AnchorLink>
          </Group>
          <Button type="submit" loading={form.submitting} fullWidth>
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
