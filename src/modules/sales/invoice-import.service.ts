import { and, eq } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { AppError } from '../../core/errors.ts';
import { isCurrency } from '../../core/money.ts';
import type { Db } from '../../db/client.ts';
import { assertCan } from '../identity/permissions.ts';
import {
  attempt,
  fits,
  type ImportContext,
  type ImportReport,
  type ImportRequest,
  importedReferences,
  previewImport,
  rememberReference,
  runImport,
  TaxRateFinder,
} from './batch.kit.ts';
import { type FieldSpec, parseAmount, parseBoolean, parseDate, plainDecimal } from './csv-mapping.domain.ts';
import { createDocument, type DocumentInput, type LineInput } from './document.service.ts';
import { parseQuantity } from './invoice.domain.ts';
import { issueDocument } from './invoice.service.ts';
import { customer, salesItem } from './sales.table.ts';
import { baseCurrencyOf } from './settlement.service.ts';

// CSV import of invoices: one row per line, the rows of one invoice sharing its reference. Each
// invoice names its customer by reference, email or name; tax rates by name or percent; items by
// SKU or name. Invoices come in as drafts, or issued (numbered and posted by the issue use case)
// when asked. All or nothing; an invoice whose reference was imported before is skipped.

export const INVOICE_FIELDS: readonly FieldSpec[] = [
  {
    key: 'reference',
    label: 'Invoice reference (groups the lines of one invoice)',
    required: true,
    synonyms: [
      'invoice',
      'invoicenumber',
      'invoiceno',
      'invoiceref',
      'invoicereference',
      'invoiceid',
      'number',
      'documentnumber',
      'ref',
    ],
  },
  {
    key: 'customerRef',
    label: 'Customer reference',
    synonyms: [
      'customerid',
      'customerreference',
      'customernumber',
      'customercode',
      'accountnumber',
      'externalid',
    ],
  },
  {
    key: 'customerName',
    label: 'Customer name',
    synonyms: ['customer', 'client', 'clientname', 'company', 'billto'],
  },
  { key: 'customerEmail', label: 'Customer email', synonyms: ['email', 'emailaddress', 'clientemail'] },
  { key: 'issueDate', label: 'Issue date', synonyms: ['date', 'invoicedate', 'issued', 'documentdate'] },
  { key: 'dueDate', label: 'Due date', synonyms: ['due', 'paymentdue'] },
  { key: 'currency', label: 'Currency', synonyms: ['currencycode'] },
  {
    key: 'buyerReference',
    label: "Buyer's reference (PO number)",
    synonyms: ['ponumber', 'purchaseorder', 'po', 'orderreference', 'yourreference'],
  },
  {
    key: 'pricesIncludeTax',
    label: 'Prices include tax (yes/no)',
    synonyms: ['taxinclusive', 'inclusive', 'grossprices', 'pricesincludevat'],
  },
  { key: 'notes', label: 'Notes', synonyms: ['note', 'memo', 'comments'] },
  {
    key: 'item',
    label: 'Item (SKU or name)',
    synonyms: ['sku', 'itemsku', 'itemcode', 'productcode', 'product'],
  },
  {
    key: 'description',
    label: 'Line description',
    synonyms: [
      'linedescription',
      'line',
      'linename',
      'itemdescription',
      'itemname',
      'productname',
      'service',
      'details',
      'name',
    ],
  },
  { key: 'quantity', label: 'Quantity', synonyms: ['qty', 'units', 'hours'] },
  {
    key: 'unitPrice',
    label: 'Unit price',
    synonyms: ['price', 'rate', 'unitcost', 'priceeach', 'unitamount'],
  },
  { key: 'unitCode', label: 'Unit code (C62, HUR…)', synonyms: ['unit', 'uom'] },
  {
    key: 'taxRate',
    label: 'Tax rate (name or percent)',
    synonyms: ['tax', 'vat', 'vatrate', 'taxcode', 'taxname', 'taxpercent', 'vatpercent'],
  },
  { key: 'discountPercent', label: 'Line discount %', synonyms: ['discount', 'linediscount', 'discountpct'] },
];

const HEADER_FIELDS = [
  'customerRef',
  'customerName',
  'customerEmail',
  'issueDate',
  'dueDate',
  'currency',
  'buyerReference',
  'pricesIncludeTax',
  'notes',
];

/** Where a refusal's `details.field` points in the file: the line's row and the mapped column. */
const LINE_FIELDS: Record<string, string> = {
  quantity: 'quantity',
  unitPrice: 'unitPrice',
  taxRateId: 'taxRate',
  itemId: 'item',
  name: 'description',
  discountPercent: 'discountPercent',
  unitCode: 'unitCode',
};
const DOCUMENT_FIELDS: Record<string, string> = {
  customerId: 'customerName',
  issueDate: 'issueDate',
  date: 'issueDate',
  dueDate: 'dueDate',
  currency: 'currency',
};

export interface InvoiceImportRequest extends ImportRequest {
  /** Issue each invoice (numbered, posted) on its issue date instead of leaving drafts. */
  issue?: boolean;
}

