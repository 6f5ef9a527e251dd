import { and, eq } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { AppError } from '../../core/errors.ts';
import type { Tx } from '../../db/client.ts';
import { assertCan } from '../identity/permissions.ts';
import { accountForSubtype, type JournalLineInput, postJournal } from '../ledger/index.ts';
import { getCustomer } from './customer.service.ts';
import { loadDocument, lockInvoices, type SalesDocument } from './document.repo.ts';
import { createDocument, totalsOf } from './document.service.ts';
import { invoiceHasPayments, noLines, notDraft, zeroTotal } from './errors.ts';
import { dueDateOf } from './invoice.domain.ts';
import { lockSequence, nextNumber } from './numbering.service.ts';
import { recordChange } from './sales.kit.ts';
import { salesDocument } from './sales.table.ts';
import {
  baseCurrencyOf,
  checkOpenPeriod,
  postFxLines,
  rateFor,
  receivableAccount,
  settle,
  toBase,
} from './settlement.service.ts';
import { getTaxRate } from './tax.service.ts';

// Issuing invoices and credit notes: numbered from the gapless sequence and posted to the ledger
// (receivable against income and tax; a credit note the opposite) in the same transaction.

type Issuable = 'invoice' | 'credit_note';

export interface IssueOptions {
  date?: string;
  exchangeRate?: string;
}

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

const SOURCE: Record<Issuable, string> = { invoice: 'sales.invoice', credit_note: 'sales.credit_note' };

/**
 * Issues a draft: number, buyer snapshot, totals recomputed from the stored lines, posting at the
 * issue date's rate. A credit note linked to an invoice is applied to it at once (a credit note
 * for the whole of an unpaid invoice voids it). Refused, with nothing written, when the document
 * is not a draft, has no lines or a zero total, or its date is in a locked period.
 */
