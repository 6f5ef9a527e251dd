import { Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { auth } from '../../api/auth.ts';
import { ApiError } from '../../api/client.ts';
import { AnchorLink } from '../../lib/links.tsx';
import { FormError } from '../../shell/page.tsx';
import { AuthCard } from './auth-card.tsx';

const route = getRouteApi('/sign-up');
export const MIN_PASSWORD = 10;

export function SignUpPage() {
  const { redirect } = route.useSearch();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { name: '', email: '', password: '' },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter your name'),
      email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : 'Enter a valid email address'),
      password: (v) => (v.length >= MIN_PASSWORD ? null : `Use at least ${MIN_PASSWORD} characters`),
    },
  });

  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      await auth.signUp({ name: values.name.trim(), email: values.email.trim(), password: values.password });
      queryClient.clear();
      // `redirect` is a whole path with its query (an invitation link's token): `href`, not `to`.
      if (redirect) await navigate({ href: redirect });
      else await navigate({ to: '/welcome' });
    } catch (e) {
      if (e instanceof ApiError && /EMAIL|USER_ALREADY/.test(e.code)) form.setFieldError('email', e.message);
      else if (e instanceof ApiError && /PASSWORD/.test(e.code)) form.setFieldError('password', e.message);
      else setError(e instanceof Error ? e.message : 'Sign-up failed.');
    }
  });

  return (
    <AuthCard
      title="Create your account"
      subtitle="Books, invoices, bills, people and procedures in one place."
      footer={
        <>
          Already have an account?{' '}
          <AnchorLink to="/sign-in" search={{ redirect }} underline="always">
            Sign in
          </AnchorLink>
        </>
      }
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError error={error} />
          <TextInput
            label="Your name"
            autoComplete="name"
            required
            autoFocus
            {...form.getInputProps('name')}
          />
          <TextInput
            label="Work email"
            type="email"
            autoComplete="email"
            required
            {...form.getInputProps('email')}
          />
          <PasswordInput
            label="Password"
            autoComplete="new-password"
            required
            description={`At least ${MIN_PASSWORD} characters. A few unrelated words make a strong one.`}
            {...form.getInputProps('password')}
          />
          <Button type="submit" loading={form.submitting} fullWidth>
            Create account
          </Button>
          <Text size="xs" c="dimmed">
            You can turn on two-factor sign-in once you are in, under Security.
          </Text>
        </Stack>
      </form>
    </AuthCard>
  );
}
