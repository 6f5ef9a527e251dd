import { Alert, Button, Group, Kbd, Paper, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useBlocker, useNavigate } from '@tanstack/react-router';
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { isCurrency } from '../../../../src/core/money.ts';
import type { TaxRounding } from '../../../../src/modules/sales/tax.domain.ts';
import { ApiError } from '../../api/client.ts';
import {
  type Customer,
  createDocument,
  type DocumentType,
  documentQuery,
  type Item,
  isSalesQuery,
  KINDS,
  type SalesDocument,
  type TaxRate,
  updateDocument,
} from '../../api/sales.ts';
import { showApiError } from '../../lib/forms.ts';
import { DocumentHeader } from './document-header.tsx';
import { DocLineRow } from './document-line-row.tsx';
import {
  blankDocLine,
  type Context,
  type DocValues,
  formPath,
  isBlankLine,
  lineProblems,
  liveTotals,
  toBody,
} from './document-lines.ts';
import { LiveTotalsPanel } from './document-totals.tsx';
import { docName, docTitle } from './sales-bits.tsx';
import './sales.css';

const CELL = '[data-doc-cell]';
/** Cells in a line, in order; Enter and the arrows move along them. */
const COLUMNS = ['itemId', 'name', 'quantity', 'unitPrice', 'discountPercent', 'taxRateId'] as const;

/**
 * An invoice, credit note or quote from the keyboard: Enter moves to the next cell and past the last
 * one into a new line, the arrows move between cells and lines, Ctrl+Enter saves. The totals are
 * worked out as you type with the server's arithmetic; the saved document shows the server's.
 */
