import { z } from '@hono/zod-openapi';
import { BusinessDate, DocumentInput, LineInput } from './contracts.ts';
import { WEEKDAYS } from './recurring.domain.ts';

// Recurring invoices' API shapes: the template is an invoice's fields without its dates (each
// occurrence's date is its issue date), plus the rule, the series' bounds and what to do each time.

const Interval = (max: number) => z.number().int().min(1).max(max).optional();

export const RecurrencePreset = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('monthly'),
      dayOfMonth: z
        .number()
        .int()
        .min(1)
        .max(31)
        .openapi({ description: "29–31 fall on the month's last day in shorter months" }),
      interval: Interval(12).openapi({ description: 'Every N months; default 1' }),
    }),
    z.object({
      kind: z.literal('weekly'),
      interval: Interval(52).openapi({ description: 'Every N weeks; default 1' }),
      weekday: z
        .enum(WEEKDAYS as [string, ...string[]])
        .optional()
        .openapi({ description: "Default: the start date's weekday" }),
    }),
    z.object({ kind: z.literal('last_business_day'), interval: Interval(12) }),
    z.object({ kind: z.literal('yearly') }).openapi({ description: "On the start date's day and month" }),
  ])
  .openapi('RecurrencePreset');

const Mode = z.enum(['draft', 'issue', 'issue_and_send']).openapi({
  description: 'Create each invoice as a draft, issue it, or issue it and email it to the customer',
});

const scheduleFields = {
  name: z.string().trim().max(200).nullable().optional(),
  lines: z.array(LineInput).min(1).max(500),
  preset: RecurrencePreset.nullable().optional(),
  rrule: z.string().trim().max(500).nullable().optional().openapi({
    description:
      'RFC 5545 RRULE (no DTSTART, COUNT or UNTIL), e.g. FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1; give this or a preset',
    example: 'FREQ=MONTHLY;BYMONTHDAY=1',
  }),
  startDate: BusinessDate.openapi({ description: 'The rule starts here (UTC dates)' }),
  endDate: BusinessDate.nullable().optional().openapi({ description: 'No occurrence after this date' }),
  count: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .nullable()
    .optional()
    .openapi({ description: 'At most this many occurrences from the start' }),
};

export const RecurringInvoiceInput = DocumentInput.omit({ issueDate: true, dueDate: true })
  .extend({ ...scheduleFields, mode: Mode.default('draft') })
  .openapi('RecurringInvoiceInput');
export const RecurringInvoicePatch = DocumentInput.omit({ issueDate: true, dueDate: true })
  .extend({ ...scheduleFields, mode: Mode })
  .partial()
  .openapi('RecurringInvoicePatch');

export const RecurringRunSchema = z
  .object({
    occurrenceDate: z.string(),
    status: z.enum(['succeeded', 'failed']),
    documentId: z.string().nullable(),
    errorCode: z.string().nullable(),
    errorMessage: z.string().nullable(),
    attempts: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('RecurringInvoiceRun');

const TemplateLine = z.object({
  itemId: z.string().nullable(),
  name: z.string().nullable(),
  description: z.string().nullable(),
  quantity: z.string(),
  unitCode: z.string().nullable(),
  unitPrice: z.number().nullable(),
  discountPercent: z.string().nullable(),
  discountAmount: z.number().nullable(),
  taxRateId: z.string().nullable(),
  accountId: z.string().nullable(),
});

export const RecurringInvoiceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    customerId: z.string(),
    customerName: z.string(),
    currency: z.string().nullable(),
    paymentTermsDays: z.number().nullable(),
    paymentTerms: z.string().nullable(),
    buyerReference: z.string().nullable(),
    pricesIncludeTax: z.boolean(),
    discountPercent: z.string().nullable(),
    discountAmount: z.number().nullable(),
    discountReason: z.string().nullable(),
    notes: z.string().nullable(),
    terms: z.string().nullable(),
    lines: z.array(TemplateLine),
    rrule: z.string(),
    preset: RecurrencePreset.nullable(),
    ruleText: z.string().openapi({ example: 'last business day of the month' }),
    startDate: z.string(),
    endDate: z.string().nullable(),
    count: z.number().nullable(),
    mode: Mode,
    status: z
      .enum(['active', 'paused', 'ended'])
      .openapi({ description: 'ended: past its end date or count, nothing more to create' }),
    nextRunDate: z
      .string()
      .nullable()
      .openapi({ description: 'The next occurrence, created just after 00:05 UTC that day' }),
    nextOccurrenceDate: z
      .string()
      .nullable()
      .openapi({ description: 'The next occurrence, also while paused' }),
    lastRunDate: z.string().nullable(),
    lastRun: RecurringRunSchema.nullable(),
    createdCount: z.number().openapi({ description: 'Invoices created so far' }),
    failedCount: z
      .number()
      .openapi({ description: 'Occurrences that failed and were not retried successfully' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('RecurringInvoice');

export const RunNowResult = z
  .object({ schedule: RecurringInvoiceSchema, runs: z.array(RecurringRunSchema) })
  .openapi('RecurringInvoiceRunNow');

export const RetryInput = z
  .object({
    occurrenceDate: BusinessDate.optional().openapi({ description: 'Default: the latest failed occurrence' }),
  })
  .openapi('RecurringInvoiceRetry');
