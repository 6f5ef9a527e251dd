import {
  ActionIcon,
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
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { isCurrency, minorToDecimalString, parseMoney } from '../../../../src/core/money.ts';
import { ApiError, api, idempotencyKey, unwrap } from '../../api/client.ts';
import { accountLabel } from '../../api/ledger.ts';
import { type Item, type ItemInput, isSalesQuery } from '../../api/sales.ts';
import { showApiError } from '../../lib/forms.ts';
import { useAccounts } from '../ledger/ledger-hooks.ts';
import { rateName } from './sales-bits.tsx';
import { useTaxRates } from './sales-hooks.ts';

/** The common UN/ECE Rec 20 units, named; any other code can still come through the API. */
export const UNITS = [
  { value: 'C62', label: 'Unit (each)' },
  { value: 'HUR', label: 'Hour' },
  { value: 'DAY', label: 'Day' },
  { value: 'MON', label: 'Month' },
  { value: 'KGM', label: 'Kilogram' },
  { value: 'MTR', label: 'Metre' },
  { value: 'LTR', label: 'Litre' },
];

interface Values {
  name: string;
  sku: string;
  kind: 'product' | 'service';
  description: string;
  unitCode: string;
  /** `key` only for React's list keys. */
  prices: { key: string; currency: string; amount: string }[];
  taxRateId: string | null;
  incomeAccountId: string | null;
}

const FIELDS = ['name', 'sku', 'description', 'unitCode', 'taxRateId', 'incomeAccountId', 'prices'];

interface Props {
  opened: boolean;
  onClose: () => void;
  item?: Item;
  baseCurrency: string;
}

/** Adds a product or service to the catalog, or changes one. */
export function ItemFormModal(props: Props) {
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.item ? `Edit ${props.item.name}` : 'New item'}
      size="lg"
    >
      {props.opened && <ItemForm {...props} />}
    </Modal>
  );
}

