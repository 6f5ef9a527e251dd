import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireActor } from '../../api/auth.middleware.ts';
import type { AppEnv } from '../../api/env.ts';
import { errorResponses, json, jsonBody } from '../../api/openapi.ts';
import { AppError, invalid } from '../../core/errors.ts';
import { assertCan } from '../identity/permissions.ts';
import type { ImportReport, ImportRequest } from './batch.kit.ts';
import { DocumentListFilters } from './contracts.ts';
import { DATE_FORMATS, DECIMAL_SEPARATORS, DELIMITERS, ENCODINGS } from './csv-mapping.domain.ts';
import { importCustomers, previewCustomerImport } from './customer-import.service.ts';
import { importInvoices, previewInvoiceImport } from './invoice-import.service.ts';
import { exportSalesList, SALES_EXPORT_FORMATS, type SalesList } from './sales-export.service.ts';

// CSV import of customers and invoices (a mapping step, dry run, per-row errors, all or nothing)
// and CSV/XLSX export of every receivables list, over HTTP. Thin: the services do the work.

const tags = ['Sales import and export'];

const FileInput = {
  csv: z.string().optional().openapi({ description: 'The file as text (UTF-8)' }),
  fileBase64: z
    .string()
    .optional()
    .openapi({ description: "The file's bytes in base64, for files in Windows-1252 or with a BOM" }),
  fileName: z.string().max(200).optional(),
  encoding: z
    .enum(ENCODINGS)
    .optional()
    .openapi({ description: 'Default auto: BOM, else UTF-8 if valid, else Windows-1252' }),
  delimiter: z.enum(DELIMITERS).optional().openapi({ description: 'Default auto, from the header line' }),
};
const PreviewInput = z.object(FileInput).openapi('ImportPreviewInput');
const ImportInput = z
  .object({
    ...FileInput,
    mapping: z
      .record(z.string().max(40), z.union([z.string().max(200), z.number().int().min(1).max(1000)]))
      .optional()
      .openapi({
        description:
          'Field → column header, or column number (1 = the first); default: the suggested mapping',
        example: { name: 'Company', email: 'E-mail' },
      }),
    dateFormat: z.enum(DATE_FORMATS).optional().openapi({ description: 'Default YYYY-MM-DD' }),
    decimalSeparator: z
      .enum(DECIMAL_SEPARATORS)
      .optional()
      .openapi({ description: 'Default auto, from the numbers in the file' }),
    dryRun: z.boolean().optional().openapi({ description: 'Check every row and report; write nothing' }),
  })
  .openapi('ImportInput');
const InvoiceImportInput = ImportInput.extend({
  issue: z
    .boolean()
    .optional()
    .openapi({ description: 'Issue the invoices (numbered, posted) instead of drafts' }),
}).openapi('InvoiceImportInput');

const PreviewSchema = z
  .object({
    encoding: z.string(),
    delimiter: z.string(),
    headers: z.array(z.string()),
    rowCount: z.number(),
    preview: z.array(z.array(z.string())),
    mapping: z.record(z.string(), z.string()),
    fields: z.array(z.object({ key: z.string(), label: z.string(), required: z.boolean() })),
  })
  .openapi('ImportPreview');
const Imported = z.object({
  rows: z.array(z.number()),
  reference: z.string().nullable(),
  id: z.string(),
  number: z.string().nullable().optional(),
});
const ReportSchema = z
  .object({
    kind: z.enum(['customers', 'invoices']),
    dryRun: z.boolean(),
    alreadyImported: z.boolean(),
    importId: z.string().nullable(),
    encoding: z.string(),
    delimiter: z.string(),
    decimalSeparator: z.string(),
    dateFormat: z.string(),
    mapping: z.record(z.string(), z.string()),
    rowsParsed: z.number(),
    rowsValid: z.number(),
    errors: z.array(
      z.object({
        row: z.number(),
        column: z.string().nullable(),
        field: z.string().nullable(),
        code: z.string(),
        message: z.string(),
      }),
    ),
    created: z.array(Imported),
    skipped: z.array(Imported.extend({ reason: z.string() })),
  })
  .openapi('ImportReport');

type FileBody = z.infer<typeof PreviewInput>;

/** The body's file as the services take it: bytes from base64, or the text. */
function fileOf(body: FileBody): Pick<ImportRequest, 'file' | 'encoding' | 'delimiter'> {
  if (body.fileBase64 !== undefined) {
    if (!/^[A-Za-z0-9+/=\s]*$/.test(body.fileBase64))
      throw invalid('INVALID_BASE64', 'fileBase64 is not base64.', { field: 'fileBase64' });
    return {
      file: { bytes: new Uint8Array(Buffer.from(body.fileBase64, 'base64')), name: body.fileName ?? null },
      encoding: body.encoding,
      delimiter: body.delimiter,
    };
  }
  if (body.csv === undefined)
    throw invalid('FILE_REQUIRED', 'Send the file as csv (text) or fileBase64.', { field: 'csv' });
  return { file: { text: body.csv, name: body.fileName ?? null }, delimiter: body.delimiter };
}

