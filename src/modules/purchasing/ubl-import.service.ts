import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import type { Tx } from '../../db/client.ts';
import {
  assertTotals,
  canonicalDecimal,
  type EInvoiceDocument,
  type EInvoiceParty,
  type FlatLine,
  flattenLines,
  fromUbl,
  isNegativeInvoice,
  negativeInvoiceAsCreditNote,
  taxKey,
} from '../einvoice/index.ts';
import { assertCan } from '../identity/permissions.ts';
import { accountForSubtype } from '../ledger/index.ts';
import { createTaxRate, listTaxRates, type TaxRate } from '../sales/tax.service.ts';
import { bicProblem, ibanProblem } from './bank-account.domain.ts';
import { type Bill, type BillType, loadBill } from './bill.repo.ts';
import { type BillInput, billTotals, createBill, findDuplicate } from './bill.service.ts';
import { bill, purchasingImport } from './bill.table.ts';
import { allVendors, createVendor, type Vendor } from './vendor.service.ts';

// A UBL 2.1 / Peppol BIS 3 invoice in as a draft bill; a credit note (or a negative invoice, the
// other way EN 16931 writes a correction) as a draft vendor credit. The seller is the vendor:
// matched by VAT id, else by name, else created with its address, VAT id and (when it checks out)
// its IBAN. Each VAT category and rate is a tax rate (matched or created); the lines are the
// document's simplified by flattenLines, so the VAT breakdown and totals stay the document's. The
// import is keyed by what identifies the document in every copy: a re-import adds nothing.

export interface UblBillImportResult {
  document: EInvoiceDocument;
  fromNegativeInvoice: boolean;
  bill: Bill;
  vendor: Vendor;
  vendorMatch: 'vat_id' | 'name' | 'created' | 'previous_import';
  alreadyImported: boolean;
  taxRatesCreated: number;
  /** Another bill of this vendor that looks the same (its number, or amount and date). */
  possibleDuplicateId: string | null;
  /** True when the draft's tax and totals are exactly the document's. */
  matchesDocument: boolean;
}

const normalizeId = (id: string) => id.replace(/[\s.-]/g, '').toUpperCase();
const normalizeName = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

/** What identifies an e-invoice in every copy: seller, kind, number, date and total (numbers get reused). */
export function ublBillReference(document: EInvoiceDocument): string {
  const seller = document.seller.vatId ?? document.seller.legalId?.id ?? document.seller.name;
  return `ubl:${document.kind}:${seller}:${document.number}:${document.issueDate}:${document.totals.taxInclusive}`;
}

async function matchVendor(
  tx: Tx,
  actor: Actor,
  seller: EInvoiceParty,
  document: EInvoiceDocument,
): Promise<{ vendor: Vendor; match: UblBillImportResult['vendorMatch'] }> {
  const vendors = (await allVendors(tx, actor.orgId)).filter((v) => !v.archivedAt);
  if (seller.vatId) {
    const vat = normalizeId(seller.vatId);
    const found = vendors.find((v) => v.taxIds.some((t) => normalizeId(t.value) === vat));
    if (found) return { vendor: found, match: 'vat_id' };
  }
  const names = [seller.name, seller.tradingName].filter((n): n is string => Boolean(n)).map(normalizeName);
  const byName = vendors.find(
    (v) =>
      names.includes(normalizeName(v.name)) || (v.legalName && names.includes(normalizeName(v.legalName))),
  );
  if (byName) return { vendor: byName, match: 'name' };
  // A payee account is kept only when it is a real IBAN (examples carry placeholders).
  const account = document.paymentMeans.find((m) => m.account && !ibanProblem(m.account.id))?.account;
  const a = seller.address;
  const vendor = await createVendor(tx, actor, {
    kind: 'company',
    name: seller.tradingName ?? seller.name,
    legalName: seller.name,
    email: seller.contact?.email ?? null,
    phone: seller.contact?.phone ?? null,
    address: {
      line1: a.street ?? null,
      line2: a.additionalStreet ?? null,
      city: a.city ?? null,
      region: a.subdivision ?? null,
      postalCode: a.postalCode ?? null,
      country: a.countryCode,
    },
    taxIds: seller.vatId ? [{ scheme: 'VAT', value: seller.vatId }] : [],
    currency: document.currency,
    bankAccount: account
      ? {
          kind: 'iban',
          iban: account.id,
          bic: account.bic && !bicProblem(account.bic) ? account.bic : null,
          accountName: account.name ?? null,
        }
      : null,
  });
  return { vendor, match: 'created' };
}

