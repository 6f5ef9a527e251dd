import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireActor } from '../../api/auth.middleware.ts';
import type { AppEnv } from '../../api/env.ts';
import { errorResponses, IdParam, json, jsonBody } from '../../api/openapi.ts';
import { toUbl } from '../einvoice/index.ts';
import * as contracts from './contracts.ts';
import { type DocumentType, loadDocument } from './document.repo.ts';
import { integer, salesRead, salesTransaction, today } from './sales.kit.ts';
import { documentView } from './sales.view.ts';
import { salesToEInvoice } from './ubl-export.mapping.ts';
import { importUblSalesDocument } from './ubl-import.service.ts';

// E-invoices over HTTP: an issued invoice or credit note as UBL 2.1 (Peppol BIS Billing 3.0), and a
// UBL invoice or credit note in as a draft, the same use cases as `ordo export|import ubl`.

const tags = ['Sales'];
const KINDS: { type: DocumentType; path: string; name: string }[] = [
  { type: 'invoice', path: 'invoices', name: 'invoice' },
  { type: 'credit_note', path: 'credit-notes', name: 'credit note' },
];

const UblImportInput = z
  .object({
    xml: z
      .string()
      .min(1)
      .max(5_000_000)
      .openapi({ description: 'The UBL 2.1 Invoice or CreditNote document, as text' }),
  })
  .openapi('UblImportInput');

const UblImportResultSchema = z
  .object({
    draft: contracts.DocumentSchema,
    sourceNumber: z.string().openapi({ description: "The document's own number (BT-1)" }),
    sourceSeller: z.string(),
    fromNegativeInvoice: z.boolean(),
    creditedInvoiceId: z.string().nullable(),
    customerId: z.string(),
    customerMatch: z.enum(['vat_id', 'name', 'created', 'previous_import']),
    alreadyImported: z
      .boolean()
      .openapi({ description: 'The document had been imported before: nothing was added (200, not 201)' }),
    taxRatesCreated: z.number(),
    matchesDocument: z.boolean().openapi({
      description: "False when the draft's totals differ from the document's (tax rounded per line)",
    }),
    prepaidAmount: z.number().openapi({ description: 'Already paid per the document; not recorded' }),
  })
  .openapi('UblImportResult');

export function ublRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  const db = (c: Context<AppEnv>) => c.get('deps').store.db;

  for (const kind of KINDS)
    app.openapi(
      createRoute({
        method: 'get',
        path: `/sales/${kind.path}/{id}/ubl`,
        tags,
        summary: `An issued ${kind.name} as UBL 2.1 XML (Peppol BIS Billing 3.0)`,
        request: { params: IdParam },
        responses: {
          200: {
            content: {
              'application/xml': { schema: z.string().openapi({ type: 'string', format: 'binary' }) },
            },
            description: 'The UBL document, as a download named after the document number',
          },
          ...errorResponses,
        },
      }),
      async (c) => {
        const actor = requireActor(c);
        const { id } = c.req.valid('param');
        const { number, xml } = await salesRead(db(c), actor, async (q) => {
          const doc = await salesToEInvoice(
            q,
            actor.orgId,
            await loadDocument(q, actor.orgId, kind.type, id),
          );
          return { number: doc.number, xml: toUbl(doc) };
        });
        return c.body(xml, 200, {
          'content-type': 'application/xml; charset=utf-8',
          'content-disposition': `attachment; filename="${number.replace(/[^\w.-]/g, '_')}.xml"`,
          'cache-control': 'private, no-store',
        });
      },
    );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/sales/imports/ubl',
      tags,
      summary:
        'Import a UBL invoice as a draft invoice, a credit note or negative invoice as a draft credit note; refused unless its figures add up',
      request: jsonBody(UblImportInput),
      responses: {
        200: json(UblImportResultSchema, 'Imported before: the earlier draft, nothing added'),
        201: json(UblImportResultSchema, 'The draft'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const actor = requireActor(c);
      const { xml } = c.req.valid('json');
      const result = await salesTransaction(db(c), actor, 'invoice:write', (tx) =>
        importUblSalesDocument(tx, actor, xml),
      );
      const { document, draft } = result;
      return c.json(
        {
          draft: documentView(draft, today()),
          sourceNumber: document.number,
          sourceSeller: document.seller.name,
          fromNegativeInvoice: result.fromNegativeInvoice,
          creditedInvoiceId: result.creditedInvoice?.id ?? null,
          customerId: result.customer.id,
          customerMatch: result.customerMatch,
          alreadyImported: result.alreadyImported,
          taxRatesCreated: result.taxRatesCreated,
          matchesDocument:
            draft.taxExclusiveAmount === document.totals.taxExclusive &&
            draft.taxAmount === document.totals.tax &&
            draft.taxInclusiveAmount === document.totals.taxInclusive,
          prepaidAmount: integer(document.totals.prepaid),
        },
        result.alreadyImported ? 200 : 201,
      );
    },
  );
  return app;
}
