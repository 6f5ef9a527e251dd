import { Alert, Button, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { minorToDecimalString, parseMoney } from '../../../../src/core/money.ts';
import { ApiError, api, idempotencyKey, unwrap } from '../../api/client.ts';
import { accountLabel, isLedgerQuery } from '../../api/ledger.ts';
import { isSalesQuery, type Payment } from '../../api/sales.ts';
import { formatMoney } from '../../lib/format.ts';
import { showApiError } from '../../lib/forms.ts';
import { AnchorLink } from '../../lib/links.tsx';
import { todayIso } from '../ledger/dates.ts';
import { useBaseCurrency } from '../ledger/ledger-hooks.ts';
import { useMoneyAccounts } from './sales-hooks.ts';

interface Values {
  /** The currency the money arrived in: the invoice's, or another (the bank's, say). */
  received: string;
  amount: string;
  /** In the invoice's currency: what the money received settles, when it came in another currency. */
  settles: string;
  date: string;
  accountId: string | null;
  reference: string;
  exchangeRate: string;
}

interface Props {
  opened: boolean;
  onClose: () => void;
  customerId: string;
  currency: string;
  /** The invoice the payment settles; without one it goes to the customer's oldest open invoices. */
  invoice?: { id: string; number: string | null; payableAmount: number; issueDate: string };
  onSaved?: (p: Payment) => void;
}

const FIELDS = ['received', 'amount', 'settles', 'date', 'accountId', 'reference', 'exchangeRate'];

/** Currencies offered for money received, after the document's and the books' own. */
const COMMON_CURRENCIES = ['GBP', 'EUR', 'USD', 'CHF', 'CAD', 'AUD', 'JPY', 'SEK', 'NOK', 'DKK', 'PLN'];

const amountProblem = (v: string, currency: string, what: string) => {
  try {
    return parseMoney(v, currency) > 0n ? null : what;
  } catch (e) {
    return e instanceof Error ? e.message : 'Not an amount.';
  }
};

/** Money received: the amount (the invoice's balance due to start with), the day and the bank it went into. */
export function PaymentModal(props: Props) {
  const title = props.invoice?.number ? `Record a payment for ${props.invoice.number}` : 'Record a payment';
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={title}>
      {props.opened && <PaymentForm {...props} />}
    </Modal>
  );
}

