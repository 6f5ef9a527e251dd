import { z } from '@hono/zod-openapi';
import { BusinessDate, Currency } from '../../api/openapi.ts';
import { DOCUMENT_SEARCH_MAX } from './document-filter.domain.ts';
import { TAX_CATEGORIES } from './tax.domain.ts';

// Receivables' API shapes, shared by routes, CLI and web. Amounts are integers in minor units of
// the document's currency; quantities, percents and rates are decimal strings.

const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) => text(max).nullable().optional();

export { BusinessDate, Currency };

const Id = z.string().min(1).max(64);
const Minor = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Decimal = z.string().max(24).openapi({ example: '1.5' });
const PercentText = z.string().max(10).openapi({ example: '20' });

export const AddressSchema = z
  .object({
    line1: optionalText(200),
    line2: optionalText(200),
    city: optionalText(100),
    region: optionalText(100),
    postalCode: optionalText(20),
    country: text(2)
      .toUpperCase()
      .regex(/^[A-Z]{2}$/)
      .nullable()
      .optional(),
  })
  .openapi('PostalAddress');

const TaxIdInput = z.object({ scheme: text(10).min(1), value: text(50).min(1) });
const ContactInput = z.object({
  name: text(200).min(1),
  email: optionalText(200),
  phone: optionalText(50),
  role: optionalText(100),
});

export const CustomerInput = z
  .object({
    kind: z.enum(['company', 'person']).default('company'),
    name: text(200).min(1),
    email: optionalText(200),
    phone: optionalText(50),
    contacts: z.array(ContactInput).max(50).optional(),
    billingAddress: AddressSchema.nullable().optional(),
    shippingAddress: AddressSchema.nullable().optional(),
    taxIds: z.array(TaxIdInput).max(10).optional(),
    currency: Currency.nullable().optional(),
    paymentTermsDays: z.number().int().min(0).max(3650).nullable().optional(),
    defaultTaxRateId: Id.nullable().optional(),
    notes: optionalText(5000),
  })
  .openapi('CustomerInput');
// A patch names only what changes: the input's defaults (kind, unit) must not fill in for a field
// left out, or a patch of the notes would turn a person into a company.
export const CustomerPatch = CustomerInput.extend({ kind: z.enum(['company', 'person']) })
  .partial()
  .openapi('CustomerPatch');

export const CustomerSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    contacts: z.array(
      z.object({
        name: z.string(),
        email: z.string().nullable(),
        phone: z.string().nullable(),
        role: z.string().nullable(),
      }),
    ),
    billingAddress: AddressSchema.nullable(),
    shippingAddress: AddressSchema.nullable(),
    taxIds: z.array(z.object({ scheme: z.string(), value: z.string() })),
    currency: z.string().nullable(),
    paymentTermsDays: z.number().nullable(),
    defaultTaxRateId: z.string().nullable(),
    notes: z.string().nullable(),
    mergedIntoId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Customer');

export const TaxRateInput = z
  .object({
    name: text(100).min(1),
    category: z.enum(TAX_CATEGORIES),
    percent: PercentText,
    exemptionReasonCode: optionalText(50),
    exemptionReason: optionalText(500),
    accountId: Id.nullable().optional(),
  })
  .openapi('TaxRateInput');
export const TaxRateSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    category: z.string(),
    percent: z.string(),
    exemptionReasonCode: z.string().nullable(),
    exemptionReason: z.string().nullable(),
    accountId: z.string().nullable(),
    archivedAt: z.string().nullable(),
  })
  .openapi('TaxRate');

export const ItemInput = z
  .object({
    name: text(200).min(1),
    sku: optionalText(64),
    kind: z.enum(['product', 'service']).default('service'),
    description: optionalText(2000),
    unitCode: text(3)
      .min(1)
      .default('C62')
      .openapi({ description: 'UN/ECE Rec 20 unit code: C62 one, HUR hour, DAY day' }),
    prices: z
      .record(Currency, Minor)
      .optional()
      .openapi({ example: { GBP: 1250 } }),
    taxRateId: Id.nullable().optional(),
    incomeAccountId: Id.nullable().optional(),
  })
  .openapi('ItemInput');
export const ItemPatch = ItemInput.extend({
  kind: z.enum(['product', 'service']),
  unitCode: text(3).min(1).openapi({ description: 'UN/ECE Rec 20 unit code: C62 one, HUR hour, DAY day' }),
})
  .partial()
  .extend({
    archived: z.boolean().optional().openapi({ description: 'Archived items are refused on new lines' }),
  })
  .openapi('ItemPatch');
