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
import { type Customer, createCustomer, findCustomerByVatIdOrName, getCustomer } from './customer.service.ts';
import { findIssuedByNumber, loadDocument, type SalesDocument } from './document.repo.ts';
import { createDocument } from './document.service.ts';
import { createTaxRate, listTaxRates, type TaxRate } from './tax.service.ts';
import { previouslyImported, rememberImport, ublReference } from './ubl-import.record.ts';

// A UBL invoice in as a draft sales invoice, a UBL credit note (or a negative invoice, the other
// way EN 16931 writes a correction) as a draft credit note: the buyer is the customer (matched by
// VAT id, else by name, else created), each VAT category and rate a tax rate (matched or created),
// the lines the document's simplified by flattenLines, so the VAT breakdown and totals stay the
// document's.

export interface UblImportResult {
  /** The document as read, turned into a credit note when it was a negative invoice. */
  document: EInvoiceDocument;
  /** True when the file was a negative invoice imported as a credit note. */
  fromNegativeInvoice: boolean;
  draft: SalesDocument;
  /** The issued invoice of ours the credit note corrects, found by the number it refers to. */
  creditedInvoice: SalesDocument | null;
  customer: Customer;
  /** How the customer was found; `previous_import` when the document had been imported before. */
  customerMatch: 'vat_id' | 'name' | 'created' | 'previous_import';
  /** True when this document had been imported before: nothing was added, `draft` is that import's. */
  alreadyImported: boolean;
  taxRatesCreated: number;
}

async function matchCustomer(
  tx: Tx,
  actor: Actor,
  buyer: EInvoiceParty,
): Promise<{ customer: Customer; match: UblImportResult['customerMatch'] }> {
  const found = await findCustomerByVatIdOrName(tx, actor.orgId, {
    vatId: buyer.vatId ?? null,
    names: [buyer.name, buyer.tradingName].filter((n): n is string => Boolean(n)),
  });
  if (found) return found;
  const a = buyer.address;
  const customer = await createCustomer(tx, actor, {
    kind: 'company',
    name: buyer.name,
    email: buyer.contact?.email ?? null,
    phone: buyer.contact?.phone ?? null,
    ...(buyer.contact?.name
      ? {
          contacts: [
            {
              name: buyer.contact.name,
              email: buyer.contact.email ?? null,
              phone: buyer.contact.phone ?? null,
            },
          ],
        }
      : {}),
    billingAddress: {
      line1: a.street ?? null,
      line2: a.additionalStreet ?? null,
      city: a.city ?? null,
      region: a.subdivision ?? null,
      postalCode: a.postalCode ?? null,
      country: a.countryCode,
    },
    taxIds: buyer.vatId ? [{ scheme: 'VAT', value: buyer.vatId }] : [],
  });
  return { customer, match: 'created' };
}

/** The tax rate for a VAT category and rate: an active one that matches, else a new one. */
async function taxRateFor(
  tx: Tx,
  actor: Actor,
  rates: TaxRate[],
  line: FlatLine,
): Promise<{ rate: TaxRate; created: boolean }> {
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

/** The issued invoice for `customer` numbered as one the credit note refers to, if there is one. */
async function creditedInvoiceOf(
  tx: Tx,
  orgId: string,
  document: EInvoiceDocument,
  customer: Customer,
): Promise<SalesDocument | null> {
  for (const preceding of document.precedingInvoices) {
    const found = await findIssuedByNumber(tx, orgId, preceding.number);
    const invoice = found.find((d) => d.type === 'invoice' && d.customerId === customer.id);
    if (invoice) return invoice;
  }
  return null;
}

/**
 * Reads `xml`, refuses it unless its figures add up, and writes it as a draft invoice (or credit
 * note, for a credit note or a negative invoice) in the actor's organization, in the transaction `tx`.
 */
export async function importUblSalesDocument(tx: Tx, actor: Actor, xml: string): Promise<UblImportResult> {
  const read = fromUbl(xml);
  assertTotals(read);
  const fromNegativeInvoice = isNegativeInvoice(read);
  const document = fromNegativeInvoice ? negativeInvoiceAsCreditNote(read) : read;
  const reference = ublReference(document);
  const earlier = await previouslyImported(tx, actor.orgId, reference);
  if (earlier) {
    const draft = await loadDocument(tx, actor.orgId, document.kind, earlier);
    return {
      document,
      fromNegativeInvoice,
      draft,
      creditedInvoice: null,
      customer: await getCustomer(tx, actor.orgId, draft.customerId),
      customerMatch: 'previous_import',
      alreadyImported: true,
      taxRatesCreated: 0,
    };
  }
  const lines = flattenLines(document);
  const { customer, match } = await matchCustomer(tx, actor, document.buyer);
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
  const notes = [
    ...document.notes,
    `Imported from e-${fromNegativeInvoice ? 'invoice (negative, a correction)' : document.kind === 'invoice' ? 'invoice' : 'credit note'} ${document.number} issued by ${document.seller.name}.`,
  ];
  const creditedInvoice =
    document.kind === 'credit_note' ? await creditedInvoiceOf(tx, actor.orgId, document, customer) : null;
  const draft = await createDocument(tx, actor, document.kind, {
    relatedDocumentId: creditedInvoice?.id ?? null,
    customerId: customer.id,
    currency: document.currency,
    issueDate: document.issueDate,
    dueDate: document.dueDate ?? null,
    paymentTerms: document.paymentTerms ?? null,
    buyerReference: document.buyerReference ?? null,
    pricesIncludeTax: false,
    notes: notes.join('\n'),
    lines: lines.map((line) => ({
      name: line.name,
      description: line.description ?? null,
      quantity: line.quantity,
      unitCode: line.unitCode,
      unitPrice: line.unitPrice,
      discountAmount: line.discountAmount === 0n ? null : line.discountAmount,
      taxRateId: rateOf.get(taxKey(line.tax))!.id,
    })),
  });
  await rememberImport(tx, actor, xml, reference, draft.id);
  return {
    document,
    fromNegativeInvoice,
    draft,
    creditedInvoice,
    customer,
    customerMatch: match,
    alreadyImported: false,
    taxRatesCreated,
  };
}
