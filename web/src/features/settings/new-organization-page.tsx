import { Button, Container, Paper, Radio, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useRouter } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { ApiError, api, currentOrg, idempotencyKey, unwrap } from '../../api/client.ts';
import { FormError } from '../../shell/page.tsx';
import { TEMPLATE_CHOICES } from '../ledger/template-choices.ts';

const slugify = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);

/** First run (no organization yet) and "New organization" from the switcher. */
export function NewOrganizationPage() {
  const navigate = useNavigate();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [slugTouched, setSlugTouched] = useState(false);
  useEffect(() => {
    document.title = 'New organization · Ordo';
  }, []);
  const form = useForm({
    initialValues: { name: '', slug: '', chartTemplate: 'generic' },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter the organization name'),
      slug: (v) =>
        /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/.test(v)
          ? null
          : 'Lowercase letters, digits and dashes; starts and ends with a letter or digit',
    },
    onValuesChange: (values, previous) => {
      if (!slugTouched && values.name !== previous.name) form.setFieldValue('slug', slugify(values.name));
    },
  });
  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      const org = await unwrap(
        api.POST('/api/orgs', {
          body: { name: values.name.trim(), slug: values.slug },
          headers: idempotencyKey(),
        }),
      );
      currentOrg.set(org.slug);
      if (values.chartTemplate !== 'none') {
        // The organization exists either way; a chart that fails to apply can be chosen again on
        // the chart of accounts page.
        await unwrap(
          api.POST('/api/ledger/chart/apply-template', {
            body: { templateId: values.chartTemplate },
            headers: idempotencyKey(),
          }),
        ).catch((e: Error) =>
          notifications.show({
            color: 'red',
            title: 'The chart of accounts was not set up',
            message: `${e.message} Choose a template on the Chart of accounts page.`,
          }),
        );
      }
      queryClient.clear();
      await router.invalidate();
      await navigate({ to: '/settings/company' });
    } catch (e) {
      if (e instanceof ApiError && (e.field === 'slug' || e.field === 'name'))
        form.setFieldError(e.field, e.message);
      else setError(e instanceof Error ? e.message : 'Could not create the organization.');
    }
  });
  return (
    <Container size={520} py={48} component="main">
      <Stack>
        <Title order={1} size="h2">
          Create an organization
        </Title>
        <Text c="dimmed" size="sm">
          An organization holds one business's books, people and procedures. You will be its owner and can
          invite your team next.
        </Text>
        <Paper withBorder p="lg">
          <form onSubmit={submit} noValidate>
            <Stack>
              <FormError error={error} />
              <TextInput
                label="Organization name"
                placeholder="Acme Plumbing Ltd"
                required
                autoFocus
                {...form.getInputProps('name')}
              />
              <TextInput
                label="Short name (slug)"
                description="Used in the CLI and API, e.g. ordo export … --org acme"
                required
                {...form.getInputProps('slug')}
                onChange={(event) => {
                  setSlugTouched(true);
                  form.setFieldValue('slug', event.currentTarget.value);
                }}
              />
              <Radio.Group
                label="Chart of accounts"
                description="The accounts your books start with; you can rename, add or archive any of them later."
                {...form.getInputProps('chartTemplate')}
              >
                <Stack gap="xs" mt="xs">
                  {TEMPLATE_CHOICES.map((t) => (
                    <Radio key={t.id} value={t.id} label={t.label} description={t.description} />
                  ))}
                </Stack>
              </Radio.Group>
              <Button type="submit" loading={form.submitting}>
                Create organization
              </Button>
            </Stack>
          </form>
        </Paper>
      </Stack>
    </Container>
  );
}
