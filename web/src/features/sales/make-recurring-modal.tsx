import {
  Button,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { isSalesQuery, type SalesDocument } from '../../api/sales.ts';
import { formatDate } from '../../lib/format.ts';
import { showApiError } from '../../lib/forms.ts';
import { todayIso } from '../ledger/dates.ts';
import { createFromInvoice, type RecurrencePreset, type RecurringMode } from './recurring-api.ts';

type Repeat = RecurrencePreset['kind'];

interface Values {
  name: string;
  repeat: Repeat;
  interval: number | string;
  dayOfMonth: number | string;
  startDate: string;
  endDate: string;
  count: number | string;
  mode: RecurringMode;
}

/**
 * The first date after both today and the invoice's own date that falls on `day` of a month (29–31
 * fall back to the month's end): the invoice made recurring already covers its own period.
 */
function nextDay(day: number, after: string): string {
  const from = todayIso() > after ? todayIso() : after;
  const start = new Date(`${from}T12:00:00Z`);
  for (let add = 0; add < 3; add++) {
    const y = start.getUTCFullYear();
    const m = start.getUTCMonth() + add;
    const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
    const candidate = new Date(Date.UTC(y, m, Math.min(day, last), 12)).toISOString().slice(0, 10);
    if (candidate > from) return candidate;
  }
  return from;
}

const number = (v: number | string) => (typeof v === 'number' ? v : Number.parseInt(v, 10));

/** Repeats an invoice on a rule: its customer, terms and lines become the template of each new one. */
export function MakeRecurringModal({
  doc,
  customerName,
  opened,
  onClose,
}: {
  doc: SalesDocument;
  customerName: string;
  opened: boolean;
  onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="Make recurring" size="lg">
      {opened && <RecurringForm doc={doc} customerName={customerName} onClose={onClose} />}
    </Modal>
  );
}

function RecurringForm({
  doc,
  customerName,
  onClose,
}: {
  doc: SalesDocument;
  customerName: string;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const day = Number(doc.issueDate.slice(8, 10));
  const form = useForm<Values>({
    initialValues: {
      name: `${customerName}, monthly`,
      repeat: 'monthly',
      interval: 1,
      dayOfMonth: day,
      startDate: nextDay(day, doc.issueDate),
      endDate: '',
      count: '',
      mode: 'draft',
    },
    validate: {
      startDate: (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? null : 'Enter the first date.'),
      endDate: (v, values) => (v && v < values.startDate ? 'Before the first date.' : null),
      dayOfMonth: (v, values) =>
        values.repeat !== 'monthly' || (number(v) >= 1 && number(v) <= 31) ? null : 'A day from 1 to 31.',
    },
  });
  const v = form.getValues();
  const save = useMutation({
    mutationFn: (values: Values) => {
      const interval = number(values.interval) || 1;
      const preset: RecurrencePreset =
        values.repeat === 'monthly'
          ? { kind: 'monthly', dayOfMonth: number(values.dayOfMonth), interval }
          : values.repeat === 'weekly'
            ? { kind: 'weekly', interval }
            : values.repeat === 'last_business_day'
              ? { kind: 'last_business_day', interval }
              : { kind: 'yearly' };
      return createFromInvoice(doc, {
        name: values.name.trim() || `${customerName}, ${values.repeat}`,
        preset,
        startDate: values.startDate,
        endDate: values.endDate || null,
        count: values.count === '' ? null : number(values.count),
        mode: values.mode,
      });
    },
    onSuccess: async (schedule) => {
      notifications.show({
        color: 'green',
        message: schedule.nextRunDate
          ? `Recurring: the next invoice is made on ${formatDate(schedule.nextRunDate)}.`
          : 'Recurring schedule saved.',
      });
      await queryClient.invalidateQueries({ predicate: isSalesQuery });
      onClose();
      await navigate({ to: '/finance/recurring-invoices' });
    },
    onError: (e) =>
      showApiError(e, form, [
        'name',
        'startDate',
        'endDate',
        'count',
        'mode',
        'preset.dayOfMonth',
        'preset.interval',
      ]),
  });
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Each new invoice copies this one’s customer, lines, prices and terms, dated on the day it is made.
        </Text>
        <TextInput label="Name" maxLength={200} data-autofocus {...form.getInputProps('name')} />
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
          <Select
            label="Repeat"
            allowDeselect={false}
            data={[
              { value: 'monthly', label: 'Monthly, on a day' },
              { value: 'last_business_day', label: 'Last business day of the month' },
              { value: 'weekly', label: 'Weekly' },
              { value: 'yearly', label: 'Yearly' },
            ]}
            {...form.getInputProps('repeat')}
          />
          {v.repeat !== 'yearly' && (
            <NumberInput
              label={v.repeat === 'weekly' ? 'Every … weeks' : 'Every … months'}
              min={1}
              max={v.repeat === 'weekly' ? 52 : 12}
              allowDecimal={false}
              {...form.getInputProps('interval')}
            />
          )}
          {v.repeat === 'monthly' && (
            <NumberInput
              label="Day of the month"
              min={1}
              max={31}
              allowDecimal={false}
              {...form.getInputProps('dayOfMonth')}
            />
          )}
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
          <TextInput
            type="date"
            label="First invoice on or after"
            required
            {...form.getInputProps('startDate')}
          />
          <TextInput type="date" label="Stop after (date)" {...form.getInputProps('endDate')} />
          <NumberInput
            label="Or after (invoices)"
            min={1}
            allowDecimal={false}
            {...form.getInputProps('count')}
          />
        </SimpleGrid>
        <div>
          <Text size="sm" fw={500} mb={4} id="recurring-mode-label">
            Each time
          </Text>
          <SegmentedControl
            aria-labelledby="recurring-mode-label"
            fullWidth
            data={[
              { value: 'draft', label: 'Make a draft' },
              { value: 'issue', label: 'Issue it' },
              { value: 'issue_and_send', label: 'Issue and email it' },
            ]}
            {...form.getInputProps('mode')}
          />
        </div>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save schedule
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