export function DocumentEditor({
  type,
  initial,
  draft,
  customers,
  items,
  rates,
  taxRounding,
  baseCurrency,
  canAddCustomer,
}: {
  type: DocumentType;
  initial: DocValues;
  draft?: SalesDocument;
  customers: readonly Customer[];
  items: readonly Item[];
  rates: readonly TaxRate[];
  taxRounding: TaxRounding;
  baseCurrency: string;
  canAddCustomer: boolean;
}) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const gridRef = useRef<HTMLDivElement>(null);
  const leaving = useRef(false);
  const sentIndex = useRef<number[]>([]);
  const [linesError, setLinesError] = useState<string | null>(null);
  const kind = KINDS[type];

  const form = useForm<DocValues>({
    initialValues: initial,
    validate: {
      customerId: (v) => (v ? null : 'Choose the customer.'),
      currency: (v) =>
        !v.trim() || isCurrency(v.trim().toUpperCase()) ? null : 'A currency code such as EUR.',
      issueDate: (v) => (!v || /^\d{4}-\d{2}-\d{2}$/.test(v) ? null : 'Enter a date.'),
      paymentTermsDays: (v) =>
        !v.trim() || /^\d{1,4}$/.test(v.trim()) ? null : 'A number of days, such as 30.',
      lines: {
        quantity: (_v, values, path) => problem(values, path, 'quantity'),
        unitPrice: (_v, values, path) => problem(values, path, 'unitPrice'),
        discountPercent: (_v, values, path) => problem(values, path, 'discountPercent'),
      },
    },
  });
  const values = form.getValues();
  const customer = customers.find((c) => c.id === values.customerId);
  const currency = values.currency.trim().toUpperCase() || customer?.currency || baseCurrency;
  const ctx: Context = useMemo(
    () => ({
      currency,
      taxRounding,
      rates: new Map(rates.map((r) => [r.id, r])),
      items: new Map(items.map((i) => [i.id, i])),
      defaultTaxRateId: customer?.defaultTaxRateId ?? null,
    }),
    [currency, taxRounding, rates, items, customer],
  );
  const problem = (v: DocValues, path: string, field: string) => {
    const line = v.lines[Number(path.split('.')[1])];
    if (!line || isBlankLine(line)) return null;
    return lineProblems(line, ctx).find((p) => p.field === field)?.message ?? null;
  };
  const live = useMemo(() => liveTotals(values, ctx), [values, ctx]);

  // There is always one empty line at the end to type into.
  const last = values.lines.at(-1);
  useEffect(() => {
    if (!last || !isBlankLine(last)) form.insertListItem('lines', blankDocLine());
  });

  useBlocker({
    shouldBlockFn: () =>
      !leaving.current &&
      form.isDirty() &&
      !window.confirm(`This ${kind.one} is not saved. Leave without saving it?`),
    enableBeforeUnload: () => !leaving.current && form.isDirty(),
  });

  const save = useMutation({
    mutationFn: async () => {
      const { body, formIndex } = toBody(form.getValues(), ctx);
      sentIndex.current = formIndex;
      return draft ? updateDocument(type, draft.id, body) : createDocument(type, body);
    },
    onSuccess: async (doc) => {
      leaving.current = true;
      queryClient.setQueryData(documentQuery(type, doc.id).queryKey, doc);
      await queryClient.invalidateQueries({ predicate: isSalesQuery });
      notifications.show({ color: 'green', message: `${docTitle(doc)} saved.` });
      const params = { documentId: doc.id };
      if (type === 'invoice') await navigate({ to: '/finance/invoices/$documentId', params });
      else if (type === 'credit_note') await navigate({ to: '/finance/credit-notes/$documentId', params });
      else await navigate({ to: '/finance/quotes/$documentId', params });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.field) {
        const path = formPath(error.field, sentIndex.current);
        if (path === 'lines') {
          setLinesError(error.message);
          return;
        }
        if (path) {
          form.setFieldError(path, error.message);
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

  const submit = () => {
    setLinesError(null);
    if (form.validate().hasErrors) {
      focusFirstError();
      return;
    }
    if (!form.getValues().lines.some((l) => !isBlankLine(l))) {
      setLinesError('Add at least one line.');
      return;
    }
    save.mutate();
  };

  const cells = () =>
    [...(gridRef.current?.querySelectorAll<HTMLElement>(CELL) ?? [])].filter(
      (c) => !(c as HTMLInputElement).disabled,
    );
  const focusCell = (line: number, column: string) =>
    gridRef.current?.querySelector<HTMLElement>(`[data-doc-cell="${column}"][data-line="${line}"]`)?.focus();
  /** Focus the cell `offset` cells away from `from`, across lines. */
  const moveFocus = (from: HTMLElement, offset: number) => {
    const all = cells();
    const next = all[all.indexOf(from) + offset];
    next?.focus();
    return Boolean(next);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    const mod = event.ctrlKey || event.metaKey;
    if (mod && event.key === 'Enter') {
      event.preventDefault();
      submit();
      return;
    }
    const target = event.target as HTMLElement;
    if (!target.matches(CELL) || !gridRef.current?.contains(target)) {
      // Enter in a header field moves on instead of submitting half a document.
      if (event.key === 'Enter' && !mod && target instanceof HTMLInputElement && target.type !== 'checkbox') {
        if (target.getAttribute('aria-expanded') === 'true') return;
        event.preventDefault();
        const header = [...event.currentTarget.querySelectorAll<HTMLElement>('[data-doc-header]')];
        (header[header.indexOf(target) + 1] ?? cells()[0])?.focus();
      }
      return;
    }
    const open = target.getAttribute('aria-expanded') === 'true';
    const line = Number(target.dataset.line);
    const column = target.dataset.docCell ?? '';
    if (event.key === 'Enter' && !mod && !event.shiftKey && !event.altKey) {
      if (event.nativeEvent.defaultPrevented) return; // the picker's own Enter chose the highlighted option
      event.preventDefault();
      if (open) {
        // Typed faster than the list highlighted its first match: take that match, as the picker would.
        const list = document.getElementById(target.getAttribute('aria-controls') ?? '');
        list?.querySelector<HTMLElement>('[role="option"]:not([data-combobox-disabled])')?.click();
        return;
      }
      moveFocus(target, 1);
      return;
    }
    if ((event.key === 'ArrowUp' || event.key === 'ArrowDown') && !open && !event.altKey && !mod) {
      event.preventDefault();
      focusCell(line + (event.key === 'ArrowUp' ? -1 : 1), column);
      return;
    }
    if ((event.key === 'ArrowLeft' || event.key === 'ArrowRight') && !open && !mod && !event.shiftKey) {
      const input = target as HTMLInputElement;
      const atStart = input.selectionStart === 0 && input.selectionEnd === 0;
      const atEnd = input.selectionStart === input.value.length && input.selectionEnd === input.value.length;
      if (event.key === 'ArrowLeft' && atStart && moveFocus(target, -1)) event.preventDefault();
      if (event.key === 'ArrowRight' && atEnd && moveFocus(target, 1)) event.preventDefault();
      return;
    }
    if (mod && event.shiftKey && event.key === 'Backspace') {
      event.preventDefault();
      if (form.getValues().lines.length > 1) {
        focusCell(line > 0 ? line - 1 : line + 1, column);
        form.removeListItem('lines', line);
      }
    }
  };

  // Arrows in a closed picker move between lines; Mantine would open the list, so this runs first.
  const onKeyDownCapture = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    if (
      (event.key === 'ArrowUp' || event.key === 'ArrowDown') &&
      target.matches(`[data-doc-cell="itemId"], [data-doc-cell="taxRateId"]`) &&
      target.getAttribute('aria-expanded') !== 'true' &&
      !event.altKey
    ) {
      event.preventDefault();
      event.stopPropagation();
      focusCell(
        Number(target.dataset.line) + (event.key === 'ArrowUp' ? -1 : 1),
        target.dataset.docCell ?? '',
      );
    }
  };

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      onKeyDown={onKeyDown}
      aria-label={draft ? `Edit ${docName(draft)}` : `New ${kind.one}`}
    >
      <Stack>
        <DocumentHeader
          form={form}
          type={type}
          customers={customers}
          customer={customer}
          currency={currency}
          canAddCustomer={canAddCustomer}
        />
        <Paper withBorder p={{ base: 'xs', sm: 'md' }}>
          <div className="ordo-doc-grid" ref={gridRef} onKeyDownCapture={onKeyDownCapture}>
            <div className="ordo-doc-line ordo-doc-head" aria-hidden>
              <span>Item</span>
              <span>Description</span>
              <span className="ordo-num">Qty</span>
              <span className="ordo-num">Price</span>
              <span className="ordo-num">Disc. %</span>
              <span>Tax</span>
              <span className="ordo-num">Amount</span>
              <span />
            </div>
            {values.lines.map((line, index) => (
              <DocLineRow
                key={line.key}
                index={index}
                line={line}
                form={form}
                ctx={ctx}
                items={items}
                rates={rates}
                amount={live.lineAmounts[index] ?? null}
                isLast={index === values.lines.length - 1}
                onItemChosen={() => focusCell(index, 'quantity')}
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
                const n = form.getValues().lines.length;
                if (!isBlankLine(form.getValues().lines[n - 1]!))
                  form.insertListItem('lines', blankDocLine());
                requestAnimationFrame(() => focusCell(form.getValues().lines.length - 1, COLUMNS[0]));
              }}
            >
              Add a line
            </Button>
          </Group>
          {linesError && (
            <Alert color="red" role="alert" mt="xs">
              {linesError}
            </Alert>
          )}
        </Paper>

        <LiveTotalsPanel
          live={live}
          currency={currency}
          rates={ctx.rates}
          pricesIncludeTax={values.pricesIncludeTax}
        />

        <Paper withBorder p="sm" style={{ position: 'sticky', bottom: 0, zIndex: 2 }}>
          <Group justify="space-between" gap="xs" wrap="wrap">
            <Text size="xs" c="dimmed" visibleFrom="sm">
              <Kbd size="xs">Enter</Kbd> next cell, then a new line · <Kbd size="xs">↑</Kbd>{' '}
              <Kbd size="xs">↓</Kbd> line above or below · <Kbd size="xs">Ctrl</Kbd>+
              <Kbd size="xs">Enter</Kbd> save
            </Text>
            <Button type="submit" ml="auto" loading={save.isPending}>
              Save {kind.one}
            </Button>
          </Group>
        </Paper>
      </Stack>
    </form>
  );
}
