import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { AppError } from '../../core/errors.ts';
import type { Tx } from '../../db/client.ts';
import { assertCan } from '../identity/permissions.ts';
import { loadDocument, lockInvoices, type SalesDocument } from './document.repo.ts';
import { currencyMismatch, customerMismatch, overAllocation } from './errors.ts';
import { creditNoteUsedBase } from './refund.service.ts';
import { recordChange, today } from './sales.kit.ts';
import { salesDocument } from './sales.table.ts';
import { baseCurrencyOf, checkOpenPeriod, portion, postFxLines, settle } from './settlement.service.ts';

// A credit note's credit that its own invoice did not absorb (the invoice was already paid, or it
// credited no invoice) is the customer's, applied later to another invoice.

export interface ApplyCreditInput {
  date?: string;
  invoiceId?: string;
  amount?: number | bigint;
}

export async function applyCreditNote(
  tx: Tx,
  actor: Actor,
  id: string,
  input: ApplyCreditInput,
): Promise<SalesDocument> {
  assertCan(actor, 'payment:write');
  const orgId = actor.orgId;
  const note = await loadDocument(tx, orgId, 'credit_note', id, true);
  const left = note.taxInclusiveAmount - note.paidAmount;
  if (note.status !== 'issued' || left <= 0n)
    throw new AppError(
      'conflict',
      'CREDIT_NOTE_NOT_OPEN',
      `The credit note is ${note.status}; it has no credit left.`,
      {
        status: note.status,
      },
    );
  const date = input.date ?? today();
  if (date < note.issueDate)
    throw new AppError(
      'invalid',
      'DATE_BEFORE_CREDIT_NOTE',
      `The credit note was issued on ${note.issueDate}.`,
      { field: 'date' },
    );
  await checkOpenPeriod(tx, actor, date);
  const invoiceId = input.invoiceId ?? (await oldestOpenInvoice(tx, orgId, note));
  if (!invoiceId)
    throw new AppError(
      'unprocessable',
      'NOTHING_TO_APPLY',
      'The customer has no open invoice in this currency.',
      {
        field: 'invoiceId',
      },
    );
  const invoice = (await lockInvoices(tx, orgId, [invoiceId])).get(invoiceId);
  if (!invoice)
    throw new AppError('not_found', 'INVOICE_NOT_FOUND', `No invoice with id ${invoiceId}.`, {
      id: invoiceId,
      field: 'invoiceId',
    });
  if (invoice.customerId !== note.customerId) throw customerMismatch('invoiceId');
  if (invoice.currency !== note.currency)
    throw currencyMismatch('invoiceId', note.currency, invoice.currency);
  const open = invoice.taxInclusiveAmount - invoice.paidAmount - invoice.creditedAmount;
  const amount = input.amount === undefined ? (open < left ? open : left) : BigInt(input.amount);
  if (amount > left) throw overAllocation('amount', left);
  const used = await creditNoteUsedBase(tx, orgId, id);
  const settlementBase = portion(
    amount,
    note.taxInclusiveAmount,
    note.baseAmount ?? 0n,
    note.paidAmount,
    used,
  );
  const base = await baseCurrencyOf(tx, orgId);
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
    { type: 'sales.credit_note', id },
    `Exchange difference, credit note ${note.number}`,
  );
  const paid = note.paidAmount + amount;
  await tx
    .update(salesDocument)
    .set({
      paidAmount: paid,
      status: paid === note.taxInclusiveAmount ? 'applied' : 'issued',
      updatedAt: new Date(),
    })
    .where(and(eq(salesDocument.orgId, orgId), eq(salesDocument.id, id)));
  const after = await loadDocument(tx, orgId, 'credit_note', id);
  await recordChange(
    tx,
    actor,
    { entity: 'credit_note', entityId: id, action: 'apply', before: { paidAmount: note.paidAmount }, after },
    'credit_note.applied',
    { invoiceId, amount: amount.toString() },
  );
  return after;
}

async function oldestOpenInvoice(tx: Tx, orgId: string, note: SalesDocument): Promise<string | undefined> {
  const [row] = await tx
    .select({ id: salesDocument.id })
    .from(salesDocument)
    .where(
      and(
        eq(salesDocument.orgId, orgId),
        eq(salesDocument.type, 'invoice'),
        eq(salesDocument.customerId, note.customerId),
        eq(salesDocument.currency, note.currency),
        inArray(salesDocument.status, ['issued', 'partially_paid']),
      ),
    )
    .orderBy(asc(salesDocument.dueDate), asc(salesDocument.issueDate), asc(salesDocument.id))
    .limit(1);
  return row?.id;
}