/** The tax rate for a VAT category and rate: an active one that matches, else a new one. */
async function taxRateFor(tx: Tx, actor: Actor, rates: TaxRate[], line: FlatLine) {
  const percent = line.tax.rate ?? '0';
  const found = rates.find(
    (r) => !r.archivedAt && r.category === line.tax.code && canonicalDecimal(r.percent) === percent,
  );
  if (found) return { rate: found, created: false };
  const rate = await createTaxRate(tx, actor, {
    name:
      line.tax.code === 'S'
        ? `VAT ${percent}%`
        : `VAT ${line.tax.code}${percent === '0' ? '' : ` ${percent}%`}`,
    category: line.tax.code,
    percent,
    exemptionReasonCode: line.tax.exemptionReasonCode ?? null,
    exemptionReason: line.tax.exemptionReason ?? null,
  });
  rates.push(rate);
  return { rate, created: true };
}

/** The bill an earlier import of `reference` created, if it still exists. */
async function previouslyImported(tx: Tx, orgId: string, reference: string) {
  const [row] = await tx
    .select({ billId: purchasingImport.billId, type: bill.type })
    .from(purchasingImport)
    .innerJoin(bill, and(eq(bill.orgId, purchasingImport.orgId), eq(bill.id, purchasingImport.billId)))
    .where(and(eq(purchasingImport.orgId, orgId), eq(purchasingImport.reference, reference)));
  return row ?? null;
}

/**
 * Reads `xml`, refuses it unless its figures add up, and writes it as a draft bill (or vendor
 * credit) in the actor's organization, in the transaction `tx`.
 */
