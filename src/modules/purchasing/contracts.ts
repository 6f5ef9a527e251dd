import { z } from '@hono/zod-openapi';
import { BusinessDate, Currency } from '../../api/openapi.ts';
import { AddressSchema } from '../sales/contracts.ts';

// Payables' API shapes, shared by routes, CLI and web. Amounts are integers in minor units of the
// document's currency; quantities, percents and rates are decimal strings.

const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) => text(max).nullable().optional();

const Id = z.string().min(1).max(64);
export const Minor = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const BankAccountInput = z
  .object({
    kind: z
      .enum(['iban', 'aba'])
      .openapi({ description: '`iban` (with an optional BIC) or `aba` (US account and routing number)' }),
    iban: optionalText(50).openapi({ example: 'GB82 WEST 1234 5698 7654 32' }),
    bic: optionalText(20).openapi({ example: 'NWBKGB2L' }),
    accountNumber: optionalText(30),
    routingNumber: optionalText(20).openapi({ example: '011000015' }),
    accountType: z.enum(['checking', 'savings']).nullable().optional(),
    accountName: optionalText(140),
  })
  .openapi('BankAccountInput');
export const BankAccountSchema = z
  .union([
    z.object({
      kind: z.literal('iban'),
      iban: z.string(),
      bic: z.string().nullable(),
      accountName: z.string().nullable(),
    }),
    z.object({
      kind: z.literal('aba'),
      accountNumber: z.string(),
      routingNumber: z.string(),
      accountType: z.enum(['checking', 'savings']),
      accountName: z.string().nullable(),
    }),
  ])
  .openapi('BankAccount');

const TaxIdInput = z.object({ scheme: text(10).min(1), value: text(50).min(1) });

const vendorFields = {
  name: text(200).min(1),
  legalName: optionalText(200),
  email: optionalText(200),
  phone: optionalText(50),
  website: optionalText(200),
  address: AddressSchema.nullable().optional(),
  taxIds: z.array(TaxIdInput).max(10).optional(),
  currency: Currency.nullable().optional(),
  paymentTermsDays: z.number().int().min(0).max(3650).nullable().optional(),
  defaultExpenseAccountId: Id.nullable().optional(),
  defaultTaxRateId: Id.nullable().optional(),
  bankAccount: BankAccountInput.nullable().optional(),
  isContractor: z.boolean().optional(),
  notes: optionalText(5000),
};
export const VendorInput = z
  .object({ kind: z.enum(['company', 'person']).default('company'), ...vendorFields })
  .openapi('VendorInput');
// A patch names only what changes: no defaults fill in for a field left out.
export const VendorPatch = z
  .object({ kind: z.enum(['company', 'person']), ...vendorFields })
  .partial()
  .extend({ archived: z.boolean().optional().openapi({ description: 'Archived vendors take no new bills' }) })
  .openapi('VendorPatch');

export const VendorSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    name: z.string(),
    legalName: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    website: z.string().nullable(),
    address: AddressSchema.nullable(),
    taxIds: z.array(z.object({ scheme: z.string(), value: z.string() })),
    currency: z.string().nullable(),
    paymentTermsDays: z.number().nullable(),
    defaultExpenseAccountId: z.string().nullable(),
    defaultTaxRateId: z.string().nullable(),
    bankAccount: BankAccountSchema.nullable(),
    isContractor: z.boolean(),
    notes: z.string().nullable(),
    archivedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Vendor');

export const VendorsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
  q: z.string().max(100).optional(),
  archived: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .openapi({ description: 'Include archived vendors' }),
});

export { BusinessDate, Currency, Id, optionalText, text };

// Bills and vendor credits

const Decimal = z.string().max(24).openapi({ example: '1.5' });

export const BillLineInput = z
  .object({
    itemId: Id.nullable()
      .optional()
      .openapi({ description: 'A catalog item: its name, unit and tax rate fill in' }),
    name: optionalText(200),
    description: optionalText(2000),
    quantity: z.union([Decimal, z.number().int().min(0)]),
    unitCode: text(3).min(1).optional(),
    unitPrice: Minor.optional(),
    discountAmount: Minor.nullable().optional(),
    taxRateId: Id.optional().openapi({ description: 'Default: the item’s, else the vendor’s' }),
    accountId: Id.optional().openapi({ description: 'The expense account; default: the vendor’s' }),
  })
  .openapi('BillLineInput');

