import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client.ts';
import { isLedgerQuery } from '../../api/ledger.ts';
import { documentQuery, isSalesQuery, issueDocument, KINDS, type SalesDocument } from '../../api/sales.ts';
import { formatMoney } from '../../lib/format.ts';
import { showApiError } from '../../lib/forms.ts';
import { todayIso } from '../ledger/dates.ts';
import { useBaseCurrency } from '../ledger/ledger-hooks.ts';
import { docName } from './sales-bits.tsx';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const refresh = (queryClient: ReturnType<typeof useQueryClient>) =>
  queryClient.invalidateQueries({ predicate: (q) => isSalesQuery(q) || isLedgerQuery(q) });

/** Issuing numbers the draft and posts it; the date may move, a foreign currency may take a rate. */
export function IssueModal({
  doc,
  opened,
  onClose,
}: {
  doc: SalesDocument;
  opened: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const base = useBaseCurrency();
  const foreign = Boolean(base.currency && base.currency !== doc.currency);
  const form = useForm({
    initialValues: { date: doc.issueDate, exchangeRate: '' },
    validate: {
      date: (v) => (DATE.test(v) ? null : 'Enter the issue date.'),
      exchangeRate: (v) =>
        !v.trim() || /^\d{1,18}(\.\d{1,18})?$/.test(v.trim()) ? null : 'A decimal such as 0.8532.',
    },
  });
  const issue = useMutation({
    mutationFn: (v: { date: string; exchangeRate: string }) =>
      issueDocument(doc.type as 'invoice' | 'credit_note', doc.id, {
        date: v.date,
        ...(v.exchangeRate.trim() ? { exchangeRate: v.exchangeRate.trim() } : {}),
      }),
    onSuccess: async (issued) => {
      queryClient.setQueryData(documentQuery(doc.type, doc.id).queryKey, issued);
      notifications.show({ color: 'green', message: `Issued as ${issued.number}.` });
      await refresh(queryClient);
      onClose();
    },
    onError: (e) => showApiError(e, form, ['date', 'exchangeRate']),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={`Issue ${docName(doc)}`}>
      <form onSubmit={form.onSubmit((v) => issue.mutate(v))} noValidate>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            Issuing gives the {KINDS[doc.type].one} the next number and posts{' '}
            {formatMoney(doc.taxInclusiveAmount, doc.currency)} to the books. After that it no longer changes:
            corrections are credit notes.
          </Text>
          <TextInput type="date" label="Issue date" required data-autofocus {...form.getInputProps('date')} />
          {foreign && (
            <TextInput
              label={`Exchange rate (${base.currency} per ${doc.currency})`}
              description="Leave empty to use the rate recorded for the day"
              inputMode="decimal"
              {...form.getInputProps('exchangeRate')}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={issue.isPending}>
              Issue
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Voiding an unpaid invoice issues and applies a credit note for all of it. */
export function VoidModal({
  doc,
  opened,
  onClose,
}: {
  doc: SalesDocument;
  opened: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const form = useForm({
    initialValues: { date: todayIso() < doc.issueDate ? doc.issueDate : todayIso(), reason: '' },
    validate: { date: (v) => (DATE.test(v) ? null : 'Enter the date.') },
  });
  const voidIt = useMutation({
    mutationFn: (v: { date: string; reason: string }) =>
      unwrap(
        api.POST('/api/sales/invoices/{id}/void', {
          params: { path: { id: doc.id } },
          body: { date: v.date, reason: v.reason.trim() || null },
        }),
      ),
    onSuccess: async (note) => {
      notifications.show({ color: 'green', message: `Voided by credit note ${note.number}.` });
      await refresh(queryClient);
      onClose();
      await navigate({ to: '/finance/invoices/$documentId', params: { documentId: doc.id } });
    },
    onError: (e) => showApiError(e, form, ['date', 'reason']),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={`Void ${docName(doc)}`}>
      <form onSubmit={form.onSubmit((v) => voidIt.mutate(v))} noValidate>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            Issues a credit note for the whole invoice and applies it, so nothing is owed. Both stay in the
            books. An invoice with payments cannot be voided; credit it instead.
          </Text>
          <TextInput type="date" label="Date" required data-autofocus {...form.getInputProps('date')} />
          <TextInput label="Reason" maxLength={500} {...form.getInputProps('reason')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={voidIt.isPending}>
              Void invoice
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
