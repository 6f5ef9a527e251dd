import {
  Button,
  Group,
  Modal,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { isCurrency } from '../../../../src/core/money.ts';
import { ApiError, api, idempotencyKey, unwrap } from '../../api/client.ts';
import { type Customer, type CustomerInput, isSalesQuery } from '../../api/sales.ts';
import { showApiError } from '../../lib/forms.ts';
import { useBaseCurrency } from '../ledger/ledger-hooks.ts';
import { rateName } from './sales-bits.tsx';
import { useTaxRates } from './sales-hooks.ts';

interface Values {
  kind: 'company' | 'person';
  name: string;
  email: string;
  phone: string;
  billingAddress: {
    line1: string;
    line2: string;
    city: string;
    postalCode: string;
    region: string;
    country: string;
  };
  taxId: { scheme: string; value: string };
  currency: string;
  paymentTermsDays: string;
  defaultTaxRateId: string | null;
  notes: string;
}

const FIELDS = [
  'name',
  'email',
  'phone',
  'currency',
  'paymentTermsDays',
  'defaultTaxRateId',
  'notes',
  ...['line1', 'line2', 'city', 'postalCode', 'region', 'country'].map((f) => `billingAddress.${f}`),
  'taxId.scheme',
  'taxId.value',
];

const valuesOf = (c: Customer | undefined): Values => ({
  kind: c?.kind === 'person' ? 'person' : 'company',
  name: c?.name ?? '',
  email: c?.email ?? '',
  phone: c?.phone ?? '',
  billingAddress: {
    line1: c?.billingAddress?.line1 ?? '',
    line2: c?.billingAddress?.line2 ?? '',
    city: c?.billingAddress?.city ?? '',
    postalCode: c?.billingAddress?.postalCode ?? '',
    region: c?.billingAddress?.region ?? '',
    country: c?.billingAddress?.country ?? '',
  },
  taxId: { scheme: c?.taxIds[0]?.scheme ?? 'VAT', value: c?.taxIds[0]?.value ?? '' },
  currency: c?.currency ?? '',
  paymentTermsDays:
    c?.paymentTermsDays === null || c?.paymentTermsDays === undefined ? '' : String(c.paymentTermsDays),
  defaultTaxRateId: c?.defaultTaxRateId ?? null,
  notes: c?.notes ?? '',
});

const orNull = (s: string) => s.trim() || null;

function bodyOf(v: Values, existing: Customer | undefined): CustomerInput {
  const address = Object.fromEntries(
    Object.entries(v.billingAddress).map(([k, x]) => [
      k,
      k === 'country' ? orNull(x.toUpperCase()) : orNull(x),
    ]),
  );
  const hasAddress = Object.values(address).some((x) => x !== null);
  return {
    kind: v.kind,
    name: v.name.trim(),
    email: orNull(v.email),
    phone: orNull(v.phone),
    billingAddress: hasAddress ? address : null,
    // The form edits the first tax id; any others the customer has stay as they are.
    taxIds: [
      ...(v.taxId.value.trim()
        ? [{ scheme: v.taxId.scheme.trim() || 'VAT', value: v.taxId.value.trim() }]
        : []),
      ...(existing?.taxIds.slice(1) ?? []),
    ],
    currency: orNull(v.currency.toUpperCase()),
    paymentTermsDays: v.paymentTermsDays.trim() === '' ? null : Number(v.paymentTermsDays),
    defaultTaxRateId: v.defaultTaxRateId,
    notes: orNull(v.notes),
  };
}

interface Props {
  opened: boolean;
  onClose: () => void;
  customer?: Customer;
  onSaved?: (c: Customer) => void;
  /** What was typed in a picker before choosing "New customer". */
  initialName?: string;
}

/** Adds a customer, or changes one; the server's objections land next to the fields they name. */
export function CustomerFormModal(props: Props) {
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.customer ? `Edit ${props.customer.name}` : 'New customer'}
      size="lg"
    >
      {/* Mounted while open, so each opening starts from the customer as it is now. */}
      {props.opened && <CustomerForm {...props} />}
    </Modal>
  );
}

