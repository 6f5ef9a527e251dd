import { Button, Group, Kbd, Paper, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useBlocker, useNavigate } from '@tanstack/react-router';
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, api, idempotencyKey, unwrap } from '../../api/client.ts';
import { type Account, entryQuery, isLedgerQuery, type JournalEntry } from '../../api/ledger.ts';
import { showApiError } from '../../lib/forms.ts';
import { BalancePanel } from './balance-panel.tsx';
import { LineRow } from './entry-line-row.tsx';
import {
  balancingAmount,
  blankLine,
  checkBalance,
  type EntryValues,
  isBlank,
  lineProblems,
  toLines,
} from './entry-lines.ts';

const HEADER_FIELDS = new Set(['date', 'description', 'payee', 'code']);
const CELL = '[data-entry-cell]';

/** The form field a server error names (`lines.2.amount` → the debit or credit cell of that line). */
function formPath(field: string, values: EntryValues, formIndex: number[]): string | undefined {
  if (HEADER_FIELDS.has(field)) return field;
  if (field === 'lines') return 'lines';
  const m = /^lines\.(\d+)\.(accountId|amount|currency|rate|memo)$/.exec(field);
  if (!m) return undefined;
  const index = formIndex[Number(m[1])];
  if (index === undefined) return undefined;
  if (m[2] !== 'amount') return `lines.${index}.${m[2]}`;
  return values.lines[index]?.credit.trim() ? `lines.${index}.credit` : `lines.${index}.debit`;
}

/**
 * Entering a journal entry from the keyboard: Enter or Tab moves to the next cell, a new line
 * appears as the last one is used, `=` in an amount cell fills in what balances the entry, Ctrl+Enter
 * posts and Ctrl+S saves a draft. The balance per currency is checked as you type.
 */