function PaymentForm({ onClose, customerId, currency, invoice, onSaved }: Props) {
  const queryClient = useQueryClient();
  const accounts = useMoneyAccounts();
  const base = useBaseCurrency();
  const today = todayIso();
  const form = useForm<Values>({
    initialValues: {
      received: currency,
      amount: invoice ? minorToDecimalString(invoice.payableAmount, currency) : '',
      settles: invoice ? minorToDecimalString(invoice.payableAmount, currency) : '',
      date: invoice && invoice.issueDate > today ? invoice.issueDate : today,
      accountId: null,
      reference: '',
      exchangeRate: '',
    },
    validate: {
      amount: (v, values) => amountProblem(v, values.received, 'Enter the amount received.'),
      settles: (v, values) =>
        invoice && values.received !== currency
          ? amountProblem(v, currency, `Enter how much of the invoice it pays, in ${currency}.`)
          : null,
      date: (v) =>
        !/^\d{4}-\d{2}-\d{2}$/.test(v)
          ? 'Enter the day the money arrived.'
          : invoice && v < invoice.issueDate
            ? 'A payment cannot come before the invoice was issued.'
            : null,
      accountId: (v) => (v ? null : 'Choose the account the money went into.'),
      exchangeRate: (v) =>
        !v.trim() || /^\d{1,18}(\.\d{1,18})?$/.test(v.trim()) ? null : 'A decimal such as 0.8532.',
    },
  });
  // The first bank account, once the accounts have loaded.
  const firstAccount = accounts.items[0]?.id;
  useEffect(() => {
    if (firstAccount && !form.getValues().accountId) form.setFieldValue('accountId', firstAccount);
  }, [firstAccount, form]);

  const received = form.getValues().received;
  const across = received !== currency;
  const foreign = Boolean(base.currency && base.currency !== received);
  const currencies = [...new Set([currency, base.currency ?? currency, ...COMMON_CURRENCIES])];

  const save = useMutation({
    mutationFn: (v: Values) => {
      const amount = Number(parseMoney(v.amount, v.received));
      // In the invoice's currency the payment settles at most what is due; received in another, it
      // settles what the form says, and the server converts nothing.
      const allocation = !invoice
        ? null
        : v.received === currency
          ? { invoiceId: invoice.id, amount: Math.min(amount, invoice.payableAmount) }
          : { invoiceId: invoice.id, amount: Number(parseMoney(v.settles, currency)), paymentAmount: amount };
      return unwrap(
        api.POST('/api/sales/payments', {
          body: {
            customerId,
            currency: v.received,
            date: v.date,
            amount,
            accountId: v.accountId ?? '',
            reference: v.reference.trim() || null,
            ...(v.exchangeRate.trim() ? { exchangeRate: v.exchangeRate.trim() } : {}),
            ...(allocation && allocation.amount > 0 ? { allocations: [allocation] } : {}),
          },
          headers: idempotencyKey(),
        }),
      );
    },
    onSuccess: async (payment) => {
      const credit = payment.unappliedAmount;
      notifications.show({
        color: 'green',
        message:
          `Recorded ${formatMoney(payment.amount, payment.currency)}.` +
          (credit > 0 ? ` ${formatMoney(credit, payment.currency)} is kept as the customer’s credit.` : ''),
      });
      await queryClient.invalidateQueries({ predicate: (q) => isSalesQuery(q) || isLedgerQuery(q) });
      onSaved?.(payment);
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.field?.startsWith('allocations')) {
        const field = across && !error.field.endsWith('paymentAmount') ? 'settles' : 'amount';
        return showApiError(new ApiError(error.status, error.code, error.message, field), form, FIELDS);
      }
      showApiError(error, form, FIELDS);
    },
  });

  if (accounts.query.data && accounts.items.length === 0)
    return (
      <Alert color="yellow" title="No bank account yet">
        A payment goes into a bank, cash or clearing account, and the chart of accounts has none.{' '}
        <AnchorLink to="/finance/accounts" underline="always">
          Add one
        </AnchorLink>
        , then come back.
      </Alert>
    );
  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack gap="sm">
        {invoice && (
          <Text size="sm" c="dimmed">
            Due on this invoice: {formatMoney(invoice.payableAmount, currency)}. More than that is kept as the
            customer’s credit.
          </Text>
        )}
        <Select
          label="Received in"
          searchable
          allowDeselect={false}
          data={currencies}
          description={
            across && invoice
              ? `The money came in ${received}; the invoice is settled in ${currency}.`
              : undefined
          }
          {...form.getInputProps('received')}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput
            label={`Amount (${received})`}
            required
            inputMode="decimal"
            autoComplete="off"
            data-autofocus
            classNames={{ input: 'ordo-num' }}
            {...form.getInputProps('amount')}
          />
          <TextInput type="date" label="Date received" required {...form.getInputProps('date')} />
        </SimpleGrid>
        {invoice && across && (
          <TextInput
            label={`Settles of ${invoice.number ?? 'the invoice'} (${currency})`}
            description="The difference from the invoice’s own rate is booked as an exchange gain or loss"
            required
            inputMode="decimal"
            autoComplete="off"
            classNames={{ input: 'ordo-num' }}
            {...form.getInputProps('settles')}
          />
        )}
        <Select
          label="Paid into"
          required
          searchable
          data={accounts.items.map((a) => ({ value: a.id, label: accountLabel(a) }))}
          {...form.getInputProps('accountId')}
        />
        <TextInput
          label="Reference"
          placeholder="Bank reference or cheque number"
          maxLength={200}
          {...form.getInputProps('reference')}
        />
        {foreign && (
          <TextInput
            label={`Exchange rate (${base.currency} per ${received})`}
            description="Leave empty to use the rate recorded for the day"
            inputMode="decimal"
            {...form.getInputProps('exchangeRate')}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Record payment
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
