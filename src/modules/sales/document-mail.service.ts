import { and, desc, eq } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { Queryable, Tx } from '../../db/client.ts';
import { emitEvent } from '../../jobs/outbox.ts';
import { recordAudit } from '../audit/index.ts';
import { companyProfileOf } from '../company/index.ts';
import { assertCan } from '../identity/permissions.ts';
import { getCustomer } from './customer.service.ts';
import { documentFileName } from './document.pdf.ts';
import { type DocumentType, loadDocument, type SalesDocument } from './document.repo.ts';
import { salesDocumentMessage } from './document-message.table.ts';
import { date, money } from './pdf.kit.ts';
import { moveQuote } from './quote.service.ts';

// Emailing a sales document: the message is recorded (and the quote marked sent) in the caller's
// transaction; the mail itself, with the PDF, leaves after commit through the outbox subscriber
// (sales.subscribers.ts), which records how it went on the message.

export type DocumentMessage = typeof salesDocumentMessage.$inferSelect;

export interface SendOptions {
  /** Default: the customer's email, else a contact whose role names billing or accounts. */
  to?: string | string[];
  cc?: string | string[];
  /** Default: `Invoice INV-2026-0001 from Acme`. */
  subject?: string;
  /** The body; default: a short note naming the document, the amount and the due date. */
  message?: string;
  /** Set by payment reminders: logs the message as `reminder` with this step. */
  reminderStep?: string;
}

/** The event the mail subscriber delivers: the message is queued, send it. */
export const MESSAGE_QUEUED = 'document_message.queued';

const TITLES = { invoice: 'Invoice', credit_note: 'Credit note', quote: 'Quote' } as const;
const EMAIL = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]+$/;
const BILLING_ROLE = /bill|account|invoic|financ|payable/i;

function addresses(value: string | string[] | undefined, field: string): string[] {
  const list = (Array.isArray(value) ? value : value ? [value] : []).map((a) => a.trim()).filter(Boolean);
  for (const address of list)
    if (address.length > 254 || !EMAIL.test(address))
      throw new AppError('invalid', 'INVALID_EMAIL', `"${address.slice(0, 80)}" is not an email address.`, {
        field,
      });
  if (list.length > 20)
    throw new AppError('invalid', 'TOO_MANY_RECIPIENTS', 'At most 20 addresses.', { field });
  return [...new Set(list)];
}

/**
 * Emails an issued invoice or credit note, or a quote (a draft quote is marked sent and numbered),
 * with its PDF attached, after the caller's transaction commits. Records the message (who, to,
 * subject, when) on the document, an audit row and the outbox event. Refused with nothing written:
 * an invoice or credit note still in draft (DOCUMENT_NOT_ISSUED, 409), no recipient and none on the
 * customer (RECIPIENT_REQUIRED, 422, field `to`), an unknown id or another organization's (404).
 */
export async function sendSalesDocument(
  tx: Tx,
  actor: Actor,
  kind: DocumentType,
  documentId: string,
  options: SendOptions = {},
): Promise<DocumentMessage> {
  assertCan(actor, kind === 'quote' ? 'quote:write' : 'invoice:write');
  const orgId = actor.orgId;
  let doc = await loadDocument(tx, orgId, kind, documentId, true);
  if (kind !== 'quote' && doc.status === 'draft')
    throw new AppError(
      'conflict',
      'DOCUMENT_NOT_ISSUED',
      `This ${kind === 'invoice' ? 'invoice' : 'credit note'} is a draft: issue it before sending it.`,
      { status: doc.status },
    );
  const customer = await getCustomer(tx, orgId, doc.customerId);
  let to = addresses(options.to, 'to');
  if (to.length === 0) {
    const contact = customer.contacts.find((c) => c.email && c.role && BILLING_ROLE.test(c.role));
    const fallback = customer.email ?? contact?.email ?? null;
    if (!fallback)
      throw new AppError(
        'unprocessable',
        'RECIPIENT_REQUIRED',
        `${customer.name} has no email address: give one in "to" or on the customer.`,
        { field: 'to' },
      );
    to = [fallback];
  }
  const cc = addresses(options.cc, 'cc');
  if (kind === 'quote' && doc.status === 'draft') doc = await moveQuote(tx, actor, documentId, 'sent');

  const company = await companyProfileOf(tx, orgId);
  const sender = company.tradingName || company.legalName;
  const subject = (options.subject?.trim() || `${TITLES[kind]} ${doc.number} from ${sender}`).slice(0, 300);
  const body = options.message?.trim() || defaultMessage(doc, customer.name, sender);
  const id = newId('msg');
  const [message] = await tx
    .insert(salesDocumentMessage)
    .values({
      orgId,
      id,
      documentId,
      kind: options.reminderStep ? 'reminder' : 'document',
      reminderStep: options.reminderStep ?? null,
      toAddresses: to,
      ccAddresses: cc,
      subject,
      body,
      attachmentName: documentFileName(doc),
      createdBy: actor.id,
    })
    .returning();
  await recordAudit(tx, actor, {
    entity: kind,
    entityId: documentId,
    action: options.reminderStep ? 'remind' : 'send',
    after: { messageId: id, to, cc, subject, reminderStep: options.reminderStep ?? null },
  });
  await emitEvent(tx, orgId, MESSAGE_QUEUED, { id, documentId, documentType: kind });
  return message!;
}

function defaultMessage(doc: SalesDocument, customerName: string, sender: string): string {
  const name = `${TITLES[doc.type as DocumentType].toLowerCase()} ${doc.number}`;
  const total = money(doc.taxInclusiveAmount, doc.currency, 'en-GB');
  const due = doc.taxInclusiveAmount - doc.paidAmount - doc.creditedAmount;
  let line: string;
  if (doc.type === 'invoice')
    line =
      due > 0n
        ? `Please find attached ${name} for ${money(due, doc.currency, 'en-GB')}${doc.dueDate ? `, due on ${date(doc.dueDate, 'en-GB')}` : ''}.`
        : `Please find attached ${name} for ${total}, which is paid in full. Thank you.`;
  else if (doc.type === 'credit_note') line = `Please find attached ${name} for ${total}.`;
  else
    line = `Please find attached our ${name} for ${total}${doc.dueDate ? `, valid until ${date(doc.dueDate, 'en-GB')}` : ''}.`;
  return `Dear ${customerName},\n\n${line}\n\nKind regards,\n${sender}`;
}

/** The messages sent about a document, newest first (both sends and reminders). */
export async function listDocumentMessages(
  q: Queryable,
  orgId: string,
  kind: DocumentType,
  documentId: string,
): Promise<DocumentMessage[]> {
  await loadDocument(q, orgId, kind, documentId); // 404 for an unknown id or another type's
  return q
    .select()
    .from(salesDocumentMessage)
    .where(and(eq(salesDocumentMessage.orgId, orgId), eq(salesDocumentMessage.documentId, documentId)))
    .orderBy(desc(salesDocumentMessage.createdAt), desc(salesDocumentMessage.id));
}
