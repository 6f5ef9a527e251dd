import fc from 'fast-check';
import { formatDecimal } from './einvoice.decimal.ts';
import type {
  DocumentAllowanceCharge,
  EInvoiceDocument,
  EInvoiceLine,
  EInvoiceParty,
  LineAllowanceCharge,
  TaxCategory,
} from './einvoice.document.ts';
import { computeTaxSubtotals, computeTotals, lineNetAmount } from './einvoice.totals.ts';

// Random documents that add up: lines with decimal quantities and prices (more decimals than the
// currency), several VAT categories and rates, line and document allowances and charges, prepaid
// amounts and rounding, texts full of markup characters. Totals are computed by EN 16931's rules.

// Markup, entity look-alikes, non-ASCII and an astral character; no "NA" (Peppol's empty order no.).
const CHARS = [...'abcxyz019 &<>"\';#/ÅéßЖ中€', '😀', '\n'];

export const text = (maxLength = 24) =>
  fc
    .array(fc.constantFrom(...CHARS), { minLength: 1, maxLength })
    .map((chars) => chars.join(''))
    .filter((s) => s.trim() === s && s !== '' && s !== 'NA');

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

export const businessDate = fc
  .record({
    year: fc.integer({ min: 2000, max: 2099 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
  })
  .map(({ year, month, day }) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);

const decimal = (min: number, max: number, maxScale: number) =>
  fc
    .record({ units: fc.integer({ min, max }), scale: fc.integer({ min: 0, max: maxScale }) })
    .map(({ units, scale }) => ({ units: BigInt(units), scale }));

const TAX_CATEGORIES: TaxCategory[] = [
  { code: 'S', rate: '25' },
  { code: 'S', rate: '12.5' },
  { code: 'S', rate: '7' },
  { code: 'Z', rate: '0' },
  { code: 'E', rate: '0' },
  { code: 'AE', rate: '0' },
  { code: 'K', rate: '0' },
  { code: 'G', rate: '0' },
  { code: 'O' },
  { code: 'L', rate: '6.5' },
  { code: 'M', rate: '4' },
];

const EXEMPT = new Set(['E', 'AE', 'K', 'G', 'O']);

const party: fc.Arbitrary<EInvoiceParty> = fc.record(
  {
    name: text(),
    tradingName: maybe(text()),
    identifiers: fc.array(fc.record({ id: text(12), scheme: maybe(fc.constantFrom('0088', '0184')) }), {
      maxLength: 2,
    }),
    legalId: maybe(fc.record({ id: text(12), scheme: maybe(fc.constantFrom('0002', '0183')) })),
    legalForm: maybe(text()),
    vatId: maybe(fc.constantFrom('NO999999999MVA', 'SE4598375937', 'GB1232434', 'DE123456789')),
    taxRegistrationId: maybe(text(12)),
    endpoint: maybe(fc.record({ id: text(12), scheme: fc.constantFrom('0088', '9930', '0192') })),
    address: fc.record({
      street: maybe(text()),
      additionalStreet: maybe(text()),
      addressLine: maybe(text()),
      city: maybe(text()),
      postalCode: maybe(text(8)),
      subdivision: maybe(text()),
      countryCode: fc.constantFrom('NO', 'SE', 'GB', 'DE', 'FR', 'JP'),
    }),
    contact: maybe(fc.record({ name: text(), phone: maybe(text(12)), email: maybe(text()) })),
  },
  { requiredKeys: ['name', 'identifiers', 'address'] },
);

const lineAllowanceCharge: fc.Arbitrary<LineAllowanceCharge> = fc.record(
  {
    kind: fc.constantFrom('allowance' as const, 'charge' as const),
    amount: fc.bigInt({ min: 0n, max: 50_000n }),
    baseAmount: maybe(fc.bigInt({ min: 0n, max: 500_000n })),
    percent: maybe(decimal(0, 10_000, 2).map(formatDecimal)),
    reason: maybe(text()),
    reasonCode: maybe(fc.constantFrom('95', '100', 'CG', 'ABL')),
  },
  { requiredKeys: ['kind', 'amount'] },
);

const lineParts = fc.record(
  {
    note: maybe(text()),
    quantity: decimal(-50_000, 500_000, 3).map(formatDecimal),
    unitCode: fc.constantFrom('C62', 'HUR', 'DAY', 'KGM', 'EA'),
    accountingCost: maybe(text()),
    periodStart: maybe(businessDate),
    periodEnd: maybe(businessDate),
    orderLineReference: maybe(text(8)),
    allowanceCharges: fc.array(lineAllowanceCharge, { maxLength: 2 }),
    name: text(),
    description: maybe(text(60)),
    sellerItemId: maybe(text(12)),
    buyerItemId: maybe(text(12)),
    standardItemId: maybe(fc.record({ id: text(14), scheme: maybe(fc.constantFrom('0160', '0088')) })),
    originCountry: maybe(fc.constantFrom('NO', 'CN', 'DE')),
    tax: fc.constantFrom(...TAX_CATEGORIES),
    price: decimal(0, 10_000_000, 4),
    priceBaseQuantity: maybe(fc.constantFrom('1', '2', '0.5', '12', '100')),
    discount: maybe(fc.integer({ min: 0, max: 100_000 })),
  },
  { requiredKeys: ['quantity', 'unitCode', 'allowanceCharges', 'name', 'tax', 'price'] },
);

/** A document that adds up by EN 16931's rules, in a currency with 0, 2 or 3 decimals. */
export const eInvoiceDocument: fc.Arbitrary<EInvoiceDocument> = fc
  .record({
    kind: fc.constantFrom('invoice' as const, 'credit_note' as const),
    number: text(16),
    issueDate: businessDate,
    dueDate: maybe(businessDate),
    taxPointDate: maybe(businessDate),
    currency: fc.constantFrom('EUR', 'NOK', 'GBP', 'JPY', 'KWD'),
    taxCurrency: maybe(fc.constantFrom('SEK', 'DKK')),
    taxTotalInTaxCurrency: fc.bigInt({ min: -1_000_000n, max: 100_000_000n }),
    buyerReference: maybe(text()),
    orderReference: maybe(text(12)),
    salesOrderReference: maybe(text(12)),
    contractReference: maybe(text(12)),
    accountingCost: maybe(text()),
    precedingInvoices: fc.array(fc.record({ number: text(12), issueDate: maybe(businessDate) }), {
      maxLength: 2,
    }),
    notes: fc.array(text(80), { maxLength: 2 }),
    periodStart: maybe(businessDate),
    periodEnd: maybe(businessDate),
    deliveryDate: maybe(businessDate),
    seller: party,
    buyer: party,
    paymentMeans: fc.array(
      fc.record({
        code: fc.constantFrom('30', '58', '49', '1'),
        name: maybe(text()),
        reference: maybe(text(16)),
        account: maybe(fc.record({ id: text(20), name: maybe(text()), bic: maybe(text(11)) })),
      }),
      { maxLength: 2 },
    ),
    paymentTerms: maybe(text(60)),
    documentAllowanceCharges: fc.array(
      fc.record({ parts: lineAllowanceCharge, tax: fc.constantFrom(...TAX_CATEGORIES) }),
      { maxLength: 3 },
    ),
    lines: fc.array(lineParts, { minLength: 1, maxLength: 6 }),
    prepaid: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 100_000n })),
    rounding: fc.oneof(fc.constant(0n), fc.bigInt({ min: -99n, max: 99n })),
  })
  .map((g) => {
    const lines: EInvoiceLine[] = g.lines.map((parts, index) => {
      const { price, discount, ...rest } = parts;
      const line: EInvoiceLine = {
        ...rest,
        id: String(index + 1),
        unitPrice: formatDecimal(price),
        netAmount: 0n,
      };
      if (discount !== undefined) {
        line.grossPrice = formatDecimal({ units: price.units + BigInt(discount), scale: price.scale });
        line.priceDiscount = formatDecimal({ units: BigInt(discount), scale: price.scale });
      }
      line.netAmount = lineNetAmount(line, g.currency);
      return line;
    });
    const allowanceCharges: DocumentAllowanceCharge[] = g.documentAllowanceCharges.map(({ parts, tax }) => ({
      ...parts,
      tax,
    }));
    const taxSubtotals = computeTaxSubtotals({ lines, allowanceCharges }).map((s) =>
      EXEMPT.has(s.category.code)
        ? { ...s, category: { ...s.category, exemptionReason: 'Exempt', exemptionReasonCode: 'VATEX-EU-F' } }
        : s,
    );
    const { documentAllowanceCharges: _, prepaid, rounding, ...rest } = g;
    const doc: EInvoiceDocument = {
      ...rest,
      // A credit note carries its due date in its payment means (UBL 2.1 has no CreditNote DueDate).
      dueDate: g.kind === 'credit_note' && g.paymentMeans.length === 0 ? undefined : g.dueDate,
      taxTotalInTaxCurrency: g.taxCurrency === undefined ? undefined : g.taxTotalInTaxCurrency,
      lines,
      allowanceCharges,
      taxSubtotals,
      totals: computeTotals({ lines, allowanceCharges }, taxSubtotals, prepaid, rounding),
    };
    return doc;
  });
