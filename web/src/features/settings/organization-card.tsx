import { Button, Code, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { meQuery, orgQuery } from '../../api/queries.ts';
import { showApiError } from '../../lib/forms.ts';
import { QueryState } from '../../shell/page.tsx';

/** The organization's name (renamable by owners and admins) and its fixed slug. */
export function OrganizationCard({ canRename }: { canRename: boolean }) {
  const org = useQuery(orgQuery);
  const queryClient = useQueryClient();
  const router = useRouter();
  const form = useForm({
    initialValues: { name: '' },
    validate: { name: (v) => (v.trim() ? null : 'Give the organization a name.') },
  });
  const orgName = org.data?.name;
  const latest = useRef(form);
  latest.current = form;
  useEffect(() => {
    if (orgName === undefined) return;
    latest.current.setInitialValues({ name: orgName });
    latest.current.setValues({ name: orgName });
  }, [orgName]);

  const rename = useMutation({
    mutationFn: (name: string) => unwrap(api.PATCH('/api/org', { body: { name } })),
    onSuccess: async (renamed) => {
      queryClient.setQueryData(orgQuery.queryKey, renamed);
      notifications.show({ color: 'green', message: `The organization is now called ${renamed.name}.` });
      // The shell reads the name from the router context; reload it so the switcher shows the new one.
      await queryClient.refetchQueries({ queryKey: meQuery.queryKey });
      await router.invalidate();
    },
    onError: (e) => showApiError(e, form, ['name']),
  });
  const changed = form.getValues().name.trim() !== (orgName ?? '');

  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section">
      <Title order={2} size="h4" mb="sm">
        Organization
      </Title>
      <QueryState query={org}>
        {org.data && (
          <Stack gap="sm">
            {canRename ? (
              <form onSubmit={form.onSubmit((values) => rename.mutate(values.name.trim()))} noValidate>
                <Stack gap="xs">
                  <TextInput
                    label="Organization name"
                    description="What members see in the organization switcher."
                    required
                    {...form.getInputProps('name')}
                  />
                  <Group justify="flex-end">
                    <Button
                      type="submit"
                      size="xs"
                      variant="light"
                      disabled={!changed}
                      loading={rename.isPending}
                    >
                      Rename
                    </Button>
                  </Group>
                </Stack>
              </form>
            ) : (
              <div>
                <Text size="xs" c="dimmed">
                  Name
                </Text>
                <Text fw={600}>{org.data.name}</Text>
              </div>
            )}
            <div>
              <Text size="xs" c="dimmed">
                Short name (slug)
              </Text>
              <Code>{org.data.slug}</Code>
              <Text size="xs" c="dimmed" mt={4}>
                Identifies the organization in the API and cannot be changed.
              </Text>
            </div>
          </Stack>
        )}
      </QueryState>
    </Paper>
  );
}
