import type { DocumentStatus } from '../../api/sales.ts';

// A document list's filters, kept in the URL so a filtered view can be bookmarked, shared, saved as
// a named view, and linked to (a customer's open invoices, the overdue ones).

export interface DocumentSearch {
  status?: DocumentStatus;
  customerId?: string;
  /** Issue dates `YYYY-MM-DD`, both inclusive. */
  from?: string;
  to?: string;
  /** Part of the number, the reference or the customer's name (the server searches all three). */
  q?: string;
}

/** The server's limit on the search text. */
export const DOCUMENT_SEARCH_MAX = 100;

const STATUSES: readonly DocumentStatus[] = [
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
];
const day = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
const text = (v: unknown, max: number) =>
  typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : undefined;

export const documentSearch = (s: Record<string, unknown>): DocumentSearch => ({
  status: STATUSES.includes(s.status as DocumentStatus) ? (s.status as DocumentStatus) : undefined,
  customerId: text(s.customerId, 64),
  from: day(s.from),
  to: day(s.to),
  q: text(s.q, DOCUMENT_SEARCH_MAX),
});

/** A new document's starting point: a customer (from their page) or the invoice a credit note credits. */
export const newDocumentSearch = (
  s: Record<string, unknown>,
): { customerId?: string; invoiceId?: string } => ({
  customerId: text(s.customerId, 64),
  invoiceId: text(s.invoiceId, 64),
});

export const hasFilters = (s: DocumentSearch) => Object.values(s).some((v) => v !== undefined);