export const ItemSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    sku: z.string().nullable(),
    kind: z.string(),
    description: z.string().nullable(),
    unitCode: z.string(),
    prices: z.record(z.string(), z.number()),
    taxRateId: z.string().nullable(),
    incomeAccountId: z.string().nullable(),
    archivedAt: z.string().nullable(),
  })
  .openapi('Item');

export const LineInput = z
  .object({
    itemId: Id.nullable().optional(),
    name: text(200).optional().openapi({ description: "Default: the item's name" }),
    description: optionalText(2000),
    quantity: z.union([Decimal, z.number().int()]),
    unitCode: text(3).optional(),
    unitPrice: z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER).optional(),
    discountPercent: PercentText.nullable().optional(),
    discountAmount: Minor.nullable().optional(),
    taxRateId: Id.optional().openapi({ description: "Default: the item's, then the customer's default" }),
    accountId: Id.optional().openapi({
      description: "Income account; default: the item's, then the first revenue account",
    }),
  })
  .openapi('DocumentLineInput');

const documentFields = {
  customerId: Id,
  currency: Currency.optional(),
  issueDate: BusinessDate.optional(),
  dueDate: BusinessDate.nullable().optional(),
  paymentTermsDays: z.number().int().min(0).max(3650).nullable().optional(),
  paymentTerms: optionalText(500),
  buyerReference: optionalText(200),
  pricesIncludeTax: z.boolean().optional(),
  discountPercent: PercentText.nullable().optional(),
  discountAmount: Minor.nullable().optional(),
  discountReason: optionalText(200),
  notes: optionalText(5000),
  terms: optionalText(5000),
  lines: z.array(LineInput).max(500),
};
export const DocumentInput = z.object(documentFields).openapi('SalesDocumentInput');
export const CreditNoteInput = z
  .object({ ...documentFields, invoiceId: Id.nullable().optional() })
  .openapi('CreditNoteInput');
export const DocumentPatch = z.object(documentFields).partial().openapi('SalesDocumentPatch');

export const IssueInput = z
  .object({
    date: BusinessDate.optional().openapi({ description: "Issue date; default: the draft's" }),
    exchangeRate: Decimal.optional().openapi({
      description: 'Base units per unit of the currency; default: the rate table',
    }),
  })
  .openapi('IssueInput');
export const VoidInput = z
  .object({ date: BusinessDate.optional(), reason: optionalText(500) })
  .openapi('VoidInput');

const LineSchema = z.object({
  lineNo: z.number(),
  itemId: z.string().nullable(),
  name: z.string(),
  description: z.string().nullable(),
  quantity: z.string(),
  unitCode: z.string(),
  unitPrice: z.number(),
  discountPercent: z.string().nullable(),
  discountAmount: z.number().nullable(),
  taxRateId: z.string(),
  taxCategory: z.string(),
  taxPercent: z.string(),
  accountId: z.string(),
  lineExtensionAmount: z.number(),
  taxAmount: z.number(),
});
export const DocumentSchema = z
  .object({
    id: z.string(),
    type: z.enum(['invoice', 'credit_note', 'quote']),
    status: z.string(),
    overdue: z.boolean(),
    number: z.string().nullable(),
    customerId: z.string(),
    currency: z.string(),
    issueDate: z.string(),
    dueDate: z.string().nullable(),
    paymentTerms: z.string().nullable(),
    buyerReference: z.string().nullable(),
    pricesIncludeTax: z.boolean(),
    taxRounding: z.string(),
    discountPercent: z.string().nullable(),
    discountAmount: z.number().nullable(),
    discountReason: z.string().nullable(),
    notes: z.string().nullable(),
    terms: z.string().nullable(),
    lineExtensionAmount: z.number(),
    allowanceTotalAmount: z.number(),
    taxExclusiveAmount: z.number(),
    taxAmount: z.number(),
    taxInclusiveAmount: z.number(),
    paidAmount: z.number(),
    creditedAmount: z.number(),
    payableAmount: z.number(),
    taxBreakdown: z.array(
      z.object({
        taxRateId: z.string(),
        category: z.string(),
        percent: z.string(),
        exemptionReasonCode: z.string().nullable(),
        exemptionReason: z.string().nullable(),
        taxableAmount: z.number(),
        taxAmount: z.number(),
      }),
    ),
    exchangeRate: z.string().nullable(),
    baseAmount: z.number().nullable(),
    buyer: z.record(z.string(), z.unknown()).nullable(),
    journalEntryId: z.string().nullable(),
    relatedDocumentId: z.string().nullable(),
    lines: z.array(LineSchema),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('SalesDocument');

export const DocumentStatusFilter = z.enum([
  'draft',
  'issued',
  'partially_paid',
  'paid',
  'void',
  'overdue',
  'applied',
  'sent',
  'accepted',
  'declined',
  'invoiced',
]);
/** A document list's filters: the list, its totals and its CSV/XLSX export take the same. */
export const DocumentListFilters = {
  customerId: Id.optional(),
  status: DocumentStatusFilter.optional(),
  from: BusinessDate.optional().openapi({
    description: 'Issue date on or after (inclusive); a draft by the issue date it carries',
  }),
  to: BusinessDate.optional().openapi({
    description: 'Issue date on or before (inclusive); `from` after `to` is refused naming `from`',
  }),
  q: z.string().max(DOCUMENT_SEARCH_MAX).optional().openapi({
    description: "Part of the number, the buyer's reference or the customer's name, in any case",
    example: 'INV-2026-004',
  }),
};
export const DocumentsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
  ...DocumentListFilters,
});
export const DocumentsTotalsQuery = z.object(DocumentListFilters);
export const DocumentTotalsSchema = z
  .object({
    count: z.number().int(),
    currencies: z.array(
      z.object({
        currency: z.string(),
        count: z.number().int(),
        total: z.number().int().openapi({ description: 'Tax-inclusive, minor units' }),
        payable: z.number().int().openapi({
          description: 'Still owed (invoices) or left to apply (credit notes), minor units; drafts count 0',
        }),
      }),
    ),
  })
  .openapi('DocumentTotals');

