import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { api, idempotencyKey, unwrap } from '../../api/client.ts';
import { isLedgerQuery, type JournalEntry } from '../../api/ledger.ts';
import { showApiError } from '../../lib/forms.ts';
import { todayIso } from './dates.ts';
import { entryTitle } from './entry-bits.tsx';

/** Posts the mirror image of a posted entry on a chosen date, linked both ways. */
export function ReverseModal({
  entry,
  opened,
  onClose,
}: {
  entry: JournalEntry;
  opened: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const form = useForm({
    initialValues: { date: todayIso(), description: `Reversal of ${entryTitle(entry).toLowerCase()}` },
    validate: {
      date: (v) =>
        !/^\d{4}-\d{2}-\d{2}$/.test(v)
          ? 'Enter the date to post the reversal on.'
          : v < entry.date
            ? `A reversal cannot come before the entry it reverses (${entry.date}).`
            : null,
    },
  });
  const reverse = useMutation({
    mutationFn: (v: { date: string; description: string }) =>
      unwrap(
        api.POST('/api/ledger/entries/{id}/reverse', {
          params: { path: { id: entry.id } },
          body: { date: v.date, description: v.description.trim() || undefined },
          headers: idempotencyKey(),
        }),
      ),
    onSuccess: async (reversal) => {
      notifications.show({
        color: 'green',
        message: `Reversed: journal entry #${reversal.seq} cancels it out.`,
      });
      await queryClient.invalidateQueries({ predicate: isLedgerQuery });
      onClose();
      await navigate({ to: '/finance/journal/$entryId', params: { entryId: reversal.id } });
    },
    onError: (err) => showApiError(err, form, ['date', 'description']),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={`Reverse ${entryTitle(entry).toLowerCase()}`}>
      <form onSubmit={form.onSubmit((v) => reverse.mutate(v))} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            Posts a new entry with every debit and credit swapped, so the two cancel out. The original stays
            in the books, marked as reversed.
          </Text>
          <TextInput
            type="date"
            label="Reversal date"
            required
            data-autofocus
            {...form.getInputProps('date')}
          />
          <TextInput label="Description" maxLength={500} {...form.getInputProps('description')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={reverse.isPending}>
              Post reversal
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