export const previewInvoiceImport = (request: Omit<ImportRequest, 'mapping' | 'dryRun'>) =>
  previewImport(request, INVOICE_FIELDS);

/** Imports invoices from CSV (all or nothing). Needs `invoice:write`, and `invoice:issue` to issue. */
export async function importInvoices(
  db: Db,
  actor: Actor,
  request: InvoiceImportRequest,
): Promise<ImportReport> {
  assertCan(actor, 'invoice:write');
  if (request.issue) assertCan(actor, 'invoice:issue');
  return runImport(db, actor, 'invoices', request, INVOICE_FIELDS, (ctx) =>
    planInvoices(ctx, request.issue === true),
  );
}

type Row = ImportContext['table']['rows'][number];

async function customerFinder(ctx: ImportContext) {
  const orgId = ctx.actor.orgId;
  const rows = await ctx.tx
    .select({
      id: customer.id,
      name: customer.name,
      email: customer.email,
      currency: customer.currency,
      mergedIntoId: customer.mergedIntoId,
    })
    .from(customer)
    .where(eq(customer.orgId, orgId));
  const byId = new Map(rows.map((c) => [c.id, c]));
  const active = (id: string): (typeof rows)[number] | undefined => {
    const found = byId.get(id);
    return found?.mergedIntoId ? active(found.mergedIntoId) : found;
  };
  const references = await importedReferences(ctx.tx, orgId, 'customers');
  const live = rows.filter((c) => !c.mergedIntoId);
  return (by: { ref?: string; email?: string; name?: string }) => {
    if (by.ref) {
      const found = active(references.get(by.ref) ?? by.ref);
      if (found) return found;
      throw new AppError(
        'invalid',
        'UNKNOWN_CUSTOMER',
        `No customer has the reference "${by.ref.slice(0, 60)}"; import the customers first.`,
        { field: 'customerRef' },
      );
    }
    if (by.email) {
      const found = live.filter((c) => c.email?.toLowerCase() === by.email!.toLowerCase());
      if (found.length === 1) return found[0]!;
      if (found.length === 0 && !by.name)
        throw new AppError(
          'invalid',
          'UNKNOWN_CUSTOMER',
          `No customer has the email ${by.email.slice(0, 60)}.`,
          { field: 'customerEmail' },
        );
    }
    if (by.name) {
      const found = live.filter((c) => c.name.trim().toLowerCase() === by.name!.toLowerCase());
      if (found.length === 1) return found[0]!;
      throw new AppError(
        'invalid',
        found.length ? 'AMBIGUOUS_CUSTOMER' : 'UNKNOWN_CUSTOMER',
        found.length
          ? `${found.length} customers are named "${by.name.slice(0, 60)}"; give their email or reference.`
          : `No customer is named "${by.name.slice(0, 60)}"; import the customers first.`,
        { field: 'customerName' },
      );
    }
    throw new AppError(
      'invalid',
      'CUSTOMER_REQUIRED',
      'Name the customer (or give its email or reference).',
      { field: 'customerName' },
    );
  };
}

async function itemFinder(ctx: ImportContext) {
  const items = await ctx.tx
    .select({ id: salesItem.id, name: salesItem.name, sku: salesItem.sku })
    .from(salesItem)
    .where(and(eq(salesItem.orgId, ctx.actor.orgId)));
  return (text: string) => {
    const bySku = items.find((i) => i.sku === text);
    const byName = items.filter((i) => i.name.trim().toLowerCase() === text.toLowerCase());
    const found = bySku ?? (byName.length === 1 ? byName[0] : undefined);
    if (!found)
      throw new AppError(
        'invalid',
        'UNKNOWN_ITEM',
        byName.length
          ? `${byName.length} items are named "${text.slice(0, 60)}"; use the SKU.`
          : `No item has the SKU or name "${text.slice(0, 60)}".`,
      );
    return found.id;
  };
}

