import { and, eq } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { minorToDecimalString } from '../../core/money.ts';
import type { Queryable, Tx } from '../../db/client.ts';
import { removeAllAttachments } from '../files/index.ts';
import { assertCan } from '../identity/permissions.ts';
import { accountForSubtype, getAccount } from '../ledger/index.ts';
import { getItem } from './catalog.service.ts';
import { type Customer, getActiveCustomer } from './customer.service.ts';
import { type DocumentType, loadDocument, type SalesDocument } from './document.repo.ts';
import { notDraft } from './errors.ts';
import {
  computeTotals,
  type DocumentTotals,
  dueDateOf,
  optionalPercent,
  parseQuantity,
} from './invoice.domain.ts';
import { salesSettingsOf } from './numbering.service.ts';
import { recordChange } from './sales.kit.ts';
import { salesDocument, salesDocumentLine, type TaxBreakdownRow } from './sales.table.ts';
import { baseCurrencyOf } from './settlement.service.ts';
import { parsePercent, type TaxRounding } from './tax.domain.ts';
import { requireTaxRate, type TaxRate } from './tax.service.ts';

// Drafts of invoices, credit notes and quotes: lines resolved against the catalog, the customer's
// defaults and the tax rates, and every total recomputed on the server on each save.

export interface LineInput {
  itemId?: string | null;
  name?: string;
  description?: string | null;
  quantity: string | number;
  unitCode?: string;
  unitPrice?: number | bigint;
  discountPercent?: string | null;
  discountAmount?: number | bigint | null;
  taxRateId?: string;
  accountId?: string;
}

export interface DocumentInput {
  customerId: string;
  currency?: string;
  issueDate?: string;
  dueDate?: string | null;
  paymentTermsDays?: number | null;
  paymentTerms?: string | null;
  buyerReference?: string | null;
  pricesIncludeTax?: boolean;
  discountPercent?: string | null;
  discountAmount?: number | bigint | null;
  discountReason?: string | null;
  notes?: string | null;
  terms?: string | null;
  lines: LineInput[];
  /** Credit note: the invoice it credits. Invoice: the quote it came from. */
  relatedDocumentId?: string | null;
}

const big = (v: number | bigint | null | undefined) => (v === null || v === undefined ? null : BigInt(v));

type ResolvedLine = Omit<
  typeof salesDocumentLine.$inferInsert,
  'orgId' | 'documentId' | 'lineExtensionAmount' | 'taxAmount'
> & {
  rate: TaxRate;
};

/** Each line with its defaults filled in: item, tax rate (known, or UNKNOWN_TAX_RATE), account. */
async function resolveLines(
  tx: Queryable,
  orgId: string,
  customer: Customer,
  currency: string,
  lines: LineInput[],
  /** Items already on the draft: they stay usable after being archived. */
  kept: ReadonlySet<string>,
): Promise<ResolvedLine[]> {
  const resolved: ResolvedLine[] = [];
  let revenue: string | undefined;
  for (const [i, line] of lines.entries()) {
    const field = `lines.${i}`;
    const item = line.itemId ? await getItem(tx, orgId, line.itemId, `${field}.itemId`) : null;
    if (item?.archivedAt && !kept.has(item.id))
      throw new AppError('unprocessable', 'ITEM_ARCHIVED', `${item.name} is archived.`, {
        field: `${field}.itemId`,
      });
    const quantity = parseQuantity(line.quantity, `${field}.quantity`);
    const taxRateId = line.taxRateId ?? item?.taxRateId ?? customer.defaultTaxRateId;
    if (!taxRateId)
      throw new AppError('invalid', 'TAX_RATE_REQUIRED', 'Choose a tax rate for the line.', {
        field: `${field}.taxRateId`,
      });
    const rate = await requireTaxRate(tx, orgId, taxRateId, `${field}.taxRateId`);
    let accountId = line.accountId ?? item?.incomeAccountId ?? undefined;
    if (line.accountId) await getAccount(tx, orgId, line.accountId);
    if (!accountId)
      accountId = revenue ??= (await accountForSubtype(tx, orgId, 'revenue', 'sales income')).id;
    const unitPrice = big(line.unitPrice) ?? item?.prices[currency] ?? null;
    if (unitPrice === null)
      throw new AppError(
        'invalid',
        'UNIT_PRICE_REQUIRED',
        `Enter a unit price (the item has no ${currency} price).`,
        { field: `${field}.unitPrice` },
      );
    const discountPercent = optionalPercent(line.discountPercent, `${field}.discountPercent`);
    const name = line.name?.trim() || item?.name;
    if (!name)
      throw new AppError('invalid', 'LINE_NAME_REQUIRED', 'Name the line or choose an item.', {
        field: `${field}.name`,
      });
    resolved.push({
      lineNo: i + 1,
      itemId: item?.id ?? null,
      name,
      description: line.description || item?.description || null,
      quantity: quantity.text,
      unitCode: line.unitCode ?? item?.unitCode ?? 'C62',
      unitPrice,
      discountPercent: discountPercent?.text ?? null,
      discountAmount: discountPercent ? null : big(line.discountAmount),
      taxRateId: rate.id,
      taxCategory: rate.category,
      taxPercent: rate.percent,
      accountId,
      rate,
    });
  }
  return resolved;
}