function ItemForm({ onClose, item, baseCurrency }: Props) {
  const queryClient = useQueryClient();
  const rates = useTaxRates();
  const { items: accounts } = useAccounts();
  const prices = Object.entries(item?.prices ?? {}).map(([currency, minor]) => ({
    key: currency,
    currency,
    amount: minorToDecimalString(minor, currency),
  }));
  const form = useForm<Values>({
    initialValues: {
      name: item?.name ?? '',
      sku: item?.sku ?? '',
      kind: item?.kind === 'product' ? 'product' : 'service',
      description: item?.description ?? '',
      unitCode: item?.unitCode ?? 'C62',
      prices: prices.length ? prices : [{ key: baseCurrency, currency: baseCurrency, amount: '' }],
      taxRateId: item?.taxRateId ?? null,
      incomeAccountId: item?.incomeAccountId ?? null,
    },
    validate: {
      name: (v) => (v.trim() ? null : 'Name the item.'),
      prices: {
        currency: (v) => (isCurrency(v.trim().toUpperCase()) ? null : 'A currency code such as EUR.'),
        amount: (v, values, path) => {
          if (!v.trim()) return null;
          const currency = values.prices[Number(path.split('.')[1])]?.currency.trim().toUpperCase() ?? '';
          if (!isCurrency(currency)) return null;
          try {
            return parseMoney(v, currency) < 0n ? 'Prices cannot be negative.' : null;
          } catch (e) {
            return e instanceof Error ? e.message : 'Not an amount.';
          }
        },
      },
    },
  });
  const save = useMutation({
    mutationFn: (v: Values) => {
      const body: ItemInput = {
        name: v.name.trim(),
        sku: v.sku.trim() || null,
        kind: v.kind,
        description: v.description.trim() || null,
        unitCode: v.unitCode,
        prices: Object.fromEntries(
          v.prices
            .filter((p) => p.amount.trim())
            .map((p) => [
              p.currency.trim().toUpperCase(),
              Number(parseMoney(p.amount, p.currency.trim().toUpperCase())),
            ]),
        ),
        taxRateId: v.taxRateId,
        incomeAccountId: v.incomeAccountId,
      };
      return item
        ? unwrap(api.PATCH('/api/sales/items/{id}', { params: { path: { id: item.id } }, body }))
        : unwrap(api.POST('/api/sales/items', { body, headers: idempotencyKey() }));
    },
    onSuccess: async (saved) => {
      notifications.show({
        color: 'green',
        message: item ? 'Item saved.' : `Added ${saved.name} to the catalog.`,
      });
      await queryClient.invalidateQueries({ predicate: isSalesQuery });
      onClose();
    },
    onError: (error) => {
      // `prices.EUR` names a currency; the form's rows are by index.
      if (error instanceof ApiError && error.field?.startsWith('prices.')) {
        const code = error.field.split('.')[1];
        const index = form.getValues().prices.findIndex((p) => p.currency.trim().toUpperCase() === code);
        if (index >= 0) return form.setFieldError(`prices.${index}.amount`, error.message);
      }
      showApiError(error, form, FIELDS);
    },
  });
  const v = form.getValues();
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack gap="sm">
        <SegmentedControl
          aria-label="Kind of item"
          data={[
            { value: 'service', label: 'Service' },
            { value: 'product', label: 'Product' },
          ]}
          {...form.getInputProps('kind')}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput label="Name" required data-autofocus maxLength={200} {...form.getInputProps('name')} />
          <TextInput
            label="SKU"
            description="Your own code for it"
            maxLength={64}
            {...form.getInputProps('sku')}
          />
        </SimpleGrid>
        <Textarea
          label="Description"
          description="Printed under the name on invoices"
          autosize
          minRows={1}
          maxLength={2000}
          {...form.getInputProps('description')}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <Select label="Unit" data={UNITS} allowDeselect={false} {...form.getInputProps('unitCode')} />
          <Select
            label="Tax rate"
            clearable
            placeholder="The customer’s default"
            data={rates.items
              .filter((r) => !r.archivedAt || r.id === v.taxRateId)
              .map((r) => ({ value: r.id, label: rateName(r) }))}
            {...form.getInputProps('taxRateId')}
          />
        </SimpleGrid>
        {v.prices.map((p, i) => (
          <Group key={p.key} align="flex-start" gap="xs" wrap="nowrap">
            <TextInput
              label="Currency"
              maxLength={3}
              w={90}
              styles={{ input: { textTransform: 'uppercase' } }}
              {...form.getInputProps(`prices.${i}.currency`)}
            />
            <TextInput
              label="Price"
              inputMode="decimal"
              placeholder="0.00"
              classNames={{ input: 'ordo-num' }}
              style={{ flex: 1 }}
              {...form.getInputProps(`prices.${i}.amount`)}
            />
            {v.prices.length > 1 && (
              <ActionIcon
                variant="subtle"
                color="gray"
                mt={28}
                aria-label={`Remove the ${p.currency} price`}
                onClick={() => form.removeListItem('prices', i)}
              >
                <IconTrash size={16} />
              </ActionIcon>
            )}
          </Group>
        ))}
        <Button
          variant="subtle"
          size="xs"
          w="fit-content"
          leftSection={<IconPlus size={14} />}
          onClick={() =>
            form.insertListItem('prices', { key: crypto.randomUUID(), currency: '', amount: '' })
          }
        >
          Price in another currency
        </Button>
        <Select
          label="Income account"
          description="Where its sales post; empty: the first revenue account"
          clearable
          searchable
          data={accounts
            .filter((a) => a.type === 'income' && (!a.archivedAt || a.id === v.incomeAccountId))
            .map((a) => ({ value: a.id, label: accountLabel(a) }))}
          {...form.getInputProps('incomeAccountId')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {item ? 'Save item' : 'Add item'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