function CustomerForm({ onClose, customer, onSaved, initialName }: Props) {
  const queryClient = useQueryClient();
  const rates = useTaxRates();
  const base = useBaseCurrency();
  const form = useForm<Values>({
    initialValues: { ...valuesOf(customer), ...(initialName ? { name: initialName } : {}) },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter the customer’s name.'),
      email: (v) => (!v.trim() || /^[^\s@]+@[^\s@]+$/.test(v.trim()) ? null : 'Not an email address.'),
      currency: (v) =>
        !v.trim() || isCurrency(v.trim().toUpperCase()) ? null : 'A currency code such as EUR.',
      paymentTermsDays: (v) =>
        !v.trim() || /^\d{1,4}$/.test(v.trim()) ? null : 'A number of days, such as 30.',
      billingAddress: {
        country: (v) =>
          !v.trim() || /^[a-zA-Z]{2}$/.test(v.trim()) ? null : 'Two letters, such as GB or DE.',
      },
    },
  });
  const save = useMutation({
    mutationFn: (v: Values) =>
      customer
        ? unwrap(
            api.PATCH('/api/sales/customers/{id}', {
              params: { path: { id: customer.id } },
              body: bodyOf(v, customer),
            }),
          )
        : unwrap(api.POST('/api/sales/customers', { body: bodyOf(v, undefined), headers: idempotencyKey() })),
    onSuccess: async (saved) => {
      notifications.show({ color: 'green', message: customer ? 'Customer saved.' : `Added ${saved.name}.` });
      await queryClient.invalidateQueries({ predicate: isSalesQuery });
      form.reset();
      onSaved?.(saved);
      onClose();
    },
    onError: (error) => {
      // `taxIds.0.value` is the form's single tax id.
      if (error instanceof ApiError && error.field?.startsWith('taxIds.0.'))
        return showApiError(
          new ApiError(error.status, error.code, error.message, error.field.replace('taxIds.0', 'taxId')),
          form,
          FIELDS,
        );
      showApiError(error, form, FIELDS);
    },
  });
  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack gap="sm">
        <SegmentedControl
          aria-label="Kind of customer"
          data={[
            { value: 'company', label: 'Company' },
            { value: 'person', label: 'Person' },
          ]}
          {...form.getInputProps('kind')}
        />
        <TextInput label="Name" required data-autofocus maxLength={200} {...form.getInputProps('name')} />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput label="Email" type="email" maxLength={200} {...form.getInputProps('email')} />
          <TextInput label="Phone" type="tel" maxLength={50} {...form.getInputProps('phone')} />
        </SimpleGrid>
        <TextInput label="Address" maxLength={200} {...form.getInputProps('billingAddress.line1')} />
        <TextInput label="Address line 2" maxLength={200} {...form.getInputProps('billingAddress.line2')} />
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
          <TextInput label="Postcode" maxLength={20} {...form.getInputProps('billingAddress.postalCode')} />
          <TextInput label="City" maxLength={100} {...form.getInputProps('billingAddress.city')} />
          <TextInput label="Region" maxLength={100} {...form.getInputProps('billingAddress.region')} />
          <TextInput
            label="Country"
            placeholder="GB"
            maxLength={2}
            styles={{ input: { textTransform: 'uppercase' } }}
            {...form.getInputProps('billingAddress.country')}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
          <TextInput label="Tax id scheme" maxLength={10} {...form.getInputProps('taxId.scheme')} />
          <TextInput
            label="Tax id"
            placeholder="GB123456789"
            maxLength={50}
            {...form.getInputProps('taxId.value')}
          />
          <TextInput
            label="Currency"
            placeholder={base.currency ?? undefined}
            maxLength={3}
            styles={{ input: { textTransform: 'uppercase' } }}
            {...form.getInputProps('currency')}
          />
          <TextInput
            label="Payment terms (days)"
            inputMode="numeric"
            placeholder="30"
            {...form.getInputProps('paymentTermsDays')}
          />
        </SimpleGrid>
        <Select
          label="Default tax rate"
          description="For lines whose item has no tax rate of its own"
          clearable
          data={rates.items
            .filter((r) => !r.archivedAt || r.id === form.getValues().defaultTaxRateId)
            .map((r) => ({ value: r.id, label: rateName(r) }))}
          {...form.getInputProps('defaultTaxRateId')}
        />
        <Textarea label="Notes" autosize minRows={2} maxLength={5000} {...form.getInputProps('notes')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {customer ? 'Save customer' : 'Add customer'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