export async function issueDocument(
  tx: Tx,
  actor: Actor,
  type: Issuable,
  id: string,
  options: IssueOptions = {},
): Promise<SalesDocument> {
  assertCan(actor, 'invoice:issue');
  const orgId = actor.orgId;
  const doc = await loadDocument(tx, orgId, type, id, true);
  if (doc.status !== 'draft') throw notDraft(type, doc.status);
  if (doc.lines.length === 0) throw noLines();
  const date = options.date ?? doc.issueDate;
  await checkOpenPeriod(tx, actor, date);
  // The credited invoice's lock before the sequence's (the order every settlement takes).
  const invoices =
    type === 'credit_note' && doc.relatedDocumentId
      ? await lockInvoices(tx, orgId, [doc.relatedDocumentId])
      : null;
  const number = await nextNumber(tx, orgId, type, date);
  // A pattern changed mid-stream can make a number that exists already: refuse it by name.
  const [taken] = await tx
    .select({ id: salesDocument.id })
    .from(salesDocument)
    .where(
      and(eq(salesDocument.orgId, orgId), eq(salesDocument.type, type), eq(salesDocument.number, number)),
    );
  if (taken)
    throw new AppError(
      'conflict',
      'DOCUMENT_NUMBER_TAKEN',
      `The number ${number} is already used; change the number pattern in the sales settings.`,
      { number },
    );

  const totals = totalsOf(doc, doc.lines);
  if (totals.taxInclusiveAmount === 0n) throw zeroTotal();
  const base = await baseCurrencyOf(tx, orgId);
  const rate = await rateFor(tx, orgId, doc.currency, base, date, options.exchangeRate);
  const customer = await getCustomer(tx, orgId, doc.customerId);
  const sign = type === 'invoice' ? 1n : -1n;
  const receivable = await receivableAccount(tx, orgId);
  const lines: JournalLineInput[] = [];
  const add = (accountId: string, amount: bigint, memo: string) => {
    if (amount === 0n) return;
    const same = lines.find((l) => l.accountId === accountId && l.memo === memo);
    if (same) same.amount += amount;
    else lines.push({ accountId, amount, currency: doc.currency, rate, memo });
  };
  add(receivable.id, sign * totals.taxInclusiveAmount, `${number} ${customer.name}`.slice(0, 500));
  for (const [i, l] of doc.lines.entries())
    add(l.accountId, -sign * totals.lines[i]!.taxableAmount, 'Income');
  let taxDefault: string | undefined;
  for (const group of totals.groups) {
    if (group.taxAmount === 0n) continue;
    const taxRate = await getTaxRate(tx, orgId, group.taxKey);
    if (!taxRate.accountId && !taxDefault)
      taxDefault = (await accountForSubtype(tx, orgId, 'tax', 'sales tax')).id;
    const account = taxRate.accountId ?? taxDefault!;
    add(account, -sign * group.taxAmount, `Tax ${taxRate.name}`);
  }
  const entry = await postJournal(tx, actor, {
    date,
    description: `${type === 'invoice' ? 'Invoice' : 'Credit note'} ${number}`,
    payee: customer.name.slice(0, 200),
    code: number,
    source: { type: SOURCE[type], id },
    lines,
  });
  const baseAmount = sign * (entry.lines[0]!.baseAmount ?? 0n);
  const buyer = {
    name: customer.name,
    kind: customer.kind,
    email: customer.email,
    billingAddress: customer.billingAddress,
    shippingAddress: customer.shippingAddress,
    taxIds: customer.taxIds,
  };
  await tx
    .update(salesDocument)
    .set({
      status: 'issued',
      number,
      issueDate: date,
      // Issued on another day than drafted: the due date keeps its distance (the payment terms).
      dueDate:
        doc.dueDate && date !== doc.issueDate
          ? dueDateOf(date, daysBetween(doc.issueDate, doc.dueDate))
          : doc.dueDate,
      lineExtensionAmount: totals.lineExtensionAmount,
      allowanceTotalAmount: totals.allowanceTotalAmount,
      taxExclusiveAmount: totals.taxExclusiveAmount,
      taxAmount: totals.taxAmount,
      taxInclusiveAmount: totals.taxInclusiveAmount,
      baseAmount,
      exchangeRate: rate,
      buyer,
      journalEntryId: entry.id,
      issuedAt: new Date(),
      updatedAt: new Date(),
    })
    .where(and(eq(salesDocument.orgId, orgId), eq(salesDocument.id, id)));
  const issued = await loadDocument(tx, orgId, type, id);
  await recordChange(
    tx,
    actor,
    { entity: type, entityId: id, action: 'issue', before: { status: 'draft' }, after: issued },
    `${type}.issued`,
    { number, journalEntryId: entry.id },
  );
  const invoice = invoices?.get(doc.relatedDocumentId ?? '');
  if (invoice && (invoice.customerId !== doc.customerId || invoice.currency !== doc.currency))
    throw new AppError(
      'unprocessable',
      'CREDIT_NOTE_MISMATCH',
      'A credit note credits an invoice of the same customer in the same currency.',
      { field: 'invoiceId' },
    );
  if (invoice) {
    const open = invoice.taxInclusiveAmount - invoice.paidAmount - invoice.creditedAmount;
    const amount = open < issued.taxInclusiveAmount ? open : issued.taxInclusiveAmount;
    if (amount > 0n) {
      const settlementBase =
        amount === issued.taxInclusiveAmount ? baseAmount : toBase(amount, doc.currency, base, rate);
      const fx = await settle(
        tx,
        actor,
        {
          invoice,
          amount,
          date,
          source: { creditNoteId: id },
          settlementBaseAmount: settlementBase,
          field: 'invoiceId',
        },
        base,
      );
      await postFxLines(
        tx,
        actor,
        fx,
        date,
        { type: SOURCE.credit_note, id },
        `Exchange difference, credit note ${number}`,
      );
      await tx
        .update(salesDocument)
        .set({ paidAmount: amount, status: amount === issued.taxInclusiveAmount ? 'applied' : 'issued' })
        .where(and(eq(salesDocument.orgId, orgId), eq(salesDocument.id, id)));
      await recordChange(
        tx,
        actor,
        {
          entity: 'invoice',
          entityId: invoice.id,
          action: 'credit',
          after: { creditNoteId: id, amount, status: invoice.status },
        },
        invoice.status === 'void' ? 'invoice.voided' : 'invoice.credited',
        { creditNoteId: id, amount: amount.toString() },
      );
    }
  }
  return loadDocument(tx, orgId, type, id);
}

