import { ActionIcon, Select, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconTrash } from '@tabler/icons-react';
import { useRef } from 'react';
import { minorToDecimalString } from '../../../../src/core/money.ts';
import type { Item, TaxRate } from '../../api/sales.ts';
import { formatMoney } from '../../lib/format.ts';
import {
  type Context,
  type DocLineValues,
  type DocValues,
  effectiveRateId,
  isBlankLine,
} from './document-lines.ts';
import { rateName } from './sales-bits.tsx';

const FIELD_LABELS: Record<string, string> = {
  itemId: 'Item',
  name: 'Description',
  quantity: 'Quantity',
  unitPrice: 'Price',
  discountPercent: 'Discount',
  taxRateId: 'Tax',
};

type Form = Pick<UseFormReturnType<DocValues>, 'getInputProps' | 'setFieldValue' | 'clearFieldError'>;

const itemLabel = (i: Item) => (i.sku ? `${i.name} · ${i.sku}` : i.name);

/** One line of the document: item, description, quantity, price, discount, tax, and its amount. */
export function DocLineRow({
  index,
  line,
  form,
  ctx,
  items,
  rates,
  amount,
  isLast,
  onItemChosen,
  onRemove,
  errors,
}: {
  index: number;
  line: DocLineValues;
  form: Form;
  ctx: Context;
  items: readonly Item[];
  rates: readonly TaxRate[];
  amount: bigint | null;
  isLast: boolean;
  onItemChosen: (el: HTMLElement) => void;
  onRemove: () => void;
  errors: Record<string, unknown>;
}) {
  const n = index + 1;
  const path = (field: string) => `lines.${index}.${field}`;
  const itemRef = useRef<HTMLInputElement>(null);
  const cell = (name: string) => ({ 'data-doc-cell': name, 'data-line': index });
  const item = line.itemId ? ctx.items.get(line.itemId) : undefined;
  const itemPrice = item?.prices[ctx.currency];
  const defaultRate = ctx.rates.get(effectiveRateId({ ...line, taxRateId: null }, ctx) ?? '');
  const problems = Object.entries(errors)
    .filter(([p, m]) => p.startsWith(`lines.${index}.`) && m)
    .map(([p, m]) => [p.split('.')[2] ?? '', String(m)] as const);

  const chooseItem = (id: string | null) => {
    form.setFieldValue(path('itemId'), id);
    form.clearFieldError(path('itemId'));
    const chosen = id ? ctx.items.get(id) : undefined;
    if (chosen) {
      // The item's name, price in this currency and tax rate, as a starting point to change.
      form.setFieldValue(path('name'), chosen.name);
      const price = chosen.prices[ctx.currency];
      form.setFieldValue(
        path('unitPrice'),
        price === undefined ? '' : minorToDecimalString(price, ctx.currency),
      );
      form.setFieldValue(path('taxRateId'), chosen.taxRateId ?? ctx.defaultTaxRateId);
      if (itemRef.current) {
        const el = itemRef.current;
        requestAnimationFrame(() => onItemChosen(el));
      }
    }
  };

  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset's legend would repeat "Line n" visibly on every line
    <div className="ordo-doc-line" role="group" aria-label={`Line ${n}`} data-testid={`doc-line-${n}`}>
      <Select
        ref={itemRef}
        className="ordo-doc-item"
        label="Item"
        placeholder={isLast ? 'Add a line: pick an item' : 'No item'}
        searchable
        clearable
        selectFirstOptionOnChange
        // Opened by typing or a click, so Enter and the arrows can pass through on the way across.
        openOnFocus={false}
        limit={60}
        nothingFoundMessage="No item by that name; type the description instead"
        data={items
          .filter((i) => !i.archivedAt || i.id === line.itemId)
          .map((i) => ({ value: i.id, label: itemLabel(i) }))}
        comboboxProps={{ position: 'bottom-start' }}
        {...form.getInputProps(path('itemId'))}
        onChange={chooseItem}
        {...cell('itemId')}
      />
      <TextInput
        className="ordo-doc-name"
        label="Description"
        placeholder={isLast ? 'or describe it' : undefined}
        maxLength={200}
        autoComplete="off"
        {...form.getInputProps(path('name'))}
        {...cell('name')}
      />
      <TextInput
        label="Quantity"
        placeholder="1"
        inputMode="decimal"
        autoComplete="off"
        classNames={{ input: 'ordo-num' }}
        {...form.getInputProps(path('quantity'))}
        {...cell('quantity')}
      />
      <TextInput
        label="Price"
        placeholder={itemPrice === undefined ? '0.00' : minorToDecimalString(itemPrice, ctx.currency)}
        inputMode="decimal"
        autoComplete="off"
        classNames={{ input: 'ordo-num' }}
        {...form.getInputProps(path('unitPrice'))}
        {...cell('unitPrice')}
      />
      <TextInput
        label="Discount %"
        placeholder="0"
        inputMode="decimal"
        autoComplete="off"
        classNames={{ input: 'ordo-num' }}
        {...form.getInputProps(path('discountPercent'))}
        {...cell('discountPercent')}
      />
      <Select
        label="Tax"
        placeholder={defaultRate ? rateName(defaultRate) : 'Choose'}
        searchable
        selectFirstOptionOnChange
        openOnFocus={false}
        data={rates
          .filter((r) => !r.archivedAt || r.id === line.taxRateId)
          .map((r) => ({ value: r.id, label: rateName(r) }))}
        {...form.getInputProps(path('taxRateId'))}
        {...cell('taxRateId')}
      />
      <div className="ordo-doc-amount">
        <Text size="xs" c="dimmed" className="ordo-doc-amount-label">
          Amount
        </Text>
        <Text size="sm" className="ordo-num" data-testid={`line-amount-${n}`} pt={{ base: 0 }}>
          {amount === null ? '' : formatMoney(amount, ctx.currency)}
        </Text>
      </div>
      <ActionIcon
        variant="subtle"
        color="gray"
        size="lg"
        className="ordo-doc-remove"
        aria-label={`Remove line ${n}`}
        onClick={onRemove}
        disabled={isLast && isBlankLine(line)}
      >
        <IconTrash size={16} />
      </ActionIcon>
      {problems.length > 0 && (
        // Each cell's message is read out with it; in the row layout the cells are too narrow to read,
        // so sighted users get them here, across the line.
        <div className="ordo-doc-line-errors" aria-hidden>
          {problems.map(([field, m]) => (
            <Text key={field} size="xs" c="var(--mantine-color-error)">
              {FIELD_LABELS[field] ?? field}: {m}
            </Text>
          ))}
        </div>
      )}
    </div>
  );
}
