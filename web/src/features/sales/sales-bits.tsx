import { Badge, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { KINDS, type SalesDocument } from '../../api/sales.ts';

// Small pieces every receivables page shares: a document's name and status, a labelled fact.

const STATUS: Record<string, { label: string; color: string }> = {
  draft: { label: 'Draft', color: 'gray' },
  issued: { label: 'Issued', color: 'blue' },
  partially_paid: { label: 'Partly paid', color: 'cyan' },
  paid: { label: 'Paid', color: 'green' },
  void: { label: 'Void', color: 'gray' },
  applied: { label: 'Applied', color: 'green' },
  sent: { label: 'Sent', color: 'blue' },
  accepted: { label: 'Accepted', color: 'teal' },
  declined: { label: 'Declined', color: 'red' },
  invoiced: { label: 'Invoiced', color: 'grape' },
  open: { label: 'Open', color: 'blue' },
};

export const statusLabel = (status: string) => STATUS[status]?.label ?? status;

/** The document's status; an open invoice past its due date says Overdue instead. */
export function StatusBadge({ doc }: { doc: Pick<SalesDocument, 'status' | 'overdue'> }) {
  if (doc.overdue)
    return (
      <Badge color="red" variant="light">
        Overdue
      </Badge>
    );
  const s = STATUS[doc.status] ?? { label: doc.status, color: 'gray' };
  return (
    <Badge color={s.color} variant={doc.status === 'void' ? 'outline' : 'light'}>
      {s.label}
    </Badge>
  );
}

/** `INV-2026-0001`, or `Draft` before issuing numbers it. */
export const docNumber = (d: Pick<SalesDocument, 'number'>) => d.number ?? 'Draft';

/** `Invoice INV-2026-0001` / `Draft invoice`. */
export const docTitle = (d: Pick<SalesDocument, 'number' | 'type'>) =>
  d.number ? `${KINDS[d.type].title} ${d.number}` : `Draft ${KINDS[d.type].one}`;

/** `invoice INV-2026-0001` / `draft invoice`: the title inside a sentence. */
export const docName = (d: Pick<SalesDocument, 'number' | 'type'>) =>
  d.number ? `${KINDS[d.type].one} ${d.number}` : `draft ${KINDS[d.type].one}`;

export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

/** The customer's name from a document: the snapshot taken at issue, else the customer's record. */
export function buyerName(
  d: Pick<SalesDocument, 'buyer' | 'customerId'>,
  names: Map<string, { name: string }>,
) {
  const snapshot = d.buyer && typeof d.buyer.name === 'string' ? d.buyer.name : null;
  return names.get(d.customerId)?.name ?? snapshot ?? d.customerId;
}

/** `VAT 20%` as it is named, or `Reduced (5%)` when the name does not say the percent. */
export const rateName = (r: { name: string; percent: string }) =>
  r.name.includes(`${r.percent}%`) ? r.name : `${r.name} (${r.percent}%)`;
