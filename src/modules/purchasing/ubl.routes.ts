import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireActor } from '../../api/auth.middleware.ts';
import type { AppEnv } from '../../api/env.ts';
import { errorResponses, json, jsonBody } from '../../api/openapi.ts';
import { integer } from '../sales/sales.kit.ts';
import * as contracts from './contracts.ts';
import { purchasingTransaction, today } from './purchasing.kit.ts';
import { billView } from './purchasing.view.ts';
import { importUblBill } from './ubl-import.service.ts';

// A UBL invoice or credit note in as a draft bill or vendor credit: the use case behind
// `ordo import ubl FILE --as bill`.

const tags = ['Purchasing'];

const UblBillImportInput = z
  .object({
    xml: z
      .string()
      .min(1)
      .max(5_000_000)
      .openapi({ description: 'The UBL 2.1 Invoice or CreditNote document, as text' }),
  })
  .openapi('UblBillImportInput');

const UblBillImportResultSchema = z
  .object({
    bill: contracts.BillSchema,
    sourceNumber: z
      .string()
      .openapi({ description: "The document's own number (BT-1), kept as the vendor number" }),
    sourceSeller: z.string(),
    fromNegativeInvoice: z.boolean(),
    vendorId: z.string(),
    vendorMatch: z.enum(['vat_id', 'name', 'created', 'previous_import']),
    alreadyImported: z
      .boolean()
      .openapi({ description: 'Imported before: nothing was added (200, not 201)' }),
    taxRatesCreated: z.number(),
    possibleDuplicateId: z
      .string()
      .nullable()
      .openapi({ description: 'Another bill of the vendor that looks the same' }),
    matchesDocument: z.boolean(),
    prepaidAmount: z.number().openapi({ description: 'Already paid per the document; not recorded' }),
  })
  .openapi('UblBillImportResult');

export function ublBillRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  const db = (c: Context<AppEnv>) => c.get('deps').store.db;
  app.openapi(
    createRoute({
      method: 'post',
      path: '/purchasing/imports/ubl',
      tags,
      summary:
        'Import a UBL 2.1 / Peppol BIS 3 invoice as a draft bill (a credit note as a draft vendor credit): the seller matched by VAT id or name, or created; refused unless its figures add up; the same document again adds nothing',
      request: jsonBody(UblBillImportInput),
      responses: {
        200: json(UblBillImportResultSchema, 'Imported before; nothing added'),
        201: json(UblBillImportResultSchema, 'Imported'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const actor = requireActor(c);
      const { xml } = c.req.valid('json');
      const result = await purchasingTransaction(db(c), actor, 'bill:write', (tx) =>
        importUblBill(tx, actor, xml),
      );
      const body = {
        bill: billView(result.bill, today()),
        sourceNumber: result.document.number,
        sourceSeller: result.document.seller.name,
        fromNegativeInvoice: result.fromNegativeInvoice,
        vendorId: result.vendor.id,
        vendorMatch: result.vendorMatch,
        alreadyImported: result.alreadyImported,
        taxRatesCreated: result.taxRatesCreated,
        possibleDuplicateId: result.possibleDuplicateId,
        matchesDocument: result.matchesDocument,
        prepaidAmount: integer(result.document.totals.prepaid),
      };
      return result.alreadyImported ? c.json(body, 200) : c.json(body, 201);
    },
  );
  return app;
}
