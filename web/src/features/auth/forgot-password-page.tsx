import { Alert, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { auth } from '../../api/auth.ts';
import { AnchorLink } from '../../lib/links.tsx';
import { FormError } from '../../shell/page.tsx';
import { AuthCard } from './auth-card.tsx';

export function ForgotPasswordPage() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { email: '' },
    validate: { email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : 'Enter your email address') },
  });
  const submit = form.onSubmit(async ({ email }) => {
    setError(null);
    try {
      await auth.requestPasswordReset(email.trim());
      setSentTo(email.trim());
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not send the link.');
    }
  });
  return (
    <AuthCard
      title="Reset your password"
      subtitle="We will email you a link to choose a new one."
      footer={
        <AnchorLink to="/sign-in" search={{ redirect: undefined }}>
          Back to sign-in
        </AnchorLink>
      }
    >
      {sentTo ? (
        <Alert color="green" title="Check your email" role="status">
          If an account exists for {sentTo}, a reset link is on its way. The link works for one hour.
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <FormError error={error} />
            <TextInput
              label="Email"
              type="email"
              autoComplete="email"
              required
              autoFocus
              {...form.getInputProps('email')}
            />
            <Button type="submit" loading={form.submitting} fullWidth>
              Email me a link
            </Button>
            <Text size="xs" c="dimmed">
              No email arriving? Without a mail server configured, Ordo keeps messages in its outbox folder.
            </Text>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
