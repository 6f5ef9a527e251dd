import { Button, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { isLedgerQuery, type LedgerSettings } from '../../api/ledger.ts';
import { formatDate } from '../../lib/format.ts';
import { showApiError } from '../../lib/forms.ts';

const FIELDS = ['lockDate', 'nonAccountantLockDate'] as const;

/** The two lock dates: nobody posts on or before the first; only accountants on or before the second. */
export function LockDatesCard({ settings, canEdit }: { settings: LedgerSettings; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: {
      lockDate: settings.lockDate ?? '',
      nonAccountantLockDate: settings.nonAccountantLockDate ?? '',
    },
    enhanceGetInputProps: () => (canEdit ? {} : { readOnly: true }),
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the server unless the user is editing
  useEffect(() => {
    if (form.isDirty()) return;
    const v = {
      lockDate: settings.lockDate ?? '',
      nonAccountantLockDate: settings.nonAccountantLockDate ?? '',
    };
    form.setInitialValues(v);
    form.setValues(v);
  }, [settings.lockDate, settings.nonAccountantLockDate]);

  const save = useMutation({
    mutationFn: (v: { lockDate: string; nonAccountantLockDate: string }) =>
      unwrap(
        api.PUT('/api/ledger/settings', {
          // An empty field unlocks: the server takes null.
          body: {
            lockDate: v.lockDate || null,
            nonAccountantLockDate: v.nonAccountantLockDate || null,
          },
        }),
      ),
    onSuccess: (saved) => {
      const v = { lockDate: saved.lockDate ?? '', nonAccountantLockDate: saved.nonAccountantLockDate ?? '' };
      form.setInitialValues(v);
      form.setValues(v);
      form.resetDirty(v);
      notifications.show({
        color: 'green',
        message: saved.lockDate
          ? `The books are locked up to ${formatDate(saved.lockDate)}.`
          : 'Lock dates saved.',
      });
      queryClient.invalidateQueries({ predicate: isLedgerQuery });
    },
    onError: (e) => showApiError(e, form, FIELDS),
  });

  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="lock-dates-title">
      <Title order={2} size="h4" id="lock-dates-title" mb={4}>
        Lock dates
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Once a period is reported or filed, lock it: entries dated on or before a lock date can no longer be
        posted, changed or reversed into it.
      </Text>
      <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              type="date"
              label="Lock date for everyone"
              description="Nobody posts on or before this day. Leave empty to unlock."
              {...form.getInputProps('lockDate')}
            />
            <TextInput
              type="date"
              label="Lock date for non-accountants"
              description="Only owners, admins and accountants post on or before this day."
              {...form.getInputProps('nonAccountantLockDate')}
            />
          </SimpleGrid>
          {canEdit && (
            <Group justify="flex-end">
              <Button variant="default" disabled={!form.isDirty()} onClick={() => form.reset()}>
                Discard
              </Button>
              <Button type="submit" disabled={!form.isDirty()} loading={save.isPending}>
                Save lock dates
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
