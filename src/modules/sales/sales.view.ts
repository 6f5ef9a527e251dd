import type { SalesDocument } from './document.repo.ts';
import { isOverdue } from './invoice.domain.ts';
import type { Payment } from './payment.service.ts';
import { integer } from './sales.kit.ts';

// API views: bigints as JSON integers, instants as ISO text.

const opt = (v: bigint | null) => (v === null ? null : integer(v));

export function documentView(d: SalesDocument, today: string) {
  const { orgId: _o, createdBy: _c, issuedAt: _i, ...rest } = d;
  return {
    ...rest,
    type: d.type as 'invoice' | 'credit_note' | 'quote',
    overdue: d.type === 'invoice' && isOverdue(d, today),
    discountAmount: opt(d.discountAmount),
    lineExtensionAmount: integer(d.lineExtensionAmount),
    allowanceTotalAmount: integer(d.allowanceTotalAmount),
    taxExclusiveAmount: integer(d.taxExclusiveAmount),
    taxAmount: integer(d.taxAmount),
    taxInclusiveAmount: integer(d.taxInclusiveAmount),
    paidAmount: integer(d.paidAmount),
    creditedAmount: integer(d.creditedAmount),
    payableAmount: integer(d.taxInclusiveAmount - d.paidAmount - d.creditedAmount),
    baseAmount: opt(d.baseAmount),
    taxBreakdown: d.taxBreakdown.map((b) => ({
      ...b,
      taxableAmount: integer(BigInt(b.taxableAmount)),
      taxAmount: integer(BigInt(b.taxAmount)),
    })),
    lines: d.lines.map(({ orgId: _, documentId: _d, ...l }) => ({
      ...l,
      unitPrice: integer(l.unitPrice),
      discountAmount: opt(l.discountAmount),
      lineExtensionAmount: integer(l.lineExtensionAmount),
      taxAmount: integer(l.taxAmount),
    })),
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

export function paymentView(p: Payment) {
  const { orgId: _o, createdBy: _c, carryingBaseAmount: _b, refundOfCreditNoteId, ...rest } = p;
  return {
    ...rest,
    refundOfCreditNoteId,
    amount: integer(p.amount),
    appliedAmount: integer(p.appliedAmount),
    unappliedAmount: integer(p.kind === 'payment' ? p.amount - p.appliedAmount : 0n),
    baseAmount: integer(p.baseAmount),
    allocations: p.allocations.map((a) => ({
      id: a.id,
      invoiceId: a.invoiceId,
      date: a.date,
      amount: integer(a.amount),
      paymentAmount: integer(a.paymentAmount ?? a.amount),
      journalEntryId: a.journalEntryId,
    })),
    createdAt: p.createdAt.toISOString(),
  };
}