/** The domain's totals of stored or resolved lines. */
export function totalsOf(
  doc: Pick<SalesDocument, 'pricesIncludeTax' | 'taxRounding' | 'discountPercent' | 'discountAmount'>,
  lines: Pick<
    ResolvedLine,
    'quantity' | 'unitPrice' | 'discountPercent' | 'discountAmount' | 'taxRateId' | 'taxPercent'
  >[],
): DocumentTotals {
  return computeTotals({
    pricesIncludeTax: doc.pricesIncludeTax,
    taxRounding: doc.taxRounding as TaxRounding,
    discountPercent: optionalPercent(doc.discountPercent, 'discountPercent'),
    discountAmount: doc.discountAmount,
    lines: lines.map((l, i) => ({
      quantity: parseQuantity(l.quantity, `lines.${i}.quantity`),
      unitPrice: l.unitPrice,
      discountPercent: optionalPercent(l.discountPercent, `lines.${i}.discountPercent`),
      discountAmount: l.discountAmount ?? null,
      taxKey: l.taxRateId,
      taxPercent: parsePercent(l.taxPercent)!,
    })),
  });
}

export function breakdownOf(totals: DocumentTotals, rates: Map<string, TaxRate>): TaxBreakdownRow[] {
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

/** Writes a draft's header, lines and totals (insert when `id` is new). */
async function saveDraft(
  tx: Tx,
  actor: Actor,
  type: DocumentType,
  id: string,
  input: DocumentInput,
  kept: ReadonlySet<string> | null,
) {
  const isNew = kept === null;
  const orgId = actor.orgId;
  const customer = await getActiveCustomer(tx, orgId, input.customerId, 'customerId');
  const currency = input.currency ?? customer.currency ?? (await baseCurrencyOf(tx, orgId));
  minorToDecimalString(0n, currency); // refuses an unknown currency by name
  const settings = await salesSettingsOf(tx, orgId);
  const lines = await resolveLines(tx, orgId, customer, currency, input.lines, kept ?? new Set());
  const issueDate = input.issueDate ?? new Date().toISOString().slice(0, 10);
  const terms = input.paymentTermsDays ?? customer.paymentTermsDays;
  const header = {
    customerId: customer.id,
    currency,
    issueDate,
    dueDate: input.dueDate ?? (type === 'invoice' && terms !== null ? dueDateOf(issueDate, terms) : null),
    paymentTerms: input.paymentTerms || (terms !== null && type === 'invoice' ? `Net ${terms} days` : null),
    buyerReference: input.buyerReference || null,
    pricesIncludeTax: input.pricesIncludeTax ?? false,
    taxRounding: settings.taxRounding,
    discountPercent: optionalPercent(input.discountPercent, 'discountPercent')?.text ?? null,
    discountAmount: input.discountPercent ? null : big(input.discountAmount),
    discountReason: input.discountReason || null,
    notes: input.notes || null,
    terms: input.terms || null,
    relatedDocumentId: input.relatedDocumentId ?? null,
  };
  const totals = totalsOf(header, lines);
  const rates = new Map(lines.map((l) => [l.rate.id, l.rate]));
  const values = {
    ...header,
    lineExtensionAmount: totals.lineExtensionAmount,
    allowanceTotalAmount: totals.allowanceTotalAmount,
    taxExclusiveAmount: totals.taxExclusiveAmount,
    taxAmount: totals.taxAmount,
    taxInclusiveAmount: totals.taxInclusiveAmount,
    taxBreakdown: breakdownOf(totals, rates),
    updatedAt: new Date(),
  };
  if (isNew)
    await tx
      .insert(salesDocument)
      .values({ orgId, id, type, status: 'draft', createdBy: actor.id, ...values });
  else {
    await tx
      .update(salesDocument)
      .set(values)
      .where(and(eq(salesDocument.orgId, orgId), eq(salesDocument.id, id)));
    await tx
      .delete(salesDocumentLine)
      .where(and(eq(salesDocumentLine.orgId, orgId), eq(salesDocumentLine.documentId, id)));
  }
  if (lines.length)
    await tx.insert(salesDocumentLine).values(
      lines.map(({ rate: _, ...l }, i) => ({
        ...l,
        orgId,
        documentId: id,
        lineExtensionAmount: totals.lines[i]!.lineExtensionAmount,
        taxAmount: totals.lines[i]!.taxAmount,
      })),
    );
}

const PREFIX: Record<DocumentType, string> = { invoice: 'inv', credit_note: 'crn', quote: 'quo' };

export async function createDocument(
  tx: Tx,
  actor: Actor,
  type: DocumentType,
  input: DocumentInput,
): Promise<SalesDocument> {
  assertCan(actor, type === 'quote' ? 'quote:write' : 'invoice:write');
  const id = newId(PREFIX[type]);
  await saveDraft(tx, actor, type, id, input, null);
  const created = await loadDocument(tx, actor.orgId, type, id);
  await recordChange(
    tx,
    actor,
    { entity: type, entityId: id, action: 'create', after: created },
    `${type}.created`,
  );
  return created;
}

/** Changes a draft; anything not sent stays as it was. Issued documents are refused. */
export async function updateDocument(
  tx: Tx,
  actor: Actor,
  type: DocumentType,
  id: string,
  patch: Partial<DocumentInput>,
): Promise<SalesDocument> {
  assertCan(actor, type === 'quote' ? 'quote:write' : 'invoice:write');
  const before = await loadDocument(tx, actor.orgId, type, id, true);
  if (before.status !== 'draft') throw notDraft(type, before.status);
  const keep = (l: SalesDocument['lines'][number]): LineInput => ({
    itemId: l.itemId,
    name: l.name,
    description: l.description,
    quantity: l.quantity,
    unitCode: l.unitCode,
    unitPrice: l.unitPrice,
    discountPercent: l.discountPercent,
    discountAmount: l.discountAmount,
    taxRateId: l.taxRateId,
    accountId: l.accountId,
  });
  const merged: DocumentInput = {
    customerId: patch.customerId ?? before.customerId,
    currency: patch.currency ?? before.currency,
    issueDate: patch.issueDate ?? before.issueDate,
    dueDate: patch.dueDate !== undefined ? patch.dueDate : before.dueDate,
    paymentTermsDays: patch.paymentTermsDays,
    paymentTerms: patch.paymentTerms !== undefined ? patch.paymentTerms : before.paymentTerms,
    buyerReference: patch.buyerReference !== undefined ? patch.buyerReference : before.buyerReference,
    pricesIncludeTax: patch.pricesIncludeTax ?? before.pricesIncludeTax,
    discountPercent: patch.discountPercent !== undefined ? patch.discountPercent : before.discountPercent,
    discountAmount: patch.discountAmount !== undefined ? patch.discountAmount : before.discountAmount,
    discountReason: patch.discountReason !== undefined ? patch.discountReason : before.discountReason,
    notes: patch.notes !== undefined ? patch.notes : before.notes,
    terms: patch.terms !== undefined ? patch.terms : before.terms,
    lines: patch.lines ?? before.lines.map(keep),
    relatedDocumentId: before.relatedDocumentId,
  };
  await saveDraft(
    tx,
    actor,
    type,
    id,
    merged,
    new Set(before.lines.flatMap((l) => (l.itemId ? [l.itemId] : []))),
  );
  const after = await loadDocument(tx, actor.orgId, type, id);
  await recordChange(
    tx,
    actor,
    { entity: type, entityId: id, action: 'update', before, after },
    `${type}.updated`,
  );
  return after;
}

/** Deletes a draft (issued documents are never deleted). */
export async function deleteDraft(tx: Tx, actor: Actor, type: DocumentType, id: string): Promise<void> {
  assertCan(actor, type === 'quote' ? 'quote:write' : 'invoice:write');
  const before = await loadDocument(tx, actor.orgId, type, id, true);
  if (before.status !== 'draft') throw notDraft(type, before.status);
  await removeAllAttachments(tx, actor.orgId, { entityType: `sales.${type}`, entityId: id });
  await tx.delete(salesDocument).where(and(eq(salesDocument.orgId, actor.orgId), eq(salesDocument.id, id)));
  await recordChange(tx, actor, { entity: type, entityId: id, action: 'delete', before }, `${type}.deleted`);
}
