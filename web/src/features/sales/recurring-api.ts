import { queryOptions } from '@tanstack/react-query';
import { api, idempotencyKey, unwrap } from '../../api/client.ts';
import type { SalesDocument } from '../../api/sales.ts';
import type { components } from '../../api/schema.gen.ts';

// Recurring invoice schedules over the API: the list, each schedule's run log, and a schedule made
// from an invoice (its customer, terms and lines are the template).

export type RecurringInvoice = components['schemas']['RecurringInvoice'];
export type RecurringRun = components['schemas']['RecurringInvoiceRun'];
export type RecurrencePreset = NonNullable<components['schemas']['RecurrencePreset']>;
export type RecurringMode = RecurringInvoice['mode'];

export const recurringQuery = queryOptions({
  queryKey: ['sales', 'recurring'],
  queryFn: () => unwrap(api.GET('/api/sales/recurring-invoices', { params: { query: { limit: 500 } } })),
});

export const runsQuery = (id: string) =>
  queryOptions({
    queryKey: ['sales', 'recurring', id, 'runs'],
    queryFn: () =>
      unwrap(
        api.GET('/api/sales/recurring-invoices/{id}/runs', {
          params: { path: { id }, query: { limit: 100 } },
        }),
      ),
  });

export const setPaused = (id: string, paused: boolean) =>
  unwrap(
    api.POST(
      paused ? '/api/sales/recurring-invoices/{id}/pause' : '/api/sales/recurring-invoices/{id}/resume',
      {
        params: { path: { id } },
      },
    ),
  );

export const runNow = (id: string) =>
  unwrap(api.POST('/api/sales/recurring-invoices/{id}/run', { params: { path: { id } } }));

export const retryRun = (id: string, occurrenceDate: string) =>
  unwrap(
    api.POST('/api/sales/recurring-invoices/{id}/retry', {
      params: { path: { id } },
      body: { occurrenceDate },
    }),
  );

export const deleteSchedule = (id: string) =>
  unwrap(api.DELETE('/api/sales/recurring-invoices/{id}', { params: { path: { id } } }));

/** A schedule whose template is the invoice: customer, currency, terms, notes and lines. */
export const createFromInvoice = (
  d: SalesDocument,
  schedule: {
    name: string;
    preset: RecurrencePreset;
    startDate: string;
    endDate: string | null;
    count: number | null;
    mode: RecurringMode;
  },
) =>
  unwrap(
    api.POST('/api/sales/recurring-invoices', {
      body: {
        customerId: d.customerId,
        currency: d.currency,
        buyerReference: d.buyerReference,
        pricesIncludeTax: d.pricesIncludeTax,
        discountPercent: d.discountPercent,
        discountAmount: d.discountPercent ? null : d.discountAmount,
        discountReason: d.discountReason,
        notes: d.notes,
        terms: d.terms,
        // The invoice's own terms in days, when its due date says them.
        paymentTermsDays: d.dueDate ? daysBetween(d.issueDate, d.dueDate) : null,
        lines: d.lines.map((l) => ({
          itemId: l.itemId,
          name: l.name,
          description: l.description,
          quantity: l.quantity,
          unitCode: l.unitCode,
          unitPrice: l.unitPrice,
          discountPercent: l.discountPercent,
          discountAmount: l.discountPercent ? null : l.discountAmount,
          taxRateId: l.taxRateId,
          accountId: l.accountId,
        })),
        ...schedule,
      },
      headers: idempotencyKey(),
    }),
  );

function daysBetween(from: string, to: string): number {
  const ms = Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`);
  return Math.max(0, Math.round(ms / 86_400_000));
}
