import { PassThrough } from 'node:stream';
import { and, eq, inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Actor } from '../../core/actor.ts';
import { currencyExponent, minorToDecimalString } from '../../core/money.ts';
import type { Db, Queryable } from '../../db/client.ts';
import { csvLine, inert } from '../reports/index.ts';
import { listItems } from './catalog.service.ts';
import { listCustomers } from './customer.service.ts';
import { type DocumentType, listDocuments } from './document.repo.ts';
import { documentFilterOf } from './document-filter.domain.ts';
import { isOverdue } from './invoice.domain.ts';
import { listPayments } from './payment.service.ts';
import { salesRead, today } from './sales.kit.ts';
import { customer } from './sales.table.ts';
import { listTaxRates } from './tax.service.ts';

// Every receivables list as a CSV or XLSX file, with the list's own filters. Read a page at a time
// (each page its own read) and written as it is read, so memory stays flat however long the list.
// Amounts are decimals in the document's currency, next to a currency column.

export const SALES_LISTS = [
  'invoices',
  'credit-notes',
  'quotes',
  'customers',
  'payments',
  'items',
  'tax-rates',
] as const;
export type SalesList = (typeof SALES_LISTS)[number];
export const SALES_EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type SalesExportFormat = (typeof SALES_EXPORT_FORMATS)[number];

export interface SalesExportRequest {
  list: SalesList;
  format: SalesExportFormat;
  /** Documents and payments: one customer's. */
  customerId?: string;
  /** Documents: the status filter of the list (`overdue` derived from the due date). */
  status?: string;
  /** Documents: issue dates, both inclusive. */
  from?: string;
  to?: string;
  /** Customers: name, email or tax id contains; documents: number, reference or customer name. */
  q?: string;
}

export interface StreamedExport {
  fileName: string;
  contentType: string;
  /** The file, written as the pages are read. */
  chunks: AsyncIterable<Uint8Array>;
}

type Cell = string | number | boolean | { minor: bigint; currency: string } | { date: string } | null;
type Page = { rows: Cell[][]; nextCursor: string | null };

/** Rows a page holds. */
export const EXPORT_PAGE_SIZE = 1000;

const money = (minor: bigint | null, currency: string): Cell => (minor === null ? null : { minor, currency });
const date = (ymd: string | null): Cell => (ymd ? { date: ymd } : null);
const isMoney = (c: Cell): c is { minor: bigint; currency: string } =>
  typeof c === 'object' && c !== null && 'minor' in c;
const isDate = (c: Cell): c is { date: string } => typeof c === 'object' && c !== null && 'date' in c;

