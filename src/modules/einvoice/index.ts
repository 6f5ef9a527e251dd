// E-invoicing: EN 16931 documents written and read as UBL 2.1 following Peppol BIS Billing 3.0.
// Pure domain code (no tables): the sales and purchasing modules map their records to and from it.

export { isNegativeInvoice, negativeInvoiceAsCreditNote } from './einvoice.correction.ts';
export {
  canonicalDecimal,
  type Decimal,
  divideRounded,
  extendedAmount,
  formatDecimal,
  parseDecimal,
  percentOf,
  pow10,
} from './einvoice.decimal.ts';
export {
  type Contact,
  type DocumentAllowanceCharge,
  type EInvoiceDocument,
  type EInvoiceKind,
  type EInvoiceLine,
  type EInvoiceParty,
  type LineAllowanceCharge,
  type MonetaryTotals,
  type PaymentMeans,
  PEPPOL_CUSTOMIZATION_ID,
  PEPPOL_PROFILE_ID,
  type PostalAddress,
  type SchemedId,
  TAX_CATEGORY_CODES,
  type TaxCategory,
  type TaxCategoryCode,
  type TaxSubtotal,
  TYPE_CODES,
} from './einvoice.document.ts';
export { type FlatLine, flattenLines } from './einvoice.flatten.ts';
export {
  assertTotals,
  checkTotals,
  computeTaxSubtotals,
  computeTotals,
  lineAddsUp,
  lineNetAmount,
  type TotalsDifference,
  taxKey,
} from './einvoice.totals.ts';
export { fromUbl } from './ubl.reader.ts';
export { escapeXml, toUbl, UBL_NS } from './ubl.writer.ts';
export { type UblSchema, ublSchemaPath, validateAgainstXsd, validateUbl, type XsdResult } from './xsd.ts';