const billFields = {
  vendorId: Id,
  vendorNumber: optionalText(100).openapi({ description: 'The vendor’s own invoice number' }),
  currency: Currency.optional(),
  billDate: BusinessDate.optional(),
  dueDate: BusinessDate.nullable().optional(),
  paymentTermsDays: z.number().int().min(0).max(3650).nullable().optional(),
  reference: optionalText(200),
  pricesIncludeTax: z.boolean().optional(),
  taxRounding: z.enum(['line', 'document']).optional(),
  exchangeRate: z.string().max(30).nullable().optional().openapi({ example: '0.8532' }),
  notes: optionalText(5000),
  lines: z.array(BillLineInput).max(500),
  confirmDuplicate: z.boolean().optional().openapi({
    description: 'Save although it looks like a bill already entered (409 DUPLICATE_BILL otherwise)',
  }),
};
export const BillInput = z.object(billFields).openapi('BillInput');
export const VendorCreditInput = z
  .object({ ...billFields, billId: Id.nullable().optional().openapi({ description: 'The bill it credits' }) })
  .openapi('VendorCreditInput');
export const BillPatch = z.object(billFields).partial().openapi('BillPatch');

const TaxBreakdownSchema = z.object({
  taxRateId: z.string(),
  category: z.string(),
  percent: z.string(),
  exemptionReasonCode: z.string().nullable(),
  exemptionReason: z.string().nullable(),
  taxableAmount: z.number(),
  taxAmount: z.number(),
});

export const BillSchema = z
  .object({
    id: z.string(),
    type: z.enum(['bill', 'vendor_credit']),
    status: z.string(),
    overdue: z.boolean(),
    number: z.string().nullable(),
    vendorNumber: z.string().nullable(),
    vendorId: z.string(),
    currency: z.string(),
    billDate: z.string(),
    dueDate: z.string().nullable(),
    paymentTerms: z.string().nullable(),
    reference: z.string().nullable(),
    pricesIncludeTax: z.boolean(),
    taxRounding: z.string(),
    notes: z.string().nullable(),
    lineExtensionAmount: z.number(),
    taxExclusiveAmount: z.number(),
    taxAmount: z.number(),
    taxInclusiveAmount: z.number(),
    taxBreakdown: z.array(TaxBreakdownSchema),
    paidAmount: z.number(),
    creditedAmount: z.number(),
    openAmount: z.number().openapi({ description: 'Bill: still to pay; credit: still to apply' }),
    baseAmount: z.number().nullable(),
    exchangeRate: z.string().nullable(),
    journalEntryId: z.string().nullable(),
    scheduledDate: z.string().nullable(),
    relatedBillId: z.string().nullable(),
    approvalRound: z.number(),
    submittedAt: z.string().nullable(),
    approvedAt: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    lines: z.array(
      z.object({
        lineNo: z.number(),
        itemId: z.string().nullable(),
        name: z.string(),
        description: z.string().nullable(),
        quantity: z.string(),
        unitCode: z.string(),
        unitPrice: z.number(),
        discountAmount: z.number().nullable(),
        taxRateId: z.string(),
        taxCategory: z.string(),
        taxPercent: z.string(),
        accountId: z.string(),
        lineExtensionAmount: z.number(),
        taxAmount: z.number(),
      }),
    ),
  })
  .openapi('Bill');

export const BillsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
  vendorId: Id.optional(),
  status: z
    .enum([
      'draft',
      'awaiting_approval',
      'rejected',
      'approved',
      'scheduled',
      'partially_paid',
      'paid',
      'applied',
      'void',
      'overdue',
    ])
    .optional(),
});

export const DecisionInput = z
  .object({ comment: optionalText(2000).openapi({ description: 'Required to reject: why' }) })
  .openapi('DecisionInput');

export const ApprovalRuleSchema = z
  .object({
    id: z.string().min(1).max(40).openapi({ example: 'owner-above-1000' }),
    name: text(200),
    aboveAmount: Minor.openapi({
      description: 'Applies to bills whose total in the base currency is above this (minor units)',
      example: 100000,
    }),
    accountIds: z
      .array(Id)
      .max(50)
      .default([])
      .openapi({ description: 'Applies only to bills with a line on one of these accounts; empty: any' }),
    approvals: z.number().int().min(1).max(5).openapi({ description: 'Different approvers needed' }),
    roles: z
      .array(z.enum(['owner', 'admin', 'accountant', 'manager']))
      .max(4)
      .default([])
      .openapi({ description: 'Roles whose approval counts; empty: any role that may approve' }),
  })
  .openapi('ApprovalRule');

export const SettingsSchema = z
  .object({
    approvalRules: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        aboveAmount: z.number(),
        accountIds: z.array(z.string()),
        approvals: z.number(),
        roles: z.array(z.string()),
      }),
    ),
    billPattern: z.string(),
    vendorCreditPattern: z.string(),
    inputTaxAccountId: z.string().nullable(),
  })
  .openapi('PurchasingSettings');
export const SettingsInput = z
  .object({
    approvalRules: z.array(ApprovalRuleSchema).max(50).openapi({
      description: 'The whole set: rules left out are removed; [] approves every bill on submission',
    }),
    billPattern: text(40).min(1).optional(),
    vendorCreditPattern: text(40).min(1).optional(),
    inputTaxAccountId: Id.nullable().optional(),
  })
  .openapi('PurchasingSettingsInput');