/**
 * Voids an issued, unpaid invoice the only way the books allow: a credit note for all of it,
 * issued and applied on `date`. Returns the credit note.
 */
export async function voidInvoice(
  tx: Tx,
  actor: Actor,
  id: string,
  options: { date?: string; reason?: string | null },
): Promise<SalesDocument> {
  assertCan(actor, 'invoice:void');
  const invoice = await loadDocument(tx, actor.orgId, 'invoice', id, true);
  if (invoice.status === 'draft' || invoice.status === 'void') throw notDraftOrVoid(invoice.status);
  if (invoice.paidAmount > 0n) throw invoiceHasPayments();
  if (invoice.creditedAmount > 0n)
    throw new AppError(
      'conflict',
      'INVOICE_PARTLY_CREDITED',
      'Part of this invoice is already credited; credit the rest with a credit note.',
    );
  const date = options.date ?? new Date().toISOString().slice(0, 10);
  await checkOpenPeriod(tx, actor, date);
  const issueDate = date < invoice.issueDate ? invoice.issueDate : date;
  // Creating the credit note audits; the sequence's lock must come before the audit lock.
  await lockSequence(tx, actor.orgId, 'credit_note', issueDate);
  const note = await createDocument(tx, actor, 'credit_note', {
    customerId: invoice.customerId,
    currency: invoice.currency,
    issueDate,
    pricesIncludeTax: invoice.pricesIncludeTax,
    discountPercent: invoice.discountPercent,
    discountAmount: invoice.discountAmount,
    discountReason: invoice.discountReason,
    notes: options.reason ?? `Voids invoice ${invoice.number}`,
    relatedDocumentId: invoice.id,
    lines: invoice.lines.map((l) => ({
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
    })),
  });
  // The same tax rounding as the invoice, whatever the settings say now: the mirror must be exact.
  await tx
    .update(salesDocument)
    .set({ taxRounding: invoice.taxRounding })
    .where(and(eq(salesDocument.orgId, actor.orgId), eq(salesDocument.id, note.id)));
  return issueDocument(tx, actor, 'credit_note', note.id, {
    ...(invoice.exchangeRate ? { exchangeRate: invoice.exchangeRate } : {}),
  });
}

const notDraftOrVoid = (status: string) =>
  new AppError('conflict', 'INVOICE_NOT_OPEN', `A ${status} invoice cannot be voided.`, { status });

/** A credit note must credit an issued invoice of the same customer and currency. */
export async function checkCreditedInvoice(
  tx: Tx,
  orgId: string,
  invoiceId: string,
  customerId: string,
  currency?: string,
) {
  const invoice = await loadDocument(tx, orgId, 'invoice', invoiceId);
  if (invoice.status === 'draft' || invoice.status === 'void') throw notDraftOrVoid(invoice.status);
  if (invoice.customerId !== customerId)
    throw new AppError('unprocessable', 'CUSTOMER_MISMATCH', 'The invoice belongs to another customer.', {
      field: 'invoiceId',
    });
  if (currency && currency !== invoice.currency)
    throw new AppError('unprocessable', 'CURRENCY_MISMATCH', `The invoice is in ${invoice.currency}.`, {
      field: 'currency',
    });
  return invoice;
}
