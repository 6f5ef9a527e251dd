import { and, eq, ne, sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { minorToDecimalString } from '../../core/money.ts';
import type { Queryable, Tx } from '../../db/client.ts';
import { removeAllAttachments } from '../files/index.ts';
import { assertCan } from '../identity/permissions.ts';
import { parseRate } from '../ledger/index.ts';
import { getItem } from '../sales/catalog.service.ts';
import { computeTotals, type DocumentTotals, dueDateOf, parseQuantity } from '../sales/invoice.domain.ts';
import type { TaxBreakdownRow } from '../sales/sales.table.ts';
import { baseCurrencyOf, checkOpenPeriod } from '../sales/settlement.service.ts';
import { parsePercent, type TaxRounding } from '../sales/tax.domain.ts';
import { requireTaxRate, type TaxRate } from '../sales/tax.service.ts';
import { EDITABLE, normalizeVendorNumber } from './bill.domain.ts';
import { type Bill, type BillType, loadBill } from './bill.repo.ts';
import { bill, billLine } from './bill.table.ts';
import { billState } from './errors.ts';
import { recordChange } from './purchasing.kit.ts';
import { getActiveVendor, requireExpenseAccount, type Vendor } from './vendor.service.ts';

// Drafts of bills and vendor credits: lines resolved against the catalog, the vendor's defaults
// and the tax rates, every total recomputed here on each save (a client's totals are never taken),
// and duplicates refused unless the client confirms them.

export interface BillLineInput {
  itemId?: string | null;
  name?: string | null;
  description?: string | null;
  quantity: string | number;
  unitCode?: string;
  unitPrice?: number | bigint;
  discountAmount?: number | bigint | null;
  taxRateId?: string;
  accountId?: string;
}

export interface BillInput {
  vendorId: string;
  vendorNumber?: string | null;
  currency?: string;
  billDate?: string;
  dueDate?: string | null;
  paymentTermsDays?: number | null;
  reference?: string | null;
  pricesIncludeTax?: boolean;
  taxRounding?: TaxRounding;
  /** A rate for the bill's currency on its date, instead of the rate table's. */
  exchangeRate?: string | null;
  notes?: string | null;
  lines: BillLineInput[];
  /** Vendor credit: the bill it credits. */
  relatedBillId?: string | null;
  /** Save although it looks like a bill already entered (same vendor number, or amount and date). */
  confirmDuplicate?: boolean;
}

const big = (v: number | bigint | null | undefined) => (v === null || v === undefined ? null : BigInt(v));
const PREFIX: Record<BillType, string> = { bill: 'bil', vendor_credit: 'vcr' };

type ResolvedLine = Omit<
  typeof billLine.$inferInsert,
  'orgId' | 'billId' | 'lineExtensionAmount' | 'taxAmount'
> & { rate: TaxRate };

async function resolveLines(
  q: Queryable,
  orgId: string,
  vendor: Vendor,
  currency: string,
  lines: BillLineInput[],
): Promise<ResolvedLine[]> {
  const resolved: ResolvedLine[] = [];
  for (const [i, line] of lines.entries()) {
    const field = `lines.${i}`;
    const item = line.itemId ? await getItem(q, orgId, line.itemId, `${field}.itemId`) : null;
    const quantity = parseQuantity(line.quantity, `${field}.quantity`);
    const taxRateId = line.taxRateId ?? item?.taxRateId ?? vendor.defaultTaxRateId;
    if (!taxRateId)
      throw new AppError('invalid', 'TAX_RATE_REQUIRED', 'Choose a tax rate for the line.', {
        field: `${field}.taxRateId`,
      });
    const rate = await requireTaxRate(q, orgId, taxRateId, `${field}.taxRateId`);
    const accountId = line.accountId ?? vendor.defaultExpenseAccountId;
    if (!accountId)
      throw new AppError(
        'invalid',
        'ACCOUNT_REQUIRED',
        'Choose the expense account of the line (or give the vendor a default expense account).',
        { field: `${field}.accountId` },
      );
    await requireExpenseAccount(q, orgId, accountId, `${field}.accountId`);
    const unitPrice = big(line.unitPrice) ?? (item ? (item.prices[currency] ?? null) : null);
    if (unitPrice === null)
      throw new AppError('invalid', 'UNIT_PRICE_REQUIRED', 'Enter a unit price.', {
        field: `${field}.unitPrice`,
      });
    const name = line.name?.trim() || item?.name;
    if (!name)
      throw new AppError('invalid', 'LINE_NAME_REQUIRED', 'Name the line or choose an item.', {
        field: `${field}.name`,
      });
    resolved.push({
      lineNo: i + 1,
      itemId: item?.id ?? null,
      name,
      description: line.description || null,
      quantity: quantity.text,
      unitCode: line.unitCode ?? item?.unitCode ?? 'C62',
      unitPrice,
      discountAmount: big(line.discountAmount),
      taxRateId: rate.id,
      taxCategory: rate.category,
      taxPercent: rate.percent,
      accountId,
      rate,
    });
  }
  return resolved;
}

/** The totals of stored or resolved lines, by the sales module's arithmetic (the same rounding rules). */
export function billTotals(
  doc: { pricesIncludeTax: boolean; taxRounding: string },
  lines: Pick<ResolvedLine, 'quantity' | 'unitPrice' | 'discountAmount' | 'taxRateId' | 'taxPercent'>[],
): DocumentTotals {
  return computeTotals({
    pricesIncludeTax: doc.pricesIncludeTax,
    taxRounding: doc.taxRounding as TaxRounding,
    lines: lines.map((l, i) => ({
      quantity: parseQuantity(l.quantity, `lines.${i}.quantity`),
      unitPrice: l.unitPrice,
      discountAmount: l.discountAmount ?? null,
      taxKey: l.taxRateId,
      taxPercent: parsePercent(l.taxPercent)!,
    })),
  });
}

function breakdownOf(totals: DocumentTotals, rates: Map<string, TaxRate>): TaxBreakdownRow[] {
  return totals.groups.map((g) => {
    const rate = rates.get(g.taxKey)!;
    return {
      taxRateId: rate.id,
      category: rate.category,
      percent: rate.percent,
      exemptionReasonCode: rate.exemptionReasonCode,
      exemptionReason: rate.exemptionReason,
      taxableAmount: g.taxableAmount.toString(),
      taxAmount: g.taxAmount.toString(),
    };
  });
}

export interface Duplicate {
  id: string;
  match: 'vendor_number' | 'amount_and_date';
}

/** Another bill of the same vendor with the same vendor number, or the same amount on the same date. */
export async function findDuplicate(
  q: Queryable,
  orgId: string,
  type: BillType,
  candidate: {
    id: string;
    vendorId: string;
    vendorNumber: string | null;
    currency: string;
    billDate: string;
    total: bigint;
  },
): Promise<Duplicate | null> {
  const others = await q
    .select({
      id: bill.id,
      vendorNumber: bill.vendorNumber,
      currency: bill.currency,
      billDate: bill.billDate,
      total: bill.taxInclusiveAmount,
    })
    .from(bill)
    .where(
      and(
        eq(bill.orgId, orgId),
        eq(bill.type, type),
        eq(bill.vendorId, candidate.vendorId),
        ne(bill.id, candidate.id),
        ne(bill.status, 'void'),
        sql`(${bill.vendorNumber} is not null or (${bill.billDate} = ${candidate.billDate} and ${bill.taxInclusiveAmount} = ${candidate.total}))`,
      ),
    );
  const number = candidate.vendorNumber ? normalizeVendorNumber(candidate.vendorNumber) : null;
  const byNumber = number
    ? others.find((o) => o.vendorNumber && normalizeVendorNumber(o.vendorNumber) === number)
    : undefined;
  if (byNumber) return { id: byNumber.id, match: 'vendor_number' };
  const byAmount = others.find(
    (o) =>
      o.currency === candidate.currency &&
      o.billDate === candidate.billDate &&
      o.total === candidate.total &&
      candidate.total > 0n,
  );
  return byAmount ? { id: byAmount.id, match: 'amount_and_date' } : null;
}

const duplicateError = (type: BillType, d: Duplicate) =>
  new AppError(
    'conflict',
    'DUPLICATE_BILL',
    d.match === 'vendor_number'
      ? `This vendor already has a ${type === 'bill' ? 'bill' : 'credit'} with that number; send confirmDuplicate: true to save it anyway.`
      : `This vendor already has a ${type === 'bill' ? 'bill' : 'credit'} for the same amount on the same date; send confirmDuplicate: true to save it anyway.`,
    { field: d.match === 'vendor_number' ? 'vendorNumber' : 'billDate', duplicateId: d.id, match: d.match },
  );

/** Writes a draft's header, lines and totals (insert when `isNew`). */
async function saveDraft(
  tx: Tx,
  actor: Actor,
  type: BillType,
  id: string,
  input: BillInput,
  /** The draft as it was (null when new): a change that leaves what duplicates are found by as it was is not checked again. */
  before: Bill | null,
) {
  const isNew = before === null;
  const orgId = actor.orgId;
  const vendor = await getActiveVendor(tx, orgId, input.vendorId);
  const currency = input.currency ?? vendor.currency ?? (await baseCurrencyOf(tx, orgId));
  minorToDecimalString(0n, currency); // refuses an unknown currency by name
  const billDate = input.billDate ?? new Date().toISOString().slice(0, 10);
  await checkOpenPeriod(tx, actor, billDate, 'billDate');
  if (input.exchangeRate && !parseRate(input.exchangeRate))
    throw new AppError('invalid', 'INVALID_RATE', 'Write the rate as a positive decimal like 0.8532.', {
      field: 'exchangeRate',
    });
  const lines = await resolveLines(tx, orgId, vendor, currency, input.lines);
  const terms = input.paymentTermsDays ?? vendor.paymentTermsDays;
  const header = {
    vendorId: vendor.id,
    vendorNumber: input.vendorNumber?.trim() || null,
    currency,
    billDate,
    dueDate: input.dueDate ?? (type === 'bill' && terms !== null ? dueDateOf(billDate, terms) : null),
    paymentTerms: terms !== null && type === 'bill' ? `Net ${terms} days` : null,
    reference: input.reference?.trim() || null,
    pricesIncludeTax: input.pricesIncludeTax ?? false,
    taxRounding: input.taxRounding ?? 'line',
    exchangeRate: input.exchangeRate ?? null,
    notes: input.notes?.trim() || null,
    relatedBillId: input.relatedBillId ?? null,
  };
  if (header.dueDate && header.dueDate < billDate)
    throw new AppError('invalid', 'DUE_BEFORE_BILL_DATE', 'The due date is before the bill date.', {
      field: 'dueDate',
    });
  const totals = billTotals(header, lines);
  const unchanged =
    before !== null &&
    before.vendorId === vendor.id &&
    before.vendorNumber === header.vendorNumber &&
    before.currency === currency &&
    before.billDate === billDate &&
    before.taxInclusiveAmount === totals.taxInclusiveAmount;
  if (!input.confirmDuplicate && !unchanged) {
    const duplicate = await findDuplicate(tx, orgId, type, {
      id,
      vendorId: vendor.id,
      vendorNumber: header.vendorNumber,
      currency,
      billDate,
      total: totals.taxInclusiveAmount,
    });
    if (duplicate) throw duplicateError(type, duplicate);
  }
  const values = {
    ...header,
    lineExtensionAmount: totals.lineExtensionAmount,
    taxExclusiveAmount: totals.taxExclusiveAmount,
    taxAmount: totals.taxAmount,
    taxInclusiveAmount: totals.taxInclusiveAmount,
    taxBreakdown: breakdownOf(totals, new Map(lines.map((l) => [l.rate.id, l.rate]))),
    updatedAt: new Date(),
  };
  if (isNew)
    await tx.insert(bill).values({ orgId, id, type, status: 'draft', createdBy: actor.id, ...values });
  else {
    await tx
      .update(bill)
      .set({ ...values, status: 'draft' })
      .where(and(eq(bill.orgId, orgId), eq(bill.id, id)));
    await tx.delete(billLine).where(and(eq(billLine.orgId, orgId), eq(billLine.billId, id)));
  }
  if (lines.length)
    await tx.insert(billLine).values(
      lines.map(({ rate: _, ...l }, i) => ({
        ...l,
        orgId,
        billId: id,
        lineExtensionAmount: totals.lines[i]!.taxableAmount,
        taxAmount: totals.lines[i]!.taxAmount,
      })),
    );
}

/** Checks that a vendor credit names a posted bill of the same vendor and currency. */
async function checkCreditedBill(q: Queryable, orgId: string, input: BillInput) {
  if (!input.relatedBillId) return;
  const credited = await loadBill(q, orgId, 'bill', input.relatedBillId).catch(() => {
    throw new AppError('invalid', 'BILL_NOT_FOUND', `No bill with id ${input.relatedBillId}.`, {
      field: 'billId',
    });
  });
  if (!['approved', 'scheduled', 'partially_paid', 'paid'].includes(credited.status))
    throw billState(credited.status, 'a vendor credit credits a posted bill', 'billId');
  if (credited.vendorId !== input.vendorId || (input.currency && input.currency !== credited.currency))
    throw new AppError(
      'unprocessable',
      'CREDIT_MISMATCH',
      'A vendor credit credits a bill of the same vendor in the same currency.',
      { field: 'billId' },
    );
}

export async function createBill(tx: Tx, actor: Actor, type: BillType, input: BillInput): Promise<Bill> {
  assertCan(actor, 'bill:write');
  if (type === 'vendor_credit') await checkCreditedBill(tx, actor.orgId, input);
  const id = newId(PREFIX[type]);
  await saveDraft(tx, actor, type, id, input, null);
  const created = await loadBill(tx, actor.orgId, type, id);
  await recordChange(
    tx,
    actor,
    { entity: type, entityId: id, action: 'create', after: created },
    `${type}.created`,
  );
  return created;
}

/** Changes a draft or rejected bill (it becomes a draft again); anything not sent stays as it was. */
export async function updateBill(
  tx: Tx,
  actor: Actor,
  type: BillType,
  id: string,
  patch: Partial<BillInput>,
): Promise<Bill> {
  assertCan(actor, 'bill:write');
  const before = await loadBill(tx, actor.orgId, type, id, true);
  if (!EDITABLE.includes(before.status))
    throw billState(before.status, 'only a draft or rejected bill can be changed');
  const pick = <K extends keyof BillInput>(key: K, fallback: BillInput[K]) =>
    patch[key] !== undefined ? patch[key] : fallback;
  const merged: BillInput = {
    vendorId: patch.vendorId ?? before.vendorId,
    vendorNumber: pick('vendorNumber', before.vendorNumber),
    currency: patch.currency ?? before.currency,
    billDate: patch.billDate ?? before.billDate,
    dueDate: pick(
      'dueDate',
      patch.paymentTermsDays !== undefined || patch.billDate ? undefined : before.dueDate,
    ),
    paymentTermsDays: patch.paymentTermsDays,
    reference: pick('reference', before.reference),
    pricesIncludeTax: patch.pricesIncludeTax ?? before.pricesIncludeTax,
    taxRounding: patch.taxRounding ?? (before.taxRounding as TaxRounding),
    exchangeRate: pick('exchangeRate', before.exchangeRate),
    notes: pick('notes', before.notes),
    relatedBillId: before.relatedBillId,
    confirmDuplicate: patch.confirmDuplicate ?? false,
    lines:
      patch.lines ??
      before.lines.map((l) => ({
        itemId: l.itemId,
        name: l.name,
        description: l.description,
        quantity: l.quantity,
        unitCode: l.unitCode,
        unitPrice: l.unitPrice,
        discountAmount: l.discountAmount,
        taxRateId: l.taxRateId,
        accountId: l.accountId,
      })),
  };
  await saveDraft(tx, actor, type, id, merged, before);
  const after = await loadBill(tx, actor.orgId, type, id);
  await recordChange(
    tx,
    actor,
    { entity: type, entityId: id, action: 'update', before, after },
    `${type}.updated`,
  );
  return after;
}

/** Deletes a draft or rejected bill with its files (posted bills are never deleted). */
export async function deleteBill(tx: Tx, actor: Actor, type: BillType, id: string): Promise<void> {
  assertCan(actor, 'bill:write');
  const before = await loadBill(tx, actor.orgId, type, id, true);
  if (!EDITABLE.includes(before.status))
    throw billState(before.status, 'only a draft or rejected bill can be deleted');
  await removeAllAttachments(tx, actor.orgId, { entityType: `purchasing.${type}`, entityId: id });
  await tx.delete(bill).where(and(eq(bill.orgId, actor.orgId), eq(bill.id, id)));
  await recordChange(tx, actor, { entity: type, entityId: id, action: 'delete', before }, `${type}.deleted`);
}

/**
 * Plans the payment of an approved bill for `date` (status `scheduled`), or with `date: null`
 * takes the plan back. A partly paid bill keeps its status; its plan is still kept.
 */
export async function scheduleBill(
  tx: Tx,
  actor: Actor,
  id: string,
  date: string | null | undefined,
): Promise<Bill> {
  assertCan(actor, 'bill:pay');
  const before = await loadBill(tx, actor.orgId, 'bill', id, true);
  if (date === undefined)
    throw new AppError(
      'invalid',
      'DATE_REQUIRED',
      'Give the planned payment date (or null to take the plan back).',
      {
        field: 'date',
      },
    );
  if (!['approved', 'scheduled', 'partially_paid'].includes(before.status))
    throw billState(
      before.status,
      'only an approved bill with something still to pay can be scheduled',
      'date',
    );
  if (date) await checkOpenPeriod(tx, actor, date);
  const status = before.status === 'partially_paid' ? 'partially_paid' : date ? 'scheduled' : 'approved';
  await tx
    .update(bill)
    .set({ scheduledDate: date, status, updatedAt: new Date() })
    .where(and(eq(bill.orgId, actor.orgId), eq(bill.id, id)));
  const after = await loadBill(tx, actor.orgId, 'bill', id);
  await recordChange(
    tx,
    actor,
    {
      entity: 'bill',
      entityId: id,
      action: date ? 'schedule' : 'unschedule',
      before: { status: before.status, scheduledDate: before.scheduledDate },
      after: { status, scheduledDate: date },
    },
    date ? 'bill.scheduled' : 'bill.unscheduled',
    { scheduledDate: date },
  );
  return after;
}
