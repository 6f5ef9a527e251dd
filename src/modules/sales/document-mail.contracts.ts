import { z } from '@hono/zod-openapi';
import { BusinessDate } from '../../api/openapi.ts';
import { AGING_BUCKETS } from './aging.query.ts';

// API shapes of sales documents as files and mail: sending a document, its message log, and the
// customer statement (JSON; the same as a PDF from statement.pdf). Amounts are minor units.

const Address = z.string().trim().max(254).openapi({ example: 'accounts@globex.example' });
const Addresses = z.union([Address, z.array(Address).max(20)]);

export const SendDocumentInput = z
  .object({
    to: Addresses.optional().openapi({
      description: "Default: the customer's email, else a contact whose role names billing or accounts",
    }),
    cc: Addresses.optional(),
    subject: z.string().trim().max(300).optional(),
    message: z.string().max(10_000).optional().openapi({ description: 'The body; default: a short note' }),
  })
  .openapi('SendDocumentInput');

export const DocumentMessageSchema = z
  .object({
    id: z.string(),
    documentId: z.string(),
    kind: z.enum(['document', 'reminder']),
    reminderStep: z.string().nullable(),
    to: z.array(z.string()),
    cc: z.array(z.string()),
    subject: z.string(),
    body: z.string(),
    attachmentName: z.string().nullable(),
    status: z.enum(['queued', 'sent', 'failed']).openapi({
      description: 'queued until the mail leaves after commit; failed attempts are retried',
    }),
    transport: z.enum(['smtp', 'file']).nullable(),
    transportMessageId: z.string().nullable(),
    error: z.string().nullable(),
    sentAt: z.string().nullable(),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .openapi('DocumentMessage');

export const StatementQuery = z.object({
  from: BusinessDate.optional().openapi({ description: "Default: 1 January of `to`'s year" }),
  to: BusinessDate.optional().openapi({ description: 'Default: today' }),
});

const Buckets = z.object(
  Object.fromEntries(AGING_BUCKETS.map((b) => [b, z.number()])) as Record<
    (typeof AGING_BUCKETS)[number],
    z.ZodNumber
  >,
);

export const StatementSchema = z
  .object({
    customer: z.object({ id: z.string(), name: z.string() }),
    from: z.string(),
    to: z.string(),
    sections: z.array(
      z.object({
        currency: z.string(),
        openingBalance: z.number(),
        entries: z.array(
          z.object({
            date: z.string(),
            kind: z.enum(['invoice', 'credit_note', 'payment', 'refund']),
            id: z.string(),
            number: z.string().nullable(),
            dueDate: z.string().nullable(),
            debit: z.number(),
            credit: z.number(),
            balance: z.number(),
          }),
        ),
        totalDebit: z.number(),
        totalCredit: z.number(),
        closingBalance: z.number(),
        aging: z.object({ buckets: Buckets, openInvoices: z.number(), unappliedCredit: z.number() }),
      }),
    ),
  })
  .openapi('CustomerStatement');
