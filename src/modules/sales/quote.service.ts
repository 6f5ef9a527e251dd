import { and, eq } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import type { Tx } from '../../db/client.ts';
import { assertCan } from '../identity/permissions.ts';
import { loadDocument, type SalesDocument } from './document.repo.ts';
import { createDocument } from './document.service.ts';
import { checkQuoteMove, type QuoteStatus } from './invoice.domain.ts';
import { nextNumber } from './numbering.service.ts';
import { recordChange, today } from './sales.kit.ts';
import { salesDocument } from './sales.table.ts';

// Quotes: draft → sent → accepted (or declined) → invoiced. A quote is numbered when it is sent
// (or accepted straight from draft); it never posts anything.

export async function moveQuote(
  tx: Tx,
  actor: Actor,
  id: string,
  to: Exclude<QuoteStatus, 'draft' | 'invoiced'>,
) {
  assertCan(actor, 'quote:write');
  const quote = await loadDocument(tx, actor.orgId, 'quote', id, true);
  checkQuoteMove(quote.status, to);
  const number = quote.number ?? (await nextNumber(tx, actor.orgId, 'quote', quote.issueDate));
  await tx
    .update(salesDocument)
    .set({ status: to, number, updatedAt: new Date() })
    .where(and(eq(salesDocument.orgId, actor.orgId), eq(salesDocument.id, id)));
  const after = await loadDocument(tx, actor.orgId, 'quote', id);
  await recordChange(
    tx,
    actor,
    { entity: 'quote', entityId: id, action: to, before: { status: quote.status }, after },
    `quote.${to}`,
  );
  return after;
}

/** Turns an accepted quote into a draft invoice with the same lines, linked to it. */
export async function invoiceQuote(tx: Tx, actor: Actor, id: string): Promise<SalesDocument> {
  assertCan(actor, 'invoice:write');
  const quote = await loadDocument(tx, actor.orgId, 'quote', id, true);
  checkQuoteMove(quote.status, 'invoiced');
  const invoice = await createDocument(tx, actor, 'invoice', {
    customerId: quote.customerId,
    currency: quote.currency,
    issueDate: today(),
    paymentTerms: quote.paymentTerms,
    buyerReference: quote.buyerReference,
    pricesIncludeTax: quote.pricesIncludeTax,
    discountPercent: quote.discountPercent,
    discountAmount: quote.discountAmount,
    discountReason: quote.discountReason,
    notes: quote.notes,
    terms: quote.terms,
    relatedDocumentId: quote.id,
    lines: quote.lines.map((l) => ({
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
  await tx
    .update(salesDocument)
    .set({ status: 'invoiced', updatedAt: new Date() })
    .where(and(eq(salesDocument.orgId, actor.orgId), eq(salesDocument.id, id)));
  await recordChange(
    tx,
    actor,
    {
      entity: 'quote',
      entityId: id,
      action: 'invoice',
      before: { status: quote.status },
      after: { invoiceId: invoice.id },
    },
    'quote.invoiced',
    { invoiceId: invoice.id },
  );
  return invoice;
}