async function planInvoices(ctx: ImportContext, issue: boolean): Promise<void> {
  const { tx, actor, reader, table } = ctx;
  const findCustomer = await customerFinder(ctx);
  const findItem = await itemFinder(ctx);
  const rates = await TaxRateFinder.load(tx, actor.orgId);
  const imported = await importedReferences(tx, actor.orgId, 'invoices');
  const base = await baseCurrencyOf(tx, actor.orgId);
  const groups = new Map<string, Row[]>();
  for (const row of table.rows) {
    const reference = reader.get(row, 'reference');
    if (!reference) {
      reader.fail(
        row.row,
        'reference',
        'REFERENCE_REQUIRED',
        'Every row needs the reference of its invoice.',
      );
      continue;
    }
    groups.set(reference, [...(groups.get(reference) ?? []), row]);
  }
  let done = 0;
  for (const [reference, rows] of groups) {
    done += rows.length;
    ctx.progress(done);
    const before = reader.errors.length;
    const first = rows[0]!;
    // Invoice fields: the first row that has one gives it; another row saying otherwise is an error.
    const header = new Map<string, { value: string; row: number }>();
    for (const row of rows)
      for (const field of HEADER_FIELDS) {
        const value = reader.get(row, field);
        if (value === undefined) continue;
        const known = header.get(field);
        if (!known) header.set(field, { value, row: row.row });
        else if (known.value !== value)
          reader.fail(
            row.row,
            field,
            'CONFLICTING_VALUE',
            `Says "${value.slice(0, 40)}" where row ${known.row} of invoice ${reference} says "${known.value.slice(0, 40)}".`,
          );
      }
    const cell = (field: string) => header.get(field)?.value;
    const at = (field: string) => header.get(field)?.row ?? first.row;
    const readHeader = <T>(field: string, parse: (text: string) => T) => {
      const value = cell(field);
      return value === undefined ? undefined : reader.parse(at(field), field, value, parse);
    };
    fits(reader, first.row, 'reference', reference, 200);
    const named =
      ['customerRef', 'customerEmail', 'customerName'].find((f) => cell(f) !== undefined) ?? 'customerName';
    const buyer = reader.parse(at(named), named, '', () =>
      findCustomer({ ref: cell('customerRef'), email: cell('customerEmail'), name: cell('customerName') }),
    );
    const currency =
      readHeader('currency', (v) => {
        if (!isCurrency(v.toUpperCase()))
          throw new AppError(
            'invalid',
            'INVALID_CURRENCY',
            `"${v.slice(0, 10)}" is not an ISO 4217 currency code.`,
          );
        return v.toUpperCase();
      }) ??
      buyer?.currency ??
      base;
    const issueDate = readHeader('issueDate', (v) => parseDate(v, ctx.dateFormat));
    const dueDate = readHeader('dueDate', (v) => parseDate(v, ctx.dateFormat));
    if (issueDate && dueDate && dueDate < issueDate)
      reader.fail(
        at('dueDate'),
        'dueDate',
        'DUE_BEFORE_ISSUE',
        `Due ${dueDate}, before the issue date ${issueDate}.`,
      );
    const pricesIncludeTax = readHeader('pricesIncludeTax', parseBoolean);
    const lines: LineInput[] = rows.map((row) => {
      const quantity = reader.read(
        row,
        'quantity',
        (v) => parseQuantity(plainDecimal(v, ctx.decimalSeparator), 'quantity').text,
      );
      const unitPrice = reader.read(row, 'unitPrice', (v) => parseAmount(v, currency, ctx.decimalSeparator));
      const discount = reader.read(row, 'discountPercent', (v) => plainDecimal(v, ctx.decimalSeparator));
      return {
        itemId: reader.read(row, 'item', findItem) ?? null,
        name: fits(reader, row.row, 'description', reader.get(row, 'description'), 200),
        quantity: quantity ?? '1',
        ...(unitPrice !== undefined ? { unitPrice } : {}),
        unitCode: fits(reader, row.row, 'unitCode', reader.get(row, 'unitCode')?.toUpperCase(), 3),
        discountPercent: discount ?? null,
        taxRateId: reader.read(row, 'taxRate', (v) => rates.find(v).id),
      };
    });
    if (reader.errors.length > before || !buyer) continue;
    const previous = imported.get(reference);
    if (previous) {
      ctx.report.skipped.push({
        rows: rows.map((r) => r.row),
        reference,
        id: previous,
        reason: 'imported before',
      });
      continue;
    }
    const input: DocumentInput = {
      customerId: buyer.id,
      currency,
      ...(issueDate ? { issueDate } : {}),
      ...(dueDate ? { dueDate } : {}),
      buyerReference:
        fits(reader, at('buyerReference'), 'buyerReference', cell('buyerReference'), 200) ?? null,
      ...(pricesIncludeTax !== undefined ? { pricesIncludeTax } : {}),
      notes: fits(reader, at('notes'), 'notes', cell('notes'), 5000) ?? null,
      lines: lines.map(
        (l) => Object.fromEntries(Object.entries(l).filter(([, v]) => v !== undefined)) as LineInput,
      ),
    };
    const result = await attempt(tx, async () => {
      const draft = await createDocument(tx, actor, 'invoice', input);
      const doc = issue ? await issueDocument(tx, actor, 'invoice', draft.id) : draft;
      await rememberReference(ctx, reference, { documentId: doc.id });
      return doc;
    });
    if (result instanceof AppError) {
      const field = String(result.details.field ?? '');
      const line = /^lines\.(\d+)\.(\w+)$/.exec(field);
      if (line)
        reader.fail(
          rows[Number(line[1])]?.row ?? first.row,
          LINE_FIELDS[line[2]!] ?? null,
          result.code,
          result.message,
        );
      else {
        const mapped = DOCUMENT_FIELDS[field] ?? (result.code === 'PERIOD_LOCKED' ? 'issueDate' : null);
        reader.fail(mapped ? at(mapped) : first.row, mapped, result.code, result.message);
      }
      continue;
    }
    ctx.report.created.push({
      rows: rows.map((r) => r.row),
      reference,
      id: result.id,
      number: result.number,
    });
  }
}