export async function importUblBill(tx: Tx, actor: Actor, xml: string): Promise<UblBillImportResult> {
  assertCan(actor, 'bill:write');
  const read = fromUbl(xml);
  assertTotals(read);
  const fromNegativeInvoice = isNegativeInvoice(read);
  const document = fromNegativeInvoice ? negativeInvoiceAsCreditNote(read) : read;
  const type: BillType = document.kind === 'invoice' ? 'bill' : 'vendor_credit';
  const reference = ublBillReference(document);
  const earlier = await previouslyImported(tx, actor.orgId, reference);
  if (earlier) {
    const found = await loadBill(tx, actor.orgId, earlier.type as BillType, earlier.billId);
    const vendor = (await allVendors(tx, actor.orgId)).find((v) => v.id === found.vendorId)!;
    return {
      document,
      fromNegativeInvoice,
      bill: found,
      vendor,
      vendorMatch: 'previous_import',
      alreadyImported: true,
      taxRatesCreated: 0,
      possibleDuplicateId: null,
      matchesDocument: matches(found, document),
    };
  }
  const lines = flattenLines(document);
  const { vendor, match } = await matchVendor(tx, actor, document.seller, document);
  const rates = await listTaxRates(tx, actor.orgId);
  const rateOf = new Map<string, TaxRate>();
  let taxRatesCreated = 0;
  for (const line of lines) {
    const key = taxKey(line.tax);
    if (rateOf.has(key)) continue;
    const { rate, created } = await taxRateFor(tx, actor, rates, line);
    rateOf.set(key, rate);
    if (created) taxRatesCreated += 1;
  }
  const accountId =
    vendor.defaultExpenseAccountId ??
    (
      await accountForSubtype(tx, actor.orgId, 'cost_of_sales', 'cost of sales').catch(() =>
        accountForSubtype(tx, actor.orgId, 'expense', 'expense'),
      )
    ).id;
  const billLines = lines.map((line) => {
    const rate = rateOf.get(taxKey(line.tax))!;
    return {
      name: line.name.slice(0, 200),
      description: line.description ?? null,
      quantity: line.quantity,
      unitCode: line.unitCode,
      unitPrice: line.unitPrice,
      discountAmount: line.discountAmount === 0n ? null : line.discountAmount,
      taxRateId: rate.id,
      taxPercent: rate.percent,
      accountId,
    };
  });
  // EN 16931 rounds VAT per category; a seller may have rounded per line. Take whichever gives the
  // document's own tax.
  const perLine = billTotals({ pricesIncludeTax: false, taxRounding: 'line' }, billLines);
  const taxRounding = perLine.taxAmount === document.totals.tax ? 'line' : 'document';
  const credited =
    type === 'vendor_credit'
      ? await creditedBillOf(
          tx,
          actor.orgId,
          vendor.id,
          document.precedingInvoices.map((p) => p.number),
        )
      : null;
  const notes = [
    ...document.notes,
    `Imported from e-${fromNegativeInvoice ? 'invoice (negative, a correction)' : document.kind === 'invoice' ? 'invoice' : 'credit note'} ${document.number} issued by ${document.seller.name}.`,
  ];
  const input: BillInput = {
    vendorId: vendor.id,
    vendorNumber: document.number,
    currency: document.currency,
    billDate: document.issueDate,
    dueDate: document.dueDate && document.dueDate >= document.issueDate ? document.dueDate : null,
    reference: document.buyerReference ?? document.orderReference ?? null,
    pricesIncludeTax: false,
    taxRounding,
    notes: notes.join('\n').slice(0, 5000),
    lines: billLines.map(({ taxPercent: _, ...l }) => l),
    relatedBillId: credited,
    confirmDuplicate: true,
  };
  const duplicate = await findDuplicate(tx, actor.orgId, type, {
    id: '',
    vendorId: vendor.id,
    vendorNumber: document.number,
    currency: document.currency,
    billDate: document.issueDate,
    total: document.totals.taxInclusive,
  });
  const created = await createBill(tx, actor, type, input);
  await tx.insert(purchasingImport).values({
    orgId: actor.orgId,
    reference,
    contentHash: createHash('sha256').update(xml).digest('hex'),
    billId: created.id,
    importedBy: actor.id,
  });
  return {
    document,
    fromNegativeInvoice,
    bill: created,
    vendor,
    vendorMatch: match,
    alreadyImported: false,
    taxRatesCreated,
    possibleDuplicateId: duplicate?.id ?? null,
    matchesDocument: matches(created, document),
  };
}

const matches = (b: Bill, d: EInvoiceDocument) =>
  b.taxExclusiveAmount === d.totals.taxExclusive &&
  b.taxAmount === d.totals.tax &&
  b.taxInclusiveAmount === d.totals.taxInclusive;

/** A posted bill of this vendor with one of the numbers a credit note refers to. */
async function creditedBillOf(
  tx: Tx,
  orgId: string,
  vendorId: string,
  numbers: string[],
): Promise<string | null> {
  if (numbers.length === 0) return null;
  const rows = await tx
    .select({ id: bill.id, vendorNumber: bill.vendorNumber, status: bill.status })
    .from(bill)
    .where(and(eq(bill.orgId, orgId), eq(bill.vendorId, vendorId), eq(bill.type, 'bill')));
  const found = rows.find(
    (r) =>
      r.vendorNumber &&
      numbers.includes(r.vendorNumber) &&
      ['approved', 'scheduled', 'partially_paid', 'paid'].includes(r.status),
  );
  return found?.id ?? null;
}