export function EntryEditor({
  initial,
  draft,
  baseCurrency,
  accounts,
  canPost,
}: {
  initial: EntryValues;
  /** The draft being edited; none for a new entry. */
  draft?: JournalEntry;
  baseCurrency: string;
  accounts: readonly Account[];
  canPost: boolean;
}) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const gridRef = useRef<HTMLDivElement>(null);
  const leaving = useRef(false);
  /** For each line sent, the form line it came from: server errors name the line sent. */
  const sentIndex = useRef<number[]>([]);
  const [linesError, setLinesError] = useState<string | null>(null);
  const form = useForm<EntryValues>({
    initialValues: initial,
    validate: {
      date: (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? null : 'Enter the date of the entry.'),
      lines: {
        accountId: (_v, values, path) => problem(values, path, 'accountId'),
        debit: (_v, values, path) => problem(values, path, 'debit'),
        credit: (_v, values, path) => problem(values, path, 'credit'),
        currency: (_v, values, path) => problem(values, path, 'currency'),
        rate: (_v, values, path) => problem(values, path, 'rate'),
      },
    },
  });
  const problem = (values: EntryValues, path: string, field: string) => {
    const line = values.lines[Number(path.split('.')[1])];
    if (!line || isBlank(line)) return null;
    return lineProblems(line, baseCurrency).find((p) => p.field === field)?.message ?? null;
  };

  const values = form.getValues();
  const check = useMemo(() => checkBalance(values.lines, baseCurrency), [values.lines, baseCurrency]);

  // There is always one empty line at the end to type into.
  const last = values.lines.at(-1);
  useEffect(() => {
    if (!last || !isBlank(last)) form.insertListItem('lines', blankLine());
  });

  useBlocker({
    shouldBlockFn: () =>
      !leaving.current &&
      form.isDirty() &&
      !window.confirm('This journal entry is not saved. Leave without saving it?'),
    enableBeforeUnload: () => !leaving.current && form.isDirty(),
  });

  const save = useMutation({
    mutationFn: async (mode: 'draft' | 'post') => {
      const v = form.getValues();
      const { body: lines, formIndex } = toLines(v.lines, baseCurrency);
      const header = {
        date: v.date,
        description: v.description.trim(),
        payee: v.payee.trim() || null,
        code: v.code.trim() || null,
      };
      sentIndex.current = formIndex;
      if (!draft)
        return await unwrap(
          api.POST('/api/ledger/entries', {
            body: { ...header, lines, status: mode === 'post' ? 'posted' : 'draft' },
            headers: idempotencyKey(),
          }),
        );
      const saved = await unwrap(
        api.PATCH('/api/ledger/entries/{id}', {
          params: { path: { id: draft.id } },
          body: { ...header, lines },
        }),
      );
      if (mode === 'draft') return saved;
      return await unwrap(api.POST('/api/ledger/entries/{id}/post', { params: { path: { id: draft.id } } }));
    },
    onSuccess: async (entry) => {
      leaving.current = true;
      queryClient.setQueryData(entryQuery(entry.id).queryKey, entry);
      await queryClient.invalidateQueries({ predicate: isLedgerQuery });
      notifications.show({
        color: 'green',
        message: entry.status === 'posted' ? `Posted as journal entry #${entry.seq}.` : 'Draft saved.',
      });
      await navigate({ to: '/finance/journal/$entryId', params: { entryId: entry.id } });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.field) {
        const path = formPath(error.field, form.getValues(), sentIndex.current);
        const message = error.message.replace(/^Line \d+: /, '');
        if (path === 'lines') {
          setLinesError(error.message);
          return;
        }
        if (path) {
          form.setFieldError(path, message.charAt(0).toUpperCase() + message.slice(1));
          notifications.show({ color: 'red', title: 'Not saved', message: 'Check the highlighted field.' });
          focusFirstError();
          return;
        }
      }
      showApiError(error);
    },
  });

  const focusFirstError = () =>
    requestAnimationFrame(() =>
      gridRef.current?.closest('form')?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
    );

  const submit = (mode: 'draft' | 'post') => {
    setLinesError(null);
    const result = form.validate();
    if (result.hasErrors) {
      focusFirstError();
      return;
    }
    if (mode === 'post' && !check.balanced) return;
    if (mode === 'draft' && check.lineCount === 0 && !draft) {
      setLinesError('Enter at least one line before saving.');
      return;
    }
    save.mutate(mode);
  };

  /** Focus the cell `offset` cells away from the one holding focus, across lines. */
  const moveFocus = (from: HTMLElement, offset: number) => {
    const cells = [...(gridRef.current?.querySelectorAll<HTMLElement>(CELL) ?? [])].filter(
      (c) => !(c as HTMLInputElement).disabled,
    );
    const at = cells.findIndex((c) => c === from || c.contains(from));
    const next = cells[at + offset];
    if (next) next.focus();
    return Boolean(next);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    const mod = event.ctrlKey || event.metaKey;
    if (mod && event.key === 'Enter') {
      event.preventDefault();
      if (canPost && check.balanced) submit('post');
      return;
    }
    if (mod && (event.key === 's' || event.key === 'S')) {
      event.preventDefault();
      submit('draft');
      return;
    }
    const target = event.target as HTMLElement;
    const cell = target.closest<HTMLElement>(CELL) ?? (target.matches(CELL) ? target : null);
    if (!cell || !gridRef.current?.contains(target)) {
      // Enter in a header field moves on instead of submitting half an entry.
      if (event.key === 'Enter' && !mod && target instanceof HTMLInputElement) {
        event.preventDefault();
        const first = gridRef.current?.querySelector<HTMLElement>(CELL);
        const header = [...(event.currentTarget.querySelectorAll<HTMLElement>('[data-entry-header]') ?? [])];
        const i = header.indexOf(target);
        (header[i + 1] ?? first)?.focus();
      }
      return;
    }
    if (event.key === 'Enter' && !mod && !event.shiftKey && !event.altKey) {
      // The account picker's own Enter chooses the highlighted account.
      if (target.getAttribute('aria-expanded') === 'true') return;
      event.preventDefault();
      moveFocus(target, 1);
      return;
    }
    if (mod && event.shiftKey && event.key === 'Backspace') {
      event.preventDefault();
      const index = Number(cell.dataset.line);
      if (form.getValues().lines.length > 1) {
        moveFocus(target, -1);
        form.removeListItem('lines', index);
      }
    }
  };

  const setAmount = (index: number, side: 'debit' | 'credit', text: string) => {
    form.setFieldValue(`lines.${index}.${side}`, text);
    // A line is a debit or a credit: typing one clears the other.
    if (text.trim()) form.setFieldValue(`lines.${index}.${side === 'debit' ? 'credit' : 'debit'}`, '');
    setLinesError(null);
  };

  const onAmountKey =
    (index: number, side: 'debit' | 'credit') => (event: KeyboardEvent<HTMLInputElement>) => {
      if (event.key !== '=') return;
      event.preventDefault();
      const fill = balancingAmount(form.getValues().lines, index, baseCurrency);
      if (fill) setAmount(index, fill.side, fill.text);
      if (fill && fill.side !== side) moveFocus(event.currentTarget, fill.side === 'credit' ? 1 : -1);
    };

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit('post');
      }}
      onKeyDown={onKeyDown}
      aria-label={draft ? 'Edit draft journal entry' : 'New journal entry'}
    >
      <Stack>
        <Paper withBorder p="md">
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
            <TextInput type="date" label="Date" required data-entry-header {...form.getInputProps('date')} />
            <TextInput
              label="Description"
              placeholder="What happened"
              maxLength={500}
              data-entry-header
              autoFocus
              {...form.getInputProps('description')}
            />
            <TextInput label="Payee" maxLength={200} data-entry-header {...form.getInputProps('payee')} />
            <TextInput
              label="Reference"
              placeholder="Invoice or receipt number"
              maxLength={50}
              data-entry-header
              {...form.getInputProps('code')}
            />
          </SimpleGrid>
        </Paper>

        <Paper withBorder p={{ base: 'xs', sm: 'md' }}>
          <div className="ordo-entry-grid" ref={gridRef}>
            <div className="ordo-entry-line ordo-entry-head" aria-hidden>
              <span>Account</span>
              <span className="ordo-num">Debit</span>
              <span className="ordo-num">Credit</span>
              <span>Currency</span>
              <span>Rate</span>
              <span>Memo</span>
              <span />
            </div>
            {values.lines.map((line, index) => (
              <LineRow
                key={line.key}
                index={index}
                line={line}
                form={form}
                accounts={accounts}
                baseCurrency={baseCurrency}
                isLast={index === values.lines.length - 1}
                onAccountChosen={(el) => moveFocus(el, 1)}
                setAmount={setAmount}
                onAmountKey={onAmountKey}
                onRemove={() => form.removeListItem('lines', index)}
                errors={form.errors}
              />
            ))}
          </div>
          <Group mt="xs" gap="xs">
            <Button
              variant="subtle"
              size="xs"
              leftSection={<IconPlus size={14} />}
              onClick={() => {
                form.insertListItem('lines', blankLine());
                requestAnimationFrame(() => {
                  const cells = gridRef.current?.querySelectorAll<HTMLElement>('[data-entry-cell="account"]');
                  cells?.[cells.length - 1]?.focus();
                });
              }}
            >
              Add a line
            </Button>
          </Group>
        </Paper>

        <BalancePanel check={check} error={linesError} />

        <Paper withBorder p="sm" style={{ position: 'sticky', bottom: 0, zIndex: 2 }}>
          <Group justify="space-between" gap="xs" wrap="wrap">
            <Text size="xs" c="dimmed" visibleFrom="sm">
              <Kbd size="xs">Enter</Kbd> next cell · <Kbd size="xs">=</Kbd> balancing amount ·{' '}
              <Kbd size="xs">Ctrl</Kbd>+<Kbd size="xs">Enter</Kbd> post · <Kbd size="xs">Ctrl</Kbd>+
              <Kbd size="xs">S</Kbd> save draft · <Kbd size="xs">?</Kbd> all shortcuts
            </Text>
            <Group gap="xs" ml="auto">
              <Button
                variant="default"
                onClick={() => submit('draft')}
                loading={save.isPending && save.variables === 'draft'}
                disabled={save.isPending && save.variables === 'post'}
              >
                Save draft
              </Button>
              {canPost && (
                <Button
                  type="submit"
                  disabled={!check.balanced || (save.isPending && save.variables === 'draft')}
                  loading={save.isPending && save.variables === 'post'}
                  aria-describedby="entry-balance-status"
                >
                  Post entry
                </Button>
              )}
            </Group>
          </Group>
        </Paper>
      </Stack>
    </form>
  );
}