export const ApprovalSchema = z
  .object({
    round: z.number(),
    baseTotal: z.number(),
    required: z.boolean(),
    approved: z.boolean(),
    rejected: z.boolean(),
    rules: z.array(
      z.object({
        ruleId: z.string(),
        name: z.string(),
        needed: z.number(),
        approvers: z.array(z.string()),
        met: z.boolean(),
      }),
    ),
    decisions: z.array(
      z.object({
        id: z.string(),
        round: z.number(),
        decision: z.string(),
        actorKind: z.string(),
        actorId: z.string(),
        role: z.string(),
        comment: z.string().nullable(),
        createdAt: z.string(),
      }),
    ),
  })
  .openapi('BillApproval');

export const ScheduleInput = z
  .object({
    date: BusinessDate.nullable()
      .optional()
      .openapi({ description: 'The planned payment date (required); null takes the plan back' }),
  })
  .openapi('ScheduleInput');

// Payments

const AllocationInput = z.object({ billId: Id, amount: Minor.min(1) });
export const BillPaymentInput = z
  .object({
    date: BusinessDate,
    accountId: Id.openapi({ description: 'The bank or cash account paid from' }),
    exchangeRate: z.string().max(30).optional(),
    reference: optionalText(140),
    allocations: z.array(AllocationInput).min(1).max(500),
  })
  .openapi('BillPaymentInput');
export const PayBillInput = z
  .object({
    date: BusinessDate.optional().openapi({ description: 'Default: today' }),
    accountId: Id.optional().openapi({ description: 'The bank or cash account paid from (required)' }),
    amount: Minor.min(1).optional().openapi({ description: 'Default: all that is still open' }),
    exchangeRate: z.string().max(30).optional(),
    reference: optionalText(140),
  })
  .openapi('PayBillInput');
export const ApplyCreditInput = z
  .object({
    billId: Id.optional().openapi({ description: 'The bill to settle (required)' }),
    amount: Minor.min(1).optional().openapi({ description: 'Default: as much as both allow' }),
    date: BusinessDate.optional(),
  })
  .openapi('ApplyVendorCreditInput');

export const BillPaymentSchema = z
  .object({
    id: z.string(),
    vendorId: z.string(),
    date: z.string(),
    currency: z.string(),
    amount: z.number(),
    exchangeRate: z.string().nullable(),
    baseAmount: z.number(),
    accountId: z.string(),
    reference: z.string().nullable(),
    journalEntryId: z.string().nullable(),
    createdAt: z.string(),
    allocations: z.array(
      z.object({ id: z.string(), billId: z.string(), date: z.string(), amount: z.number() }),
    ),
  })
  .openapi('BillPayment');

// Views

const Buckets = z.object({
  current: z.number(),
  '1-30': z.number(),
  '31-60': z.number(),
  '61-90': z.number(),
  '90+': z.number(),
});
export const AgingSchema = z
  .object({
    asOf: z.string(),
    rows: z.array(
      z.object({
        vendorId: z.string(),
        vendorName: z.string(),
        currency: z.string(),
        buckets: Buckets,
        total: z.number(),
        bills: z.array(
          z.object({
            id: z.string(),
            number: z.string(),
            vendorNumber: z.string().nullable(),
            billDate: z.string(),
            dueDate: z.string(),
            daysOverdue: z.number(),
            bucket: z.string(),
            open: z.number(),
          }),
        ),
      }),
    ),
    totals: z.array(z.object({ currency: z.string(), buckets: Buckets, total: z.number() })),
  })
  .openapi('PayablesAging');

export const DueSoonSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    bills: z.array(
      z.object({
        id: z.string(),
        number: z.string().nullable(),
        vendorNumber: z.string().nullable(),
        vendorId: z.string(),
        vendorName: z.string(),
        dueDate: z.string(),
        status: z.string(),
        overdue: z.boolean(),
        currency: z.string(),
        open: z.number(),
      }),
    ),
    cashNeeded: z.array(
      z.object({ currency: z.string(), overdue: z.number(), dueInWindow: z.number(), total: z.number() }),
    ),
  })
  .openapi('BillsDueSoon');

export const VendorDetailSchema = VendorSchema.extend({
  balances: z.array(
    z.object({ currency: z.string(), payable: z.number(), credit: z.number(), balance: z.number() }),
  ),
  history: z.array(
    z.object({
      kind: z.enum(['bill', 'vendor_credit', 'payment']),
      id: z.string(),
      number: z.string().nullable(),
      vendorNumber: z.string().nullable(),
      date: z.string(),
      dueDate: z.string().nullable(),
      status: z.string(),
      currency: z.string(),
      amount: z.number(),
      open: z.number(),
    }),
  ),
}).openapi('VendorDetail');
