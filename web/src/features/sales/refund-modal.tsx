import { Button, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { minorToDecimalString, parseMoney } from '../../../../src/core/money.ts';
import { api, idempotencyKey, unwrap } from '../../api/client.ts';
import { accountLabel, isLedgerQuery } from '../../api/ledger.ts';
import { isSalesQuery } from '../../api/sales.ts';
import { formatMoney } from '../../lib/format.ts';
import { showApiError } from '../../lib/forms.ts';
import { todayIso } from '../ledger/dates.ts';
import { useMoneyAccounts } from './sales-hooks.ts';

interface Source {
  kind: 'payment' | 'credit_note';
  id: string;
  currency: string;
  /** What is left to pay back, in minor units. */
  available: number;
  /** The refund cannot come before this day. */
  date: string;
}

interface Values {
  amount: string;
  date: string;
  accountId: string | null;
  reference: string;
}

/** Pays back a payment's unapplied credit or a credit note's remaining credit to the customer. */
export function RefundModal({
  opened,
  onClose,
  source,
}: {
  opened: boolean;
  onClose: () => void;
  source: Source;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="Refund to the customer">
      {opened && <RefundForm onClose={onClose} source={source} />}
    </Modal>
  );
}

function RefundForm({ onClose, source }: { onClose: () => void; source: Source }) {
  const queryClient = useQueryClient();
  const accounts = useMoneyAccounts();
  const today = todayIso();
  const form = useForm<Values>({
    initialValues: {
      amount: minorToDecimalString(source.available, source.currency),
      date: today < source.date ? source.date : today,
      accountId: null,
      reference: '',
    },
    validate: {
      amount: (v) => {
        try {
          const minor = parseMoney(v, source.currency);
          if (minor <= 0n) return 'Enter the amount paid back.';
          return minor > BigInt(source.available)
            ? `At most ${formatMoney(source.available, source.currency)}.`
            : null;
        } catch (e) {
          return e instanceof Error ? e.message : 'Not an amount.';
        }
      },
      date: (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? null : 'Enter the date.'),
    },
  });
  const firstAccount = accounts.items[0]?.id;
  useEffect(() => {
    if (firstAccount && !form.getValues().accountId) form.setFieldValue('accountId', firstAccount);
  }, [firstAccount, form]);
  const refund = useMutation({
    mutationFn: (v: Values) => {
      const body = {
        amount: Number(parseMoney(v.amount, source.currency)),
        date: v.date,
        accountId: v.accountId ?? undefined,
        reference: v.reference.trim() || null,
      };
      const params = { path: { id: source.id } };
      return source.kind === 'payment'
        ? unwrap(api.POST('/api/sales/payments/{id}/refund', { params, body, headers: idempotencyKey() }))
        : unwrap(
            api.POST('/api/sales/credit-notes/{id}/refund', { params, body, headers: idempotencyKey() }),
          );
    },
    onSuccess: async (r) => {
      notifications.show({ color: 'green', message: `Refunded ${formatMoney(r.amount, r.currency)}.` });
      await queryClient.invalidateQueries({ predicate: (q) => isSalesQuery(q) || isLedgerQuery(q) });
      onClose();
    },
    onError: (e) => showApiError(e, form, ['amount', 'date', 'accountId', 'reference']),
  });
  return (
    <form onSubmit={form.onSubmit((v) => refund.mutate(v))} noValidate>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Up to {formatMoney(source.available, source.currency)} can be paid back.
        </Text>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput
            label={`Amount (${source.currency})`}
            required
            inputMode="decimal"
            data-autofocus
            {...form.getInputProps('amount')}
          />
          <TextInput type="date" label="Date" required {...form.getInputProps('date')} />
        </SimpleGrid>
        <Select
          label="Paid from"
          searchable
          data={accounts.items.map((a) => ({ value: a.id, label: accountLabel(a) }))}
          {...form.getInputProps('accountId')}
        />
        <TextInput label="Reference" maxLength={200} {...form.getInputProps('reference')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={refund.isPending}>
            Refund
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
