import { AppError } from '../../core/errors.ts';
import { currencyExponent } from '../../core/money.ts';
import type { Queryable } from '../../db/client.ts';
import { type CompanyProfile, companyProfileOf } from '../company/index.ts';
import {
  canonicalDecimal,
  type DocumentAllowanceCharge,
  divideRounded,
  type EInvoiceDocument,
  type EInvoiceLine,
  type EInvoiceParty,
  extendedAmount,
  formatDecimal,
  parseDecimal,
  pow10,
  TAX_CATEGORY_CODES,
  type TaxCategory,
  type TaxCategoryCode,
  type TaxSubtotal,
} from '../einvoice/index.ts';
import { getCustomer } from './customer.service.ts';
import { findIssuedByNumber, loadDocument, type SalesDocument } from './document.repo.ts';
import type { PostalAddress, TaxBreakdownRow } from './sales.table.ts';

// An issued sales invoice or credit note as an EN 16931 document (src/modules/einvoice writes it
// as UBL): the seller is the company profile, the buyer the customer snapshotted at issue.

const exportRefused = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new AppError('unprocessable', code, message, details);

/** The issued invoice or credit note numbered `number`, or DOCUMENT_NOT_FOUND. */
export async function findIssuedDocument(
  q: Queryable,
  orgId: string,
  number: string,
): Promise<SalesDocument> {
  const found = await findIssuedByNumber(q, orgId, number);
  const [doc] = found;
  if (!doc)
    throw new AppError(
      'not_found',
      'DOCUMENT_NOT_FOUND',
      `No issued invoice or credit note numbered ${number}.`,
      {
        number,
      },
    );
  if (found.length > 1)
    throw new AppError(
      'conflict',
      'DOCUMENT_NUMBER_AMBIGUOUS',
      `Both an invoice and a credit note are numbered ${number}.`,
      { number },
    );
  return doc;
}

const TAX_CODES: ReadonlySet<string> = new Set(TAX_CATEGORY_CODES);

function taxCategory(
  category: string,
  percent: string,
  exemption?: { code: string | null; reason: string | null },
): TaxCategory {
  if (!TAX_CODES.has(category))
    throw exportRefused('EINVOICE_TAX_CATEGORY', `Tax category ${category} has no EN 16931 code.`, {
      category,
    });
  return {
    code: category as TaxCategoryCode,
    // EN 16931: "not subject to VAT" (O) carries no rate.
    ...(category === 'O' ? {} : { rate: canonicalDecimal(percent) ?? percent }),
    ...(exemption?.code ? { exemptionReasonCode: exemption.code } : {}),
    ...(exemption?.reason ? { exemptionReason: exemption.reason } : {}),
  };
}

function address(
  a: Pick<PostalAddress, 'line1' | 'line2' | 'city' | 'region' | 'postalCode' | 'country'> | null | undefined,
  fallbackCountry: string | null,
  whose: string,
): EInvoiceParty['address'] {
  const countryCode = a?.country ?? fallbackCountry;
  if (!countryCode)
    throw exportRefused(
      'EINVOICE_COUNTRY_MISSING',
      `${whose} has no country; Peppol invoices name the country of both parties. Set it and export again.`,
      { party: whose },
    );
  return {
    ...(a?.line1 ? { street: a.line1 } : {}),
    ...(a?.line2 ? { additionalStreet: a.line2 } : {}),
    ...(a?.city ? { city: a.city } : {}),
    ...(a?.postalCode ? { postalCode: a.postalCode } : {}),
    ...(a?.region ? { subdivision: a.region } : {}),
    countryCode,
  };
}

function taxIdsOf(taxIds: readonly { scheme: string; value: string }[]) {
  const vat = taxIds.find((t) => t.scheme === 'VAT')?.value;
  const other = taxIds.find((t) => t.scheme !== 'VAT')?.value;
  return { ...(vat ? { vatId: vat } : {}), ...(other ? { legalId: { id: other } } : {}) };
}

function sellerOf(company: CompanyProfile): EInvoiceParty {
  return {
    name: company.legalName,
    ...(company.tradingName && company.tradingName !== company.legalName
      ? { tradingName: company.tradingName }
      : {}),
    identifiers: [],
    ...taxIdsOf(company.taxIds),
    // EAS "EM" (electronic mail) until the company registers a Peppol participant identifier.
    ...(company.email ? { endpoint: { id: company.email, scheme: 'EM' } } : {}),
    address: address(company.address, company.country, 'The company profile'),
    ...(company.email || company.phone
      ? {
          contact: {
            ...(company.phone ? { phone: company.phone } : {}),
            ...(company.email ? { email: company.email } : {}),
          },
        }
      : {}),
  };
}

interface BuyerSnapshot {
  name: string;
  email: string | null;
  billingAddress: PostalAddress | null;
  taxIds: { scheme: string; value: string }[];
}

function buyerOf(buyer: BuyerSnapshot): EInvoiceParty {
  return {
    name: buyer.name,
    identifiers: [],
    ...taxIdsOf(buyer.taxIds ?? []),
    ...(buyer.email ? { endpoint: { id: buyer.email, scheme: 'EM' } } : {}),
    address: address(buyer.billingAddress, null, `The customer ${buyer.name}`),
    ...(buyer.email ? { contact: { email: buyer.email } } : {}),
  };
}

