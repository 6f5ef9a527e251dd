import { createRoute, OpenAPIHono, type z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireActor } from '../../api/auth.middleware.ts';
import type { AppEnv } from '../../api/env.ts';
import { errorResponses, IdParam, json, jsonBody, page } from '../../api/openapi.ts';
import type { Permission } from '../identity/permissions.ts';
import * as contracts from './contracts.ts';
import { applyCreditNote } from './credit-note.service.ts';
import { type DocumentType, listDocuments, loadDocument } from './document.repo.ts';
import { createDocument, type DocumentInput, deleteDraft, updateDocument } from './document.service.ts';
import { documentFilterOf } from './document-filter.domain.ts';
import { documentTotals } from './document-list.query.ts';
import { checkCreditedInvoice, issueDocument, voidInvoice } from './invoice.service.ts';
import { invoiceQuote, moveQuote } from './quote.service.ts';
import { refundCreditNote } from './refund.service.ts';
import { integer, salesRead, salesTransaction, today } from './sales.kit.ts';
import { documentView, paymentView } from './sales.view.ts';

// Invoices, credit notes and quotes over HTTP: the same draft routes for each, then their own moves.

const tags = ['Sales'];
const KINDS: { type: DocumentType; path: string; name: string; write: Permission }[] = [
  { type: 'invoice', path: 'invoices', name: 'invoice', write: 'invoice:write' },
  { type: 'credit_note', path: 'credit-notes', name: 'credit note', write: 'invoice:write' },
  { type: 'quote', path: 'quotes', name: 'quote', write: 'quote:write' },
];

type Body = z.infer<typeof contracts.CreditNoteInput>;
const input = (body: Partial<Body>): Partial<DocumentInput> => {
  const { invoiceId, ...rest } = body;
  return { ...rest, ...(invoiceId ? { relatedDocumentId: invoiceId } : {}) } as Partial<DocumentInput>;
};

