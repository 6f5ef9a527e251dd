import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireActor } from '../../api/auth.middleware.ts';
import type { AppEnv } from '../../api/env.ts';
import { errorResponses, IdParam, json, jsonBody } from '../../api/openapi.ts';
import { AGING_BUCKETS } from './aging.query.ts';
import type { DocumentType } from './document.repo.ts';
import * as contracts from './document-mail.contracts.ts';
import { type DocumentMessage, listDocumentMessages, sendSalesDocument } from './document-mail.service.ts';
import { getDocumentPdf, type PdfFile } from './document-pdf.service.ts';
import { integer, salesRead, salesTransaction } from './sales.kit.ts';
import type { CustomerStatement } from './statement.query.ts';
import { getCustomerStatement, getCustomerStatementPdf } from './statement.service.ts';

// Sales documents as files and mail over HTTP: the PDF of each document, sending it by email
// (delivered after commit), the messages sent about it, and the customer statement (JSON or PDF).

const tags = ['Sales'];
const KINDS: { type: DocumentType; path: string; name: string }[] = [
  { type: 'invoice', path: 'invoices', name: 'invoice' },
  { type: 'credit_note', path: 'credit-notes', name: 'credit note' },
  { type: 'quote', path: 'quotes', name: 'quote' },
];
const binary = z.string().openapi({ type: 'string', format: 'binary' });
const pdfResponse = (description: string) => ({
  200: { content: { 'application/pdf': { schema: binary } }, description },
  ...errorResponses,
});

export function messageView(m: DocumentMessage) {
  return {
    id: m.id,
    documentId: m.documentId,
    kind: m.kind as 'document' | 'reminder',
    reminderStep: m.reminderStep,
    to: m.toAddresses,
    cc: m.ccAddresses,
    subject: m.subject,
    body: m.body,
    attachmentName: m.attachmentName,
    status: m.status as 'queued' | 'sent' | 'failed',
    transport: m.transport as 'smtp' | 'file' | null,
    transportMessageId: m.transportMessageId,
    error: m.error,
    sentAt: m.sentAt ? m.sentAt.toISOString() : null,
    createdAt: m.createdAt.toISOString(),
    createdBy: m.createdBy,
  };
}

export function statementView(s: CustomerStatement) {
  return {
    ...s,
    sections: s.sections.map((section) => ({
      currency: section.currency,
      openingBalance: integer(section.openingBalance),
      entries: section.entries.map((e) => ({
        ...e,
        debit: integer(e.debit),
        credit: integer(e.credit),
        balance: integer(e.balance),
      })),
      totalDebit: integer(section.totalDebit),
      totalCredit: integer(section.totalCredit),
      closingBalance: integer(section.closingBalance),
      aging: {
        buckets: Object.fromEntries(
          AGING_BUCKETS.map((b) => [b, integer(section.aging.buckets[b])]),
        ) as Record<(typeof AGING_BUCKETS)[number], number>,
        openInvoices: integer(section.aging.openInvoices),
        unappliedCredit: integer(section.aging.unappliedCredit),
      },
    })),
  };
}

export function documentFileRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  const db = (c: Context<AppEnv>) => c.get('deps').store.db;
  const sendFile = (c: Context<AppEnv>, file: PdfFile) =>
    c.body(new Uint8Array(file.bytes), 200, {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="${file.fileName}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    });

  for (const kind of KINDS) {
    const base = `/sales/${kind.path}/{id}`;
    app.openapi(
      createRoute({
        method: 'get',
        path: `${base}/pdf`,
        tags,
        summary: `The ${kind.name} as a PDF, named by its number (a draft carries a DRAFT mark)`,
        request: { params: IdParam },
        responses: pdfResponse('The PDF, as a download'),
      }),
      async (c) =>
        sendFile(c, await getDocumentPdf(db(c), requireActor(c), kind.type, c.req.valid('param').id)),
    );
    app.openapi(
      createRoute({
        method: 'post',
        path: `${base}/send`,
        tags,
        summary:
          kind.type === 'quote'
            ? 'Email the quote with its PDF (a draft is numbered and marked sent); the mail leaves after commit'
            : `Email the issued ${kind.name} with its PDF; the mail leaves after commit (a draft is refused)`,
        request: { params: IdParam, ...jsonBody(contracts.SendDocumentInput) },
        responses: { 201: json(contracts.DocumentMessageSchema, 'The message, queued'), ...errorResponses },
      }),
      async (c) => {
        const actor = requireActor(c);
        const body = c.req.valid('json');
        const message = await salesTransaction(
          db(c),
          actor,
          kind.type === 'quote' ? 'quote:write' : 'invoice:write',
          (tx) => sendSalesDocument(tx, actor, kind.type, c.req.valid('param').id, body),
        );
        c.get('deps').wakeDispatcher?.();
        return c.json(messageView(message), 201);
      },
    );
    app.openapi(
      createRoute({
        method: 'get',
        path: `${base}/messages`,
        tags,
        summary: `Emails sent about the ${kind.name} (sends and reminders), newest first, with how delivery went`,
        request: { params: IdParam },
        responses: {
          200: json(z.object({ items: z.array(contracts.DocumentMessageSchema) }), 'The messages'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const actor = requireActor(c);
        const items = await salesRead(db(c), actor, (q) =>
          listDocumentMessages(q, actor.orgId, kind.type, c.req.valid('param').id),
        );
        return c.json({ items: items.map(messageView) }, 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: 'get',
      path: '/sales/customers/{id}/statement',
      tags,
      summary:
        'Statement of account for a date range, per currency: balance brought forward, entries with the running balance, closing balance, aging',
      request: { params: IdParam, query: contracts.StatementQuery },
      responses: { 200: json(contracts.StatementSchema, 'The statement'), ...errorResponses },
    }),
    async (c) => {
      const statement = await getCustomerStatement(
        db(c),
        requireActor(c),
        c.req.valid('param').id,
        c.req.valid('query'),
      );
      return c.json(statementView(statement), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/sales/customers/{id}/statement.pdf',
      tags,
      summary: 'The statement of account as a PDF',
      request: { params: IdParam, query: contracts.StatementQuery },
      responses: pdfResponse('The PDF, as a download'),
    }),
    async (c) =>
      sendFile(
        c,
        await getCustomerStatementPdf(db(c), requireActor(c), c.req.valid('param').id, c.req.valid('query')),
      ),
  );
  return app;
}