/** A failed import is a 422 carrying the report (its per-row errors); a dry run reports with 200. */
function answer(report: ImportReport): ImportReport {
  if (report.errors.length > 0 && !report.dryRun)
    throw new AppError(
      'unprocessable',
      'IMPORT_ROWS_INVALID',
      `${new Set(report.errors.map((e) => e.row)).size} of ${report.rowsParsed} rows have errors; nothing was imported.`,
      { ...report },
    );
  return report;
}

const binary = z.string().openapi({ type: 'string', format: 'binary' });
const fileResponses = {
  200: {
    content: {
      'text/csv': { schema: binary },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: binary },
    },
    description: 'The list as a download (Content-Disposition: attachment), every page of it',
  },
  ...errorResponses,
};
const Id = z.string().min(1).max(64).optional();
const Format = z.enum(SALES_EXPORT_FORMATS).default('csv');
const EXPORTS: { list: SalesList; query: z.ZodObject }[] = [
  { list: 'invoices', query: z.object({ format: Format, ...DocumentListFilters }) },
  { list: 'credit-notes', query: z.object({ format: Format, ...DocumentListFilters }) },
  { list: 'quotes', query: z.object({ format: Format, ...DocumentListFilters }) },
  { list: 'customers', query: z.object({ format: Format, q: z.string().max(100).optional() }) },
  { list: 'payments', query: z.object({ format: Format, customerId: Id }) },
  { list: 'items', query: z.object({ format: Format }) },
  { list: 'tax-rates', query: z.object({ format: Format }) },
];

export function batchRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  const db = (c: Context<AppEnv>) => c.get('deps').store.db;

  for (const kind of ['customers', 'invoices'] as const) {
    const preview = kind === 'customers' ? previewCustomerImport : previewInvoiceImport;
    app.openapi(
      createRoute({
        method: 'post',
        path: `/sales/imports/${kind}/mapping`,
        tags,
        summary: `Read a ${kind} CSV and suggest which column holds each field (the mapping step); writes nothing`,
        request: jsonBody(PreviewInput),
        responses: {
          200: json(PreviewSchema, 'Headers, first rows and the suggested mapping'),
          ...errorResponses,
        },
      }),
      async (c) => {
        assertCan(requireActor(c), kind === 'customers' ? 'customer:write' : 'invoice:write');
        return c.json(preview(fileOf(c.req.valid('json'))), 200);
      },
    );
  }
  app.openapi(
    createRoute({
      method: 'post',
      path: '/sales/imports/customers',
      tags,
      summary: 'Import customers from CSV: all or nothing, per-row errors; existing customers are skipped',
      request: jsonBody(ImportInput),
      responses: {
        200: json(ReportSchema, 'What was (or, for a dry run, would be) imported'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { mapping, dateFormat, decimalSeparator, dryRun, ...body } = c.req.valid('json');
      const report = await importCustomers(db(c), requireActor(c), {
        ...fileOf(body),
        mapping,
        dateFormat,
        decimalSeparator,
        dryRun,
      });
      return c.json(answer(report), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/sales/imports/invoices',
      tags,
      summary:
        'Import invoices from CSV (one row per line, grouped by reference): drafts, or issued; all or nothing, per-row errors',
      request: jsonBody(InvoiceImportInput),
      responses: {
        200: json(ReportSchema, 'What was (or, for a dry run, would be) imported'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { mapping, dateFormat, decimalSeparator, dryRun, issue, ...body } = c.req.valid('json');
      const report = await importInvoices(db(c), requireActor(c), {
        ...fileOf(body),
        mapping,
        dateFormat,
        decimalSeparator,
        dryRun,
        issue,
      });
      return c.json(answer(report), 200);
    },
  );

  for (const { list, query } of EXPORTS)
    app.openapi(
      createRoute({
        method: 'get',
        path: `/sales/exports/${list}`,
        tags,
        summary: `The ${list.replace('-', ' ')} list as CSV or XLSX, with the list's filters; amounts as decimals beside a currency column`,
        request: { query },
        responses: fileResponses,
      }),
      async (c) => {
        const { format, ...filters } = c.req.valid('query') as { format: 'csv' | 'xlsx' } & Record<
          string,
          string
        >;
        const file = await exportSalesList(db(c), requireActor(c), { list, format, ...filters });
        const iterator = file.chunks[Symbol.asyncIterator]();
        const body = new ReadableStream<Uint8Array>({
          async pull(controller) {
            const next = await iterator.next();
            if (next.done) controller.close();
            else controller.enqueue(next.value);
          },
          async cancel() {
            await iterator.return?.();
          },
        });
        return c.body(body, 200, {
          'content-type': file.contentType,
          'content-disposition': `attachment; filename="${file.fileName}"`,
          'cache-control': 'private, no-store',
          'x-content-type-options': 'nosniff',
        });
      },
    );
  return app;
}
