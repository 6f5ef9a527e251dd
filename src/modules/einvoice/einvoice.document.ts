// An e-invoice in EN 16931 terms (the semantic model behind Peppol BIS Billing 3.0), independent of
// UBL's element names and of how the sales module stores invoices. Amounts are minor units (bigint)
// of the document currency; quantities, unit prices and rates are decimal strings, kept in canonical
// form (no leading zeros, no trailing fractional zeros: "25", "0.5", "12.125") so documents compare.

/** BT-3: 380 commercial invoice, 381 credit note. */
export type EInvoiceKind = 'invoice' | 'credit_note';

export const TYPE_CODES: Readonly<Record<EInvoiceKind, '380' | '381'>> = {
  invoice: '380',
  credit_note: '381',
};

/** UNCL5305 VAT categories allowed by EN 16931 / Peppol BIS 3. */
export const TAX_CATEGORY_CODES = ['S', 'Z', 'E', 'AE', 'K', 'G', 'O', 'L', 'M'] as const;
export type TaxCategoryCode = (typeof TAX_CATEGORY_CODES)[number];

export interface TaxCategory {
  code: TaxCategoryCode;
  /** Percent as a canonical decimal string ("25", "12.5"); absent for O (not subject to VAT). */
  rate?: string;
  /** BT-120 / BT-121, mostly on E, AE, K, G, O breakdowns. */
  exemptionReason?: string;
  exemptionReasonCode?: string;
}

/** An identifier with an optional scheme (ISO 6523 ICD such as 0088, or EAS for endpoints). */
export interface SchemedId {
  id: string;
  scheme?: string;
}

export interface PostalAddress {
  street?: string;
  additionalStreet?: string;
  /** BT-162 / BT-163: a third address line. */
  addressLine?: string;
  city?: string;
  postalCode?: string;
  /** BT-39 / BT-54: region, county, state. */
  subdivision?: string;
  /** ISO 3166-1 alpha-2. */
  countryCode: string;
}

export interface Contact {
  name?: string;
  phone?: string;
  email?: string;
}

export interface EInvoiceParty {
  /** Legal registration name (BT-27 / BT-44). */
  name: string;
  tradingName?: string;
  /** BT-29 / BT-46: seller or buyer identifiers (PartyIdentification). */
  identifiers: SchemedId[];
  /** BT-30 / BT-47: legal registration identifier. */
  legalId?: SchemedId;
  /** BT-33: additional legal information (seller). */
  legalForm?: string;
  /** BT-31 / BT-48: VAT identifier with country prefix. */
  vatId?: string;
  /** BT-32: tax registration identifier other than VAT (seller). */
  taxRegistrationId?: string;
  /** BT-34 / BT-49: electronic address, scheme from the EAS code list. */
  endpoint?: SchemedId & { scheme: string };
  address: PostalAddress;
  contact?: Contact;
}

export interface PayeeAccount {
  /** BT-84: IBAN or other account identifier. */
  id: string;
  name?: string;
  /** BT-86: BIC or other institution identifier. */
  bic?: string;
}

export interface PaymentMeans {
  /** UNCL4461: 30 credit transfer, 58 SEPA credit transfer, 49 direct debit, 1 not defined… */
  code: string;
  /** Text of the code (the `name` attribute). */
  name?: string;
  /** BT-83: remittance information the payer quotes. */
  reference?: string;
  account?: PayeeAccount;
}

/** A document-level allowance (discount) or charge (BG-20 / BG-21). */
export interface DocumentAllowanceCharge {
  kind: 'allowance' | 'charge';
  amount: bigint;
  baseAmount?: bigint;
  /** Percent applied to the base amount, canonical decimal string. */
  percent?: string;
  reason?: string;
  reasonCode?: string;
  tax: TaxCategory;
}

/** A line-level allowance or charge (BG-27 / BG-28): no tax category of its own. */
export interface LineAllowanceCharge {
  kind: 'allowance' | 'charge';
  amount: bigint;
  baseAmount?: bigint;
  percent?: string;
  reason?: string;
  reasonCode?: string;
}

export interface EInvoiceLine {
  id: string;
  note?: string;
  /** Canonical decimal string; negative on a correcting line. */
  quantity: string;
  /** UN/ECE Recommendation 20 (C62 one, HUR hour, DAY, KGM…). */
  unitCode: string;
  /** BT-131: quantity × net price / base quantity + charges − allowances, rounded to the currency. */
  netAmount: bigint;
  accountingCost?: string;
  periodStart?: string;
  periodEnd?: string;
  orderLineReference?: string;
  allowanceCharges: LineAllowanceCharge[];
  name: string;
  description?: string;
  sellerItemId?: string;
  buyerItemId?: string;
  standardItemId?: SchemedId;
  originCountry?: string;
  tax: TaxCategory;
  /** BT-146: net unit price, canonical decimal string; may carry more decimals than the currency. */
  unitPrice: string;
  /** BT-149: the quantity the price is for (default 1). */
  priceBaseQuantity?: string;
  /** BT-148 / BT-147: gross price and the discount that makes it the net price. */
  grossPrice?: string;
  priceDiscount?: string;
}

/** VAT breakdown (BG-23): one per category and rate. */
export interface TaxSubtotal {
  category: TaxCategory;
  taxableAmount: bigint;
  taxAmount: bigint;
}

/** Document totals (BG-22), all in minor units of the document currency. */
export interface MonetaryTotals {
  lineExtension: bigint;
  allowanceTotal: bigint;
  chargeTotal: bigint;
  taxExclusive: bigint;
  tax: bigint;
  taxInclusive: bigint;
  prepaid: bigint;
  rounding: bigint;
  payable: bigint;
}

export interface EInvoiceDocument {
  kind: EInvoiceKind;
  /** BT-1 */
  number: string;
  /** BT-2, YYYY-MM-DD */
  issueDate: string;
  /** BT-9; on a credit note UBL carries it in PaymentMeans/PaymentDueDate. */
  dueDate?: string;
  /** BT-7 */
  taxPointDate?: string;
  /** BT-5, ISO 4217 */
  currency: string;
  /** BT-6: VAT accounting currency, when it differs; its tax total is `taxTotalInTaxCurrency`. */
  taxCurrency?: string;
  /** BT-111, in minor units of `taxCurrency`. */
  taxTotalInTaxCurrency?: bigint;
  /** BT-10 */
  buyerReference?: string;
  /** BT-13 */
  orderReference?: string;
  /** BT-14 */
  salesOrderReference?: string;
  /** BT-12 */
  contractReference?: string;
  /** BT-19 */
  accountingCost?: string;
  /** BG-3: the invoices this document corrects or credits. */
  precedingInvoices: { number: string; issueDate?: string }[];
  /** BT-22 */
  notes: string[];
  /** BG-14 */
  periodStart?: string;
  periodEnd?: string;
  /** BT-72 */
  deliveryDate?: string;
  seller: EInvoiceParty;
  buyer: EInvoiceParty;
  paymentMeans: PaymentMeans[];
  /** BT-20 */
  paymentTerms?: string;
  allowanceCharges: DocumentAllowanceCharge[];
  lines: EInvoiceLine[];
  taxSubtotals: TaxSubtotal[];
  totals: MonetaryTotals;
}

export const PEPPOL_CUSTOMIZATION_ID =
  'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';
export const PEPPOL_PROFILE_ID = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';
