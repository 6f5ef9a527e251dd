// The states of bills and vendor credits, pure.
//
// Bill: draft → awaiting_approval → approved → (scheduled) → partially_paid → paid. A rejected
// bill is edited (back to draft) and submitted again. Posted from approval on; a bill settled in
// full by vendor credits is paid too. Vendor credit: draft → awaiting_approval → approved → applied.

export const BILL_STATUSES = [
  'draft',
  'awaiting_approval',
  'rejected',
  'approved',
  'scheduled',
  'partially_paid',
  'paid',
  'applied',
  'void',
] as const;
export type BillStatus = (typeof BILL_STATUSES)[number];

/** States in which a bill (or credit) can still be changed. */
export const EDITABLE: readonly string[] = ['draft', 'rejected'];
/** Posted bills with something still to pay. */
export const OPEN: readonly string[] = ['approved', 'scheduled', 'partially_paid'];

/** A posted bill's status from what settled it; a scheduled bill stays scheduled until money moves. */
export function settledBillStatus(
  current: string,
  total: bigint,
  paid: bigint,
  credited: bigint,
): BillStatus {
  const settled = paid + credited;
  if (settled >= total) return 'paid';
  if (paid > 0n) return 'partially_paid';
  return current === 'scheduled' ? 'scheduled' : settled > 0n ? 'partially_paid' : 'approved';
}

/** A vendor credit's status from what of it has been applied. */
export const settledCreditStatus = (total: bigint, applied: bigint): BillStatus =>
  applied >= total ? 'applied' : 'approved';

/** Overdue is derived, never stored: open with a due date before `today`. */
export const isOverdue = (b: { status: string; dueDate: string | null }, today: string) =>
  OPEN.includes(b.status) && b.dueDate !== null && b.dueDate < today;

/** A vendor's invoice number compared loosely: case, spaces and punctuation do not make two numbers. */
export const normalizeVendorNumber = (n: string) => n.replace(/[\s\-_./#]/g, '').toUpperCase();