/** Net unit price of a line: the stored price, or (prices including tax) its net amount per unit. */
function netPrice(line: SalesDocument['lines'][number], pricesIncludeTax: boolean, exponent: number): string {
  if (!pricesIncludeTax) return formatDecimal({ units: line.unitPrice, scale: exponent });
  const quantity = parseDecimal(line.quantity);
  if (!quantity || quantity.units === 0n) return '0';
  // The net amount per unit with four digits beyond the currency: within R120's slack on any line.
  const units = divideRounded(line.lineExtensionAmount * pow10(quantity.scale + 4), quantity.units);
  return formatDecimal({ units, scale: exponent + 4 });
}

/** The issued sales document as an EN 16931 document. */
export async function salesToEInvoice(
  q: Queryable,
  orgId: string,
  doc: SalesDocument,
): Promise<EInvoiceDocument> {
  if (doc.type !== 'invoice' && doc.type !== 'credit_note')
    throw exportRefused('EINVOICE_NOT_AN_INVOICE', 'Only invoices and credit notes are e-invoices.');
  if (doc.status === 'draft' || !doc.number)
    throw exportRefused(
      'EINVOICE_NOT_ISSUED',
      'Issue the document before exporting it; drafts have no number.',
    );
  const exponent = currencyExponent(doc.currency);
  const company = await companyProfileOf(q, orgId);
  const buyer = (doc.buyer as BuyerSnapshot | null) ?? (await getCustomer(q, orgId, doc.customerId));
  const breakdown: TaxBreakdownRow[] = doc.taxBreakdown;
  const exemptions = new Map(
    breakdown.map((row) => [row.taxRateId, { code: row.exemptionReasonCode, reason: row.exemptionReason }]),
  );

  const lines: EInvoiceLine[] = doc.lines.map((line) => {
    const price = netPrice(line, doc.pricesIncludeTax, exponent);
    const gross = doc.pricesIncludeTax
      ? line.lineExtensionAmount
      : extendedAmount(
          line.quantity,
          formatDecimal({ units: line.unitPrice, scale: exponent }),
          '1',
          exponent,
        );
    const discount = gross - line.lineExtensionAmount;
    return {
      id: String(line.lineNo),
      quantity: canonicalDecimal(line.quantity) ?? line.quantity,
      unitCode: line.unitCode,
      netAmount: line.lineExtensionAmount,
      allowanceCharges:
        discount === 0n
          ? []
          : [
              {
                kind: discount > 0n ? 'allowance' : 'charge',
                amount: discount < 0n ? -discount : discount,
                reason: 'Discount',
              },
            ],
      name: line.name,
      ...(line.description ? { description: line.description } : {}),
      tax: taxCategory(line.taxCategory, line.taxPercent),
      unitPrice: price,
    };
  });

  // The document discount, one allowance per VAT category and rate: what separates the category's
  // lines from its taxable amount.
  const allowanceCharges: DocumentAllowanceCharge[] = [];
  const taxSubtotals: TaxSubtotal[] = breakdown.map((row) => {
    const category = taxCategory(row.category, row.percent, exemptions.get(row.taxRateId));
    const linesTotal = doc.lines
      .filter((l) => l.taxRateId === row.taxRateId)
      .reduce((sum, l) => sum + l.lineExtensionAmount, 0n);
    const taxable = BigInt(row.taxableAmount);
    if (linesTotal !== taxable)
      allowanceCharges.push({
        kind: linesTotal > taxable ? 'allowance' : 'charge',
        amount: linesTotal > taxable ? linesTotal - taxable : taxable - linesTotal,
        reason: doc.discountReason ?? 'Discount',
        tax: { code: category.code, ...(category.rate === undefined ? {} : { rate: category.rate }) },
      });
    return { category, taxableAmount: taxable, taxAmount: BigInt(row.taxAmount) };
  });

  const preceding =
    doc.type === 'credit_note' && doc.relatedDocumentId
      ? await loadDocument(q, orgId, 'invoice', doc.relatedDocumentId)
      : null;
  const notes = [doc.notes, doc.terms].filter((n): n is string => Boolean(n));
  return {
    kind: doc.type,
    number: doc.number,
    issueDate: doc.issueDate,
    ...(doc.dueDate ? { dueDate: doc.dueDate } : {}),
    currency: doc.currency,
    ...(doc.buyerReference ? { buyerReference: doc.buyerReference } : {}),
    precedingInvoices: preceding?.number
      ? [{ number: preceding.number, issueDate: preceding.issueDate }]
      : [],
    notes,
    seller: sellerOf(company),
    buyer: buyerOf(buyer),
    paymentMeans: [],
    ...(doc.paymentTerms ? { paymentTerms: doc.paymentTerms } : {}),
    allowanceCharges,
    lines,
    taxSubtotals,
    totals: {
      lineExtension: doc.lineExtensionAmount,
      allowanceTotal: allowanceCharges
        .filter((a) => a.kind === 'allowance')
        .reduce((s, a) => s + a.amount, 0n),
      chargeTotal: allowanceCharges.filter((a) => a.kind === 'charge').reduce((s, a) => s + a.amount, 0n),
      taxExclusive: doc.taxExclusiveAmount,
      tax: doc.taxAmount,
      taxInclusive: doc.taxInclusiveAmount,
      prepaid: 0n,
      rounding: 0n,
      payable: doc.taxInclusiveAmount,
    },
  };
}
