import { isoDate } from '../../api/openapi.ts';
import { integer } from '../sales/sales.kit.ts';
import type { BillApproval } from './approval.service.ts';
import { isOverdue } from './bill.domain.ts';
import type { Bill } from './bill.repo.ts';
import type { BillPayment } from './bill-payment.service.ts';
import type { AgingBucket, DueSoon, PayablesAgingRow } from './payables.query.ts';

// API views: bigints as JSON integers (refused beyond 2^53, never rounded), instants as ISO text.

const opt = (v: bigint | null) => (v === null ? null : integer(v));

export function billView(b: Bill, today: string) {
  const { orgId: _o, lines, taxBreakdown, ...rest } = b;
  return {
    ...rest,
    type: b.type as 'bill' | 'vendor_credit',
    overdue: b.type === 'bill' && isOverdue(b, today),
    lineExtensionAmount: integer(b.lineExtensionAmount),
    taxExclusiveAmount: integer(b.taxExclusiveAmount),
    taxAmount: integer(b.taxAmount),
    taxInclusiveAmount: integer(b.taxInclusiveAmount),
    paidAmount: integer(b.paidAmount),
    creditedAmount: integer(b.creditedAmount),
    openAmount: integer(b.taxInclusiveAmount - b.paidAmount - b.creditedAmount),
    baseAmount: opt(b.baseAmount),
    taxBreakdown: taxBreakdown.map((r) => ({
      ...r,
      taxableAmount: integer(BigInt(r.taxableAmount)),
      taxAmount: integer(BigInt(r.taxAmount)),
    })),
    lines: lines.map(({ orgId: _, billId: _b, ...l }) => ({
      ...l,
      unitPrice: integer(l.unitPrice),
      discountAmount: opt(l.discountAmount),
      lineExtensionAmount: integer(l.lineExtensionAmount),
      taxAmount: integer(l.taxAmount),
    })),
    submittedAt: isoDate(b.submittedAt),
    approvedAt: isoDate(b.approvedAt),
    createdAt: b.createdAt.toISOString(),
    updatedAt: b.updatedAt.toISOString(),
  };
}

export function approvalView(a: BillApproval) {
  return {
    round: a.round,
    baseTotal: integer(a.baseTotal),
    required: a.state.required,
    approved: a.state.approved,
    rejected: a.state.rejected,
    rules: a.state.rules.map((p) => ({
      ruleId: p.rule.id,
      name: p.rule.name,
      needed: p.needed,
      approvers: p.approvers,
      met: p.met,
    })),
    decisions: a.decisions.map((d) => ({
      id: d.id,
      round: d.round,
      decision: d.decision,
      actorKind: d.actorKind,
      actorId: d.actorId,
      role: d.role,
      comment: d.comment,
      createdAt: d.createdAt.toISOString(),
    })),
  };
}

export function paymentView(p: BillPayment) {
  const { orgId: _o, createdBy: _c, allocations, ...rest } = p;
  return {
    ...rest,
    amount: integer(p.amount),
    baseAmount: integer(p.baseAmount),
    createdAt: p.createdAt.toISOString(),
    allocations: allocations.map((a) => ({
      id: a.id,
      billId: a.billId,
      date: a.date,
      amount: integer(a.amount),
    })),
  };
}

const bucketsView = (b: Record<AgingBucket, bigint>) => ({
  current: integer(b.current),
  '1-30': integer(b['1-30']),
  '31-60': integer(b['31-60']),
  '61-90': integer(b['61-90']),
  '90+': integer(b['90+']),
});

export function agingView(asOf: string, rows: PayablesAgingRow[]) {
  const totals = new Map<string, { buckets: Record<AgingBucket, bigint>; total: bigint }>();
  for (const r of rows) {
    const t = totals.get(r.currency) ?? {
      buckets: { current: 0n, '1-30': 0n, '31-60': 0n, '61-90': 0n, '90+': 0n },
      total: 0n,
    };
    for (const k of Object.keys(t.buckets) as AgingBucket[]) t.buckets[k] += r.buckets[k];
    t.total += r.total;
    totals.set(r.currency, t);
  }
  return {
    asOf,
    rows: rows.map((r) => ({
      ...r,
      buckets: bucketsView(r.buckets),
      total: integer(r.total),
      bills: r.bills.map((b) => ({ ...b, open: integer(b.open) })),
    })),
    totals: [...totals.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, t]) => ({ currency, buckets: bucketsView(t.buckets), total: integer(t.total) })),
  };
}

export function dueSoonView(d: DueSoon) {
  return {
    ...d,
    bills: d.bills.map((b) => ({ ...b, open: integer(b.open) })),
    cashNeeded: d.cashNeeded.map((c) => ({
      currency: c.currency,
      overdue: integer(c.overdue),
      dueInWindow: integer(c.dueInWindow),
      total: integer(c.total),
    })),
  };
}