async function customerNames(q: Queryable, orgId: string, ids: string[]) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map<string, string>();
  const rows = await q
    .select({ id: customer.id, name: customer.name })
    .from(customer)
    .where(and(eq(customer.orgId, orgId), inArray(customer.id, unique)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

const DOCUMENT_TYPES: Partial<Record<SalesList, DocumentType>> = {
  invoices: 'invoice',
  'credit-notes': 'credit_note',
  quotes: 'quote',
};

/** The list's columns and a reader of one page after `cursor`. */
function sourceOf(request: SalesExportRequest, orgId: string, pageSize: number) {
  const type = DOCUMENT_TYPES[request.list];
  if (type) {
    const now = today();
    // Checked before the first page is read, so a bad range is a 400, not a broken download.
    const filter = documentFilterOf(request, now);
    return {
      columns: [
        'id',
        'number',
        'status',
        'overdue',
        'customer_id',
        'customer',
        'issue_date',
        'due_date',
        'currency',
        'line_extension',
        'allowance',
        'tax_exclusive',
        'tax',
        'tax_inclusive',
        'paid',
        'credited',
        'payable',
        'buyer_reference',
        'related_document_id',
        'lines',
      ],
      async page(q: Queryable, cursor?: string): Promise<Page> {
        const result = await listDocuments(q, orgId, type, filter, { limit: pageSize, cursor });
        const names = await customerNames(
          q,
          orgId,
          result.items.map((d) => d.customerId),
        );
        const rows = result.items.map((d) => [
          d.id,
          d.number,
          d.status,
          type === 'invoice' && isOverdue(d, now),
          d.customerId,
          names.get(d.customerId) ?? null,
          date(d.issueDate),
          date(d.dueDate),
          d.currency,
          money(d.lineExtensionAmount, d.currency),
          money(d.allowanceTotalAmount, d.currency),
          money(d.taxExclusiveAmount, d.currency),
          money(d.taxAmount, d.currency),
          money(d.taxInclusiveAmount, d.currency),
          money(d.paidAmount, d.currency),
          money(d.creditedAmount, d.currency),
          money(d.taxInclusiveAmount - d.paidAmount - d.creditedAmount, d.currency),
          d.buyerReference,
          d.relatedDocumentId,
          d.lines.length,
        ]);
        return { rows, nextCursor: result.nextCursor };
      },
    };
  }
  switch (request.list) {
    case 'customers':
      return {
        columns: [
          'id',
          'kind',
          'name',
          'email',
          'phone',
          'tax_id_scheme',
          'tax_id',
          'other_tax_ids',
          'currency',
          'payment_terms_days',
          'default_tax_rate',
          'address_line1',
          'address_line2',
          'city',
          'region',
          'postal_code',
          'country',
          'notes',
          'created_at',
        ],
        async page(q: Queryable, cursor?: string): Promise<Page> {
          const rates = new Map((await listTaxRates(q, orgId)).map((r) => [r.id, r.name]));
          const result = await listCustomers(q, orgId, { limit: pageSize, cursor, q: request.q });
          const rows = result.items.map((c) => {
            const [first, ...others] = c.taxIds;
            const a = c.billingAddress;
            return [
              c.id,
              c.kind,
              c.name,
              c.email,
              c.phone,
              first?.scheme ?? null,
              first?.value ?? null,
              others.map((t) => `${t.scheme}:${t.value}`).join('; ') || null,
              c.currency,
              c.paymentTermsDays,
              c.defaultTaxRateId ? (rates.get(c.defaultTaxRateId) ?? null) : null,
              a?.line1 ?? null,
              a?.line2 ?? null,
              a?.city ?? null,
              a?.region ?? null,
              a?.postalCode ?? null,
              a?.country ?? null,
              c.notes,
              c.createdAt.toISOString(),
            ];
          });
          return { rows, nextCursor: result.nextCursor };
        },
      };
    case 'payments':
      return {
        columns: [
          'id',
          'kind',
          'date',
          'customer_id',
          'customer',
          'currency',
          'amount',
          'applied',
          'unapplied',
          'account_id',
          'reference',
          'refund_of_id',
          'allocated_invoices',
        ],
        async page(q: Queryable, cursor?: string): Promise<Page> {
          const result = await listPayments(q, orgId, {
            limit: pageSize,
            cursor,
            customerId: request.customerId,
          });
          const names = await customerNames(
            q,
            orgId,
            result.items.map((p) => p.customerId),
          );
          const rows = result.items.map((p) => [
            p.id,
            p.kind,
            date(p.date),
            p.customerId,
            names.get(p.customerId) ?? null,
            p.currency,
            money(p.amount, p.currency),
            money(p.appliedAmount, p.currency),
            money(p.kind === 'payment' ? p.amount - p.appliedAmount : 0n, p.currency),
            p.accountId,
            p.reference,
            p.refundOfId ?? p.refundOfCreditNoteId,
            p.allocations.map((a) => a.invoiceId).join('; ') || null,
          ]);
          return { rows, nextCursor: result.nextCursor };
        },
      };
    case 'items':
      return {
        columns: [
          'id',
          'sku',
          'name',
          'kind',
          'description',
          'unit_code',
          'currency',
          'unit_price',
          'tax_rate',
          'income_account_id',
          'archived',
        ],
        async page(q: Queryable, cursor?: string): Promise<Page> {
          const rates = new Map((await listTaxRates(q, orgId)).map((r) => [r.id, r.name]));
          const result = await listItems(q, orgId, { limit: pageSize, cursor });
          // One row per price: an item priced in two currencies is two rows.
          const rows = result.items.flatMap((i) => {
            const prices = Object.entries(i.prices);
            return (prices.length ? prices : [[null, null] as const]).map(([currency, price]) => [
              i.id,
              i.sku,
              i.name,
              i.kind,
              i.description,
              i.unitCode,
              currency,
              currency && price !== null ? money(price, currency) : null,
              i.taxRateId ? (rates.get(i.taxRateId) ?? null) : null,
              i.incomeAccountId,
              i.archivedAt !== null,
            ]);
          });
          return { rows, nextCursor: result.nextCursor };
        },
      };
    default:
      return {
        columns: [
          'id',
          'name',
          'category',
          'percent',
          'exemption_reason_code',
          'exemption_reason',
          'account_id',
          'archived',
        ],
        async page(q: Queryable): Promise<Page> {
          const rows = (await listTaxRates(q, orgId)).map((r) => [
            r.id,
            r.name,
            r.category,
            r.percent,
            r.exemptionReasonCode,
            r.exemptionReason,
            r.accountId,
            r.archivedAt !== null,
          ]);
          return { rows, nextCursor: null };
        },
      };
  }
}

function csvCell(cell: Cell): string {
  if (cell === null) return '';
  if (isMoney(cell)) return minorToDecimalString(cell.minor, cell.currency);
  if (isDate(cell)) return cell.date;
  if (typeof cell === 'string') return inert(cell);
  return String(cell);
}

const numberFormat = (currency: string) => {
  const digits = currencyExponent(currency);
  return digits === 0 ? '#,##0' : `#,##0.${'0'.repeat(digits)}`;
};

async function* csvChunks(columns: string[], pages: AsyncIterable<Page>): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  yield encoder.encode(`${csvLine(columns)}\n`);
  for await (const page of pages)
    if (page.rows.length)
      yield encoder.encode(`${page.rows.map((r) => csvLine(r.map(csvCell))).join('\n')}\n`);
}

async function* xlsxChunks(
  title: string,
  columns: string[],
  pages: AsyncIterable<Page>,
): AsyncGenerator<Uint8Array> {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'Ordo';
  const sheet = workbook.addWorksheet(title, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((header) => ({ header, key: header, width: Math.max(10, header.length + 2) }));
  sheet.getRow(1).font = { bold: true };
  const writing = (async () => {
    for await (const page of pages)
      for (const cells of page.rows) {
        const row = sheet.addRow(
          cells.map((c) => {
            if (c === null) return null;
            // A spreadsheet number is a double: exact for amounts below 2^53 minor units.
            if (isMoney(c)) return Number(minorToDecimalString(c.minor, c.currency));
            if (isDate(c)) return new Date(`${c.date}T00:00:00Z`);
            return c;
          }),
        );
        cells.forEach((c, i) => {
          if (isMoney(c)) row.getCell(i + 1).numFmt = numberFormat(c.currency);
          else if (isDate(c)) row.getCell(i + 1).numFmt = 'yyyy-mm-dd';
        });
        row.commit();
      }
    sheet.commit();
    await workbook.commit();
  })();
  writing.catch((error: unknown) => out.destroy(error as Error));
  for await (const chunk of out) yield chunk as Uint8Array;
  await writing;
}

/**
 * A receivables list as a CSV or XLSX file of any length. The first page is read before anything
 * is returned, so a refusal (permission, filter) is an error rather than a broken download. Needs `sales:read`.
 */
export async function exportSalesList(
  db: Db,
  actor: Actor,
  request: SalesExportRequest,
  pageSize = EXPORT_PAGE_SIZE,
): Promise<StreamedExport> {
  const source = sourceOf(request, actor.orgId, pageSize);
  const read = (cursor?: string) => salesRead(db, actor, (q) => source.page(q, cursor));
  const first = await read();
  async function* pages(): AsyncGenerator<Page> {
    let page = first;
    for (;;) {
      yield page;
      if (!page.nextCursor) return;
      page = await read(page.nextCursor);
    }
  }
  const name = `${request.list}-${today()}`;
  return request.format === 'csv'
    ? {
        fileName: `${name}.csv`,
        contentType: 'text/csv; charset=utf-8',
        chunks: csvChunks(source.columns, pages()),
      }
    : {
        fileName: `${name}.xlsx`,
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        chunks: xlsxChunks(request.list, source.columns, pages()),
      };
}
