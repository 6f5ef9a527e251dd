import { ActionIcon, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconTrash } from '@tabler/icons-react';
import { type KeyboardEvent, useRef } from 'react';
import type { Account } from '../../api/ledger.ts';
import { AccountPicker } from './account-picker.tsx';
import { type EntryValues, isBlank, type LineValues } from './entry-lines.ts';

const FIELD_LABELS: Record<string, string> = {
  accountId: 'Account',
  debit: 'Debit',
  credit: 'Credit',
  currency: 'Currency',
  rate: 'Rate',
  memo: 'Memo',
};

type Form = Pick<UseFormReturnType<EntryValues>, 'getInputProps' | 'setFieldValue' | 'clearFieldError'>;

/** One line of the entry: account, debit, credit, currency, rate, memo, and its remove button. */
export function LineRow({
  index,
  line,
  form,
  accounts,
  baseCurrency,
  isLast,
  onAccountChosen,
  setAmount,
  onAmountKey,
  onRemove,
  errors,
}: {
  index: number;
  line: LineValues;
  form: Form;
  accounts: readonly Account[];
  baseCurrency: string;
  isLast: boolean;
  onAccountChosen: (el: HTMLElement) => void;
  setAmount: (index: number, side: 'debit' | 'credit', text: string) => void;
  onAmountKey: (index: number, side: 'debit' | 'credit') => (e: KeyboardEvent<HTMLInputElement>) => void;
  onRemove: () => void;
  errors: Record<string, unknown>;
}) {
  const n = index + 1;
  const foreign = Boolean(line.currency.trim()) && line.currency.trim().toUpperCase() !== baseCurrency;
  const path = (field: string) => `lines.${index}.${field}`;
  const accountRef = useRef<HTMLInputElement>(null);
  const cell = (name: string) => ({ 'data-entry-cell': name, 'data-line': index });
  const problems = Object.entries(errors)
    .filter(([path, message]) => path.startsWith(`lines.${index}.`) && message)
    .map(([path, message]) => [path.split('.')[2] ?? '', String(message)] as const);
  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset's legend would repeat "Line n" visibly on every line
    <div className="ordo-entry-line" role="group" aria-label={`Line ${n}`} data-testid={`line-${n}`}>
      <AccountPicker
        ref={accountRef}
        className="ordo-cell-wide"
        accounts={accounts}
        label="Account"
        placeholder={isLast ? 'Add a line: type a name or code' : 'Type a name or code'}
        {...form.getInputProps(path('accountId'))}
        onChange={(id) => {
          form.setFieldValue(path('accountId'), id);
          form.clearFieldError(path('accountId'));
          if (id && accountRef.current) {
            const el = accountRef.current;
            requestAnimationFrame(() => onAccountChosen(el));
          }
        }}
        {...cell('account')}
      />
      <TextInput
        label="Debit"
        inputMode="decimal"
        autoComplete="off"
        classNames={{ input: 'ordo-num' }}
        {...form.getInputProps(path('debit'))}
        onChange={(e) => setAmount(index, 'debit', e.currentTarget.value)}
        onKeyDown={onAmountKey(index, 'debit')}
        {...cell('debit')}
      />
      <TextInput
        label="Credit"
        inputMode="decimal"
        autoComplete="off"
        classNames={{ input: 'ordo-num' }}
        {...form.getInputProps(path('credit'))}
        onChange={(e) => setAmount(index, 'credit', e.currentTarget.value)}
        onKeyDown={onAmountKey(index, 'credit')}
        {...cell('credit')}
      />
      <TextInput
        label="Currency"
        placeholder={baseCurrency}
        maxLength={3}
        autoComplete="off"
        styles={{ input: { textTransform: 'uppercase' } }}
        {...form.getInputProps(path('currency'))}
        {...cell('currency')}
      />
      <TextInput
        label="Rate"
        placeholder={foreign ? 'Recorded' : '1'}
        disabled={!foreign}
        inputMode="decimal"
        autoComplete="off"
        {...form.getInputProps(path('rate'))}
        {...cell('rate')}
      />
      <TextInput
        className="ordo-cell-wide"
        label="Memo"
        maxLength={500}
        autoComplete="off"
        {...form.getInputProps(path('memo'))}
        {...cell('memo')}
      />
      <ActionIcon
        variant="subtle"
        color="gray"
        size="lg"
        className="ordo-entry-remove"
        aria-label={`Remove line ${n}`}
        onClick={onRemove}
        disabled={isLast && isBlank(line)}
      >
        <IconTrash size={16} />
      </ActionIcon>
      {problems.length > 0 && (
        // The cells' own messages are read out with each field; in the row layout they are too narrow
        // to read, so sighted users get them here, across the line.
        <div className="ordo-entry-line-errors" aria-hidden>
          {problems.map(([field, message]) => (
            <Text key={field} size="xs" c="var(--mantine-color-error)">
              {FIELD_LABELS[field] ?? field}: {message}
            </Text>
          ))}
        </div>
      )}
    </div>
  );
}