const AllocationInput = z.object({
  invoiceId: Id,
  amount: Minor.min(1).openapi({ description: "In the invoice's currency" }),
  paymentAmount: Minor.min(1).optional().openapi({
    description:
      "For an invoice in another currency than the payment's: what of the payment settles `amount`, in the payment's currency. Default: `amount` at the date's exchange rates",
  }),
});
export const PaymentInput = z
  .object({
    customerId: Id,
    date: BusinessDate,
    currency: Currency.optional(),
    amount: Minor.min(1),
    accountId: Id.openapi({ description: 'The bank or cash account the money went into' }),
    exchangeRate: Decimal.optional(),
    reference: optionalText(200),
    allocations: z.array(AllocationInput).max(200).optional(),
  })
  .openapi('PaymentInput');
export const ApplyInput = z
  .object({
    date: BusinessDate.optional(),
    allocations: z
      .array(AllocationInput)
      .max(200)
      .optional()
      .openapi({ description: "Default: the customer's oldest open invoices in the currency" }),
  })
  .openapi('ApplyInput');
export const RefundInput = z
  .object({
    date: BusinessDate.optional(),
    amount: Minor.min(1).optional().openapi({ description: 'Default: all the unapplied credit' }),
    accountId: Id.optional(),
    exchangeRate: Decimal.optional(),
    reference: optionalText(200),
  })
  .openapi('RefundInput');
export const PaymentSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    customerId: z.string(),
    date: z.string(),
    currency: z.string(),
    amount: z.number(),
    appliedAmount: z.number(),
    unappliedAmount: z.number(),
    exchangeRate: z.string().nullable(),
    baseAmount: z.number(),
    accountId: z.string(),
    reference: z.string().nullable(),
    refundOfId: z.string().nullable(),
    refundOfCreditNoteId: z.string().nullable(),
    journalEntryId: z.string(),
    allocations: z.array(
      z.object({
        id: z.string(),
        invoiceId: z.string(),
        date: z.string(),
        amount: z.number().openapi({ description: "In the invoice's currency" }),
        paymentAmount: z
          .number()
          .openapi({ description: "What of the payment it took, in the payment's currency" }),
        journalEntryId: z.string().nullable(),
      }),
    ),
    createdAt: z.string(),
  })
  .openapi('Payment');

export const SettingsInput = z
  .object({
    taxRounding: z.enum(['line', 'document']),
    invoicePattern: text(40).optional(),
    creditNotePattern: text(40).optional(),
    quotePattern: text(40).optional(),
  })
  .openapi('SalesSettingsInput');
export const SettingsSchema = z
  .object({
    taxRounding: z.string(),
    invoicePattern: z.string(),
    creditNotePattern: z.string(),
    quotePattern: z.string(),
  })
  .openapi('SalesSettings');

export const AgingQuery = z.object({ asOf: BusinessDate.optional(), customerId: Id.optional() });
export const PeriodQuery = z.object({ from: BusinessDate, to: BusinessDate });

export const ApplyCreditInput = z
  .object({
    date: BusinessDate.optional(),
    invoiceId: Id.optional().openapi({
      description: "Default: the customer's oldest open invoice in the currency",
    }),
    amount: Minor.min(1).optional().openapi({ description: 'Default: as much as both allow' }),
  })
  .openapi('ApplyCreditInput');