export function invoiceRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  const db = (c: Context<AppEnv>) => c.get('deps').store.db;
  const one = (description: string) => json(contracts.DocumentSchema, description);

  for (const kind of KINDS) {
    const base = `/sales/${kind.path}`;
    app.openapi(
      createRoute({
        method: 'get',
        path: base,
        tags,
        summary: `${kind.name}s, newest first; filter by customer, status (overdue is derived from the due date), issue dates and a search of number, reference and customer name`,
        request: { query: contracts.DocumentsQuery },
        responses: { 200: json(page(contracts.DocumentSchema), 'Documents'), ...errorResponses },
      }),
      async (c) => {
        const actor = requireActor(c);
        const { limit, cursor, ...filters } = c.req.valid('query');
        const now = today();
        const filter = documentFilterOf(filters, now);
        const result = await salesRead(db(c), actor, (q) =>
          listDocuments(q, actor.orgId, kind.type, filter, { limit, cursor }),
        );
        return c.json(
          { items: result.items.map((d) => documentView(d, now)), nextCursor: result.nextCursor },
          200,
        );
      },
    );
    // Before `${base}/{id}`, which would otherwise take `totals` for an id.
    app.openapi(
      createRoute({
        method: 'get',
        path: `${base}/totals`,
        tags,
        summary: `The count and totals per currency of every ${kind.name} the list's filters keep (all pages)`,
        request: { query: contracts.DocumentsTotalsQuery },
        responses: { 200: json(contracts.DocumentTotalsSchema, 'Totals'), ...errorResponses },
      }),
      async (c) => {
        const actor = requireActor(c);
        const filter = documentFilterOf(c.req.valid('query'), today());
        const totals = await salesRead(db(c), actor, (q) =>
          documentTotals(q, actor.orgId, kind.type, filter),
        );
        return c.json(
          {
            count: totals.count,
            currencies: totals.currencies.map((t) => ({
              ...t,
              total: integer(t.total),
              payable: integer(t.payable),
            })),
          },
          200,
        );
      },
    );
    app.openapi(
      createRoute({
        method: 'post',
        path: base,
        tags,
        summary: `Create a draft ${kind.name}; totals are computed here, never taken from the client`,
        request: jsonBody(kind.type === 'credit_note' ? contracts.CreditNoteInput : contracts.DocumentInput),
        responses: { 201: one('Created'), ...errorResponses },
      }),
      async (c) => {
        const actor = requireActor(c);
        const body = input(c.req.valid('json') as Body) as DocumentInput;
        const doc = await salesTransaction(db(c), actor, kind.write, async (tx) => {
          if (kind.type === 'credit_note' && body.relatedDocumentId)
            await checkCreditedInvoice(
              tx,
              actor.orgId,
              body.relatedDocumentId,
              body.customerId,
              body.currency,
            );
          return createDocument(tx, actor, kind.type, body);
        });
        return c.json(documentView(doc, today()), 201);
      },
    );
    app.openapi(
      createRoute({
        method: 'get',
        path: `${base}/{id}`,
        tags,
        summary: `One ${kind.name} with its lines, tax breakdown and totals`,
        request: { params: IdParam },
        responses: { 200: one('The document'), ...errorResponses },
      }),
      async (c) => {
        const actor = requireActor(c);
        const doc = await salesRead(db(c), actor, (q) =>
          loadDocument(q, actor.orgId, kind.type, c.req.valid('param').id),
        );
        return c.json(documentView(doc, today()), 200);
      },
    );
    app.openapi(
      createRoute({
        method: 'patch',
        path: `${base}/{id}`,
        tags,
        summary: `Change a draft ${kind.name}`,
        request: { params: IdParam, ...jsonBody(contracts.DocumentPatch) },
        responses: { 200: one('Updated'), ...errorResponses },
      }),
      async (c) => {
        const actor = requireActor(c);
        const body = c.req.valid('json');
        const doc = await salesTransaction(db(c), actor, kind.write, (tx) =>
          updateDocument(tx, actor, kind.type, c.req.valid('param').id, input(body)),
        );
        return c.json(documentView(doc, today()), 200);
      },
    );
    app.openapi(
      createRoute({
        method: 'delete',
        path: `${base}/{id}`,
        tags,
        summary: `Delete a draft ${kind.name}`,
        request: { params: IdParam },
        responses: { 204: { description: 'Deleted' }, ...errorResponses },
      }),
      async (c) => {
        const actor = requireActor(c);
        await salesTransaction(db(c), actor, kind.write, (tx) =>
          deleteDraft(tx, actor, kind.type, c.req.valid('param').id),
        );
        return c.body(null, 204);
      },
    );
    if (kind.type === 'quote') continue;
    const type = kind.type;
    app.openapi(
      createRoute({
        method: 'post',
        path: `${base}/{id}/issue`,
        tags,
        summary: `Issue a draft ${kind.name}: numbered from the gapless sequence and posted to the ledger`,
        request: { params: IdParam, ...jsonBody(contracts.IssueInput) },
        responses: { 200: one('Issued'), ...errorResponses },
      }),
      async (c) => {
        const actor = requireActor(c);
        const body = c.req.valid('json');
        const doc = await salesTransaction(db(c), actor, 'invoice:issue', (tx) =>
          issueDocument(tx, actor, type, c.req.valid('param').id, body),
        );
        return c.json(documentView(doc, today()), 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: 'post',
      path: '/sales/invoices/{id}/void',
      tags,
      summary: 'Void an unpaid invoice: a credit note for all of it, issued and applied',
      request: { params: IdParam, ...jsonBody(contracts.VoidInput) },
      responses: { 200: json(contracts.DocumentSchema, 'The credit note'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const body = c.req.valid('json');
      const note = await salesTransaction(db(c), actor, 'invoice:void', (tx) =>
        voidInvoice(tx, actor, c.req.valid('param').id, body),
      );
      return c.json(documentView(note, today()), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/sales/credit-notes/{id}/apply',
      tags,
      summary: "Apply a credit note's remaining credit to an open invoice of the customer",
      request: { params: IdParam, ...jsonBody(contracts.ApplyCreditInput) },
      responses: { 200: json(contracts.DocumentSchema, 'The credit note'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const body = c.req.valid('json');
      const note = await salesTransaction(db(c), actor, 'payment:write', (tx) =>
        applyCreditNote(tx, actor, c.req.valid('param').id, body),
      );
      return c.json(documentView(note, today()), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/sales/credit-notes/{id}/refund',
      tags,
      summary: "Pay back a credit note's remaining credit to the customer",
      request: { params: IdParam, ...jsonBody(contracts.RefundInput) },
      responses: { 201: json(contracts.PaymentSchema, 'The refund'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const body = c.req.valid('json');
      const refund = await salesTransaction(db(c), actor, 'payment:write', (tx) =>
        refundCreditNote(tx, actor, c.req.valid('param').id, body),
      );
      return c.json(paymentView(refund), 201);
    },
  );

  for (const to of ['sent', 'accepted', 'declined'] as const)
    app.openapi(
      createRoute({
        method: 'post',
        // Emailing a quote (which marks it sent) is POST /sales/quotes/{id}/send (document-file.routes.ts).
        path: `/sales/quotes/{id}/${to === 'sent' ? 'mark-sent' : to === 'accepted' ? 'accept' : 'decline'}`,
        tags,
        summary:
          to === 'sent'
            ? 'Mark a quote sent without emailing it (handed over another way)'
            : `Mark a quote ${to}`,
        request: { params: IdParam },
        responses: { 200: json(contracts.DocumentSchema, 'The quote'), ...errorResponses },
      }),
      async (c) => {
        const actor = requireActor(c);
        const quote = await salesTransaction(db(c), actor, 'quote:write', (tx) =>
          moveQuote(tx, actor, c.req.valid('param').id, to),
        );
        return c.json(documentView(quote, today()), 200);
      },
    );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/sales/quotes/{id}/invoice',
      tags,
      summary: 'Turn an accepted quote into a draft invoice',
      request: { params: IdParam },
      responses: { 201: json(contracts.DocumentSchema, 'The draft invoice'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const invoice = await salesTransaction(db(c), actor, 'invoice:write', (tx) =>
        invoiceQuote(tx, actor, c.req.valid('param').id),
      );
      return c.json(documentView(invoice, today()), 201);
    },
  );
  return app;
}
