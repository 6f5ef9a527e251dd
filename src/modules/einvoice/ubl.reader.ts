import { currencyExponent, isBusinessDate, isCurrency } from '../../core/money.ts';
import { canonicalDecimal, parseDecimal, pow10 } from './einvoice.decimal.ts';
import {
  type DocumentAllowanceCharge,
  type EInvoiceDocument,
  type EInvoiceKind,
  type EInvoiceLine,
  type EInvoiceParty,
  type LineAllowanceCharge,
  type PaymentMeans,
  type SchemedId,
  TAX_CATEGORY_CODES,
  type TaxCategory,
  type TaxCategoryCode,
  type TaxSubtotal,
} from './einvoice.document.ts';
import { all, at, first, parseXml, requiredText, textAt, type XmlElement, xmlError } from './ubl.xml.ts';

export { assertTotals, checkTotals, type TotalsDifference } from './einvoice.totals.ts';

// Reads a UBL 2.1 Invoice or CreditNote (Peppol BIS Billing 3.0 and plain EN 16931 UBL) into an
// EInvoiceDocument. Totals are the document's own figures; checkTotals says whether they add up.
// What cannot be read is refused with an AppError naming the element, never a parser exception.

/** Reads UBL XML into a document; throws AppError (EINVOICE_*) naming what it could not read. */
export function fromUbl(xml: string): EInvoiceDocument {
  const root = parseXml(xml);
  if (root.name !== 'doc:Invoice' && root.name !== 'doc:CreditNote') {
    const local = root.name.replace(/^\{[^}]*\}/, '').replace(/^doc:/, '');
    const uri = /^\{([^}]*)\}/.exec(root.name)?.[1];
    throw xmlError(
      'EINVOICE_NOT_UBL',
      /^(Invoice|CreditNote)$/.test(local)
        ? `The root element ${local} is in namespace "${uri}", not UBL 2.1's; this is not a UBL ${local}.`
        : `The root element is ${local}, not a UBL 2.1 Invoice or CreditNote.`,
      { rootElement: local, namespace: uri ?? '' },
    );
  }
  const isCredit = root.name === 'doc:CreditNote';
  const typeCode = requiredText(root, isCredit ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode');
  // An Invoice document may carry a credit note (type 381) too; UBL CreditNote is always one.
  const kind: EInvoiceKind = isCredit || typeCode === '381' ? 'credit_note' : 'invoice';
  const currency = requiredText(root, 'cbc:DocumentCurrencyCode');
  if (!isCurrency(currency))
    throw xmlError(
      'EINVOICE_UNSUPPORTED_CURRENCY',
      `${root.path}/cbc:DocumentCurrencyCode "${currency}" is not an ISO 4217 currency.`,
      { element: 'cbc:DocumentCurrencyCode', currency },
    );
  const r = new Reader(currency);

  const taxCurrency = textAt(root, 'cbc:TaxCurrencyCode');
  if (taxCurrency !== undefined && !isCurrency(taxCurrency))
    throw xmlError(
      'EINVOICE_UNSUPPORTED_CURRENCY',
      `${root.path}/cbc:TaxCurrencyCode "${taxCurrency}" is not an ISO 4217 currency.`,
      { element: 'cbc:TaxCurrencyCode', currency: taxCurrency },
    );

  const paymentMeans = all(root, 'cac:PaymentMeans');
  const dueDate =
    r.date(root, 'cbc:DueDate') ??
    paymentMeans.map((m) => r.date(m, 'cbc:PaymentDueDate')).find((d) => d !== undefined);

  const taxTotals = all(root, 'cac:TaxTotal');
  const inCurrency = (total: XmlElement, code: string) =>
    at(total, 'cbc:TaxAmount')?.attributes.currencyID === code;
  const mainTax = taxTotals.find((t) => inCurrency(t, currency)) ?? taxTotals[0];
  if (!mainTax)
    throw xmlError('EINVOICE_MISSING_ELEMENT', `The document has no TaxTotal at ${root.path}/cac:TaxTotal.`, {
      element: 'cac:TaxTotal',
      path: `${root.path}/cac:TaxTotal`,
    });
  const taxCurrencyTotal =
    taxCurrency !== undefined && taxCurrency !== currency
      ? taxTotals.find((t) => t !== mainTax && inCurrency(t, taxCurrency))
      : undefined;

  const totals = at(root, 'cac:LegalMonetaryTotal');
  if (!totals) requiredText(root, 'cac:LegalMonetaryTotal', 'cbc:PayableAmount');
  const money = totals as XmlElement;

  const lineElements = all(root, isCredit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine');
  if (lineElements.length === 0) requiredText(root, isCredit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine');

  const doc: EInvoiceDocument = {
    kind,
    number: requiredText(root, 'cbc:ID'),
    issueDate: r.requiredDate(root, 'cbc:IssueDate'),
    ...optional('dueDate', dueDate),
    ...optional('taxPointDate', r.date(root, 'cbc:TaxPointDate')),
    currency,
    ...optional('taxCurrency', taxCurrency !== currency ? taxCurrency : undefined),
    ...optional(
      'taxTotalInTaxCurrency',
      taxCurrencyTotal && taxCurrency ? r.amount(taxCurrencyTotal, 'cbc:TaxAmount', taxCurrency) : undefined,
    ),
    ...optional('buyerReference', textAt(root, 'cbc:BuyerReference')),
    ...optional('orderReference', orderId(textAt(root, 'cac:OrderReference', 'cbc:ID'))),
    ...optional('salesOrderReference', textAt(root, 'cac:OrderReference', 'cbc:SalesOrderID')),
    ...optional('contractReference', textAt(root, 'cac:ContractDocumentReference', 'cbc:ID')),
    ...optional('accountingCost', textAt(root, 'cbc:AccountingCost')),
    precedingInvoices: all(root, 'cac:BillingReference').flatMap((ref) => {
      const invoice = first(ref, 'cac:InvoiceDocumentReference');
      if (!invoice) return [];
      return [
        {
          number: requiredText(invoice, 'cbc:ID'),
          ...optional('issueDate', r.date(invoice, 'cbc:IssueDate')),
        },
      ];
    }),
    notes: all(root, 'cbc:Note')
      .map((n) => n.text)
      .filter((n) => n !== ''),
    ...optional('periodStart', r.date(root, 'cac:InvoicePeriod', 'cbc:StartDate')),
    ...optional('periodEnd', r.date(root, 'cac:InvoicePeriod', 'cbc:EndDate')),
    ...optional('deliveryDate', r.date(root, 'cac:Delivery', 'cbc:ActualDeliveryDate')),
    seller: r.party(root, 'cac:AccountingSupplierParty'),
    buyer: r.party(root, 'cac:AccountingCustomerParty'),
    paymentMeans: paymentMeans.map((m) => r.paymentMeans(m)),
    ...optional(
      'paymentTerms',
      all(root, 'cac:PaymentTerms')
        .flatMap((t) => all(t, 'cbc:Note').map((n) => n.text))
        .filter((n) => n !== '')
        .join('\n') || undefined,
    ),
    allowanceCharges: all(root, 'cac:AllowanceCharge').map((ac) => r.documentAllowanceCharge(ac)),
    lines: lineElements.map((line) => r.line(line, isCredit)),
    taxSubtotals: all(mainTax, 'cac:TaxSubtotal').map((s) => r.taxSubtotal(s)),
    totals: {
      lineExtension: r.requiredAmount(money, 'cbc:LineExtensionAmount'),
      allowanceTotal: r.amount(money, 'cbc:AllowanceTotalAmount') ?? 0n,
      chargeTotal: r.amount(money, 'cbc:ChargeTotalAmount') ?? 0n,
      taxExclusive: r.requiredAmount(money, 'cbc:TaxExclusiveAmount'),
      tax: r.requiredAmount(mainTax, 'cbc:TaxAmount'),
      taxInclusive: r.requiredAmount(money, 'cbc:TaxInclusiveAmount'),
      prepaid: r.amount(money, 'cbc:PrepaidAmount') ?? 0n,
      rounding: r.amount(money, 'cbc:PayableRoundingAmount') ?? 0n,
      payable: r.requiredAmount(money, 'cbc:PayableAmount'),
    },
  };
  return doc;
}

/** `{ key: value }` when the value is present, `{}` otherwise (no `undefined` properties). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** Peppol writes "NA" for the order number when only the seller's order is known. */
const orderId = (id: string | undefined) => (id === 'NA' ? undefined : id);

/** The largest amount the books store (a bigint column). */
const INT64_MAX = 9_223_372_036_854_775_807n;

const TAX_CODES: ReadonlySet<string> = new Set(TAX_CATEGORY_CODES);

class Reader {
  constructor(private readonly currency: string) {}

  /** An amount in minor units; its currencyID must be the document's (or `currency`). */
  amount(parent: XmlElement, name: string, currency = this.currency): bigint | undefined {
    const element = first(parent, name);
    if (!element) return undefined;
    const where = element.path;
    const stated = element.attributes.currencyID;
    if (stated !== undefined && stated !== currency)
      throw xmlError(
        'EINVOICE_CURRENCY_MISMATCH',
        `${where} is in ${stated}, but the document's currency is ${currency}.`,
        { element: name, path: where, currency: stated, expected: currency },
      );
    const decimal = parseDecimal(element.text);
    if (!decimal)
      throw xmlError('EINVOICE_INVALID_AMOUNT', `${where} "${element.text.slice(0, 40)}" is not an amount.`, {
        element: name,
        path: where,
        text: element.text.slice(0, 100),
      });
    const exponent = currencyExponent(currency);
    let minor: bigint;
    if (decimal.scale <= exponent) minor = decimal.units * pow10(exponent - decimal.scale);
    else {
      const excess = pow10(decimal.scale - exponent);
      if (decimal.units % excess !== 0n)
        throw xmlError(
          'EINVOICE_INVALID_AMOUNT',
          `${where} "${element.text}" has more decimals than ${currency} has (${exponent}).`,
          { element: name, path: where, text: element.text.slice(0, 100), reason: 'too_many_decimals' },
        );
      minor = decimal.units / excess;
    }
    if (minor > INT64_MAX || minor < -INT64_MAX)
      throw xmlError('EINVOICE_INVALID_AMOUNT', `${where} "${element.text.slice(0, 40)}" is too large.`, {
        element: name,
        path: where,
        reason: 'out_of_range',
      });
    return minor;
  }

  requiredAmount(parent: XmlElement, name: string): bigint {
    const value = this.amount(parent, name);
    if (value === undefined) requiredText(parent, name);
    return value as bigint;
  }

  /** A quantity, price or percent: canonical decimal text. */
  decimal(parent: XmlElement, name: string): string | undefined {
    const element = first(parent, name);
    if (!element || element.text === '') return undefined;
    const value = canonicalDecimal(element.text);
    if (value === undefined)
      throw xmlError(
        'EINVOICE_INVALID_NUMBER',
        `${element.path} "${element.text.slice(0, 40)}" is not a decimal number.`,
        { element: name, path: element.path, text: element.text.slice(0, 100) },
      );
    return value;
  }

  /** BT-149 divides the price, so it must be above zero. */
  baseQuantity(price: XmlElement): string | undefined {
    const value = this.decimal(price, 'cbc:BaseQuantity');
    if (value !== undefined && (value === '0' || value.startsWith('-')))
      throw xmlError(
        'EINVOICE_INVALID_NUMBER',
        `${price.path}/cbc:BaseQuantity is ${value}; the quantity a price is for must be above zero.`,
        { element: 'cbc:BaseQuantity', path: `${price.path}/cbc:BaseQuantity`, text: value },
      );
    return value;
  }

  requiredDecimal(parent: XmlElement, name: string): string {
    return this.decimal(parent, name) ?? requiredText(parent, name);
  }

  date(parent: XmlElement, ...names: string[]): string | undefined {
    const value = textAt(parent, ...names);
    if (value === undefined) return undefined;
    if (!isBusinessDate(value as unknown))
      throw xmlError(
        'EINVOICE_INVALID_DATE',
        `${parent.path}/${names.join('/')} "${value.slice(0, 40)}" is not a date (YYYY-MM-DD).`,
        { element: names.at(-1), path: `${parent.path}/${names.join('/')}`, text: value.slice(0, 100) },
      );
    return value;
  }

  requiredDate(parent: XmlElement, name: string): string {
    return this.date(parent, name) ?? requiredText(parent, name);
  }

  taxCategory(element: XmlElement): TaxCategory {
    const code = requiredText(element, 'cbc:ID');
    if (!TAX_CODES.has(code))
      throw xmlError(
        'EINVOICE_UNSUPPORTED_TAX_CATEGORY',
        `${element.path}/cbc:ID "${code.slice(0, 10)}" is not a VAT category of EN 16931 (${TAX_CATEGORY_CODES.join(', ')}).`,
        { element: 'cbc:ID', path: `${element.path}/cbc:ID`, code: code.slice(0, 10) },
      );
    const rate = this.decimal(element, 'cbc:Percent');
    return {
      code: code as TaxCategoryCode,
      ...optional('rate', rate),
      ...optional('exemptionReason', textAt(element, 'cbc:TaxExemptionReason')),
      ...optional('exemptionReasonCode', textAt(element, 'cbc:TaxExemptionReasonCode')),
    };
  }

  requiredTaxCategory(parent: XmlElement, name: string): TaxCategory {
    const element = first(parent, name);
    if (!element) requiredText(parent, name, 'cbc:ID');
    return this.taxCategory(element as XmlElement);
  }

  taxSubtotal(element: XmlElement): TaxSubtotal {
    return {
      category: this.requiredTaxCategory(element, 'cac:TaxCategory'),
      taxableAmount: this.requiredAmount(element, 'cbc:TaxableAmount'),
      taxAmount: this.requiredAmount(element, 'cbc:TaxAmount'),
    };
  }

  private allowanceChargeParts(element: XmlElement): LineAllowanceCharge {
    const indicator = requiredText(element, 'cbc:ChargeIndicator');
    if (indicator !== 'true' && indicator !== 'false')
      throw xmlError(
        'EINVOICE_INVALID_INDICATOR',
        `${element.path}/cbc:ChargeIndicator is "${indicator.slice(0, 20)}"; expected true or false.`,
        { element: 'cbc:ChargeIndicator', path: `${element.path}/cbc:ChargeIndicator` },
      );
    return {
      kind: indicator === 'true' ? 'charge' : 'allowance',
      amount: this.requiredAmount(element, 'cbc:Amount'),
      ...optional('baseAmount', this.amount(element, 'cbc:BaseAmount')),
      ...optional('percent', this.decimal(element, 'cbc:MultiplierFactorNumeric')),
      ...optional('reason', textAt(element, 'cbc:AllowanceChargeReason')),
      ...optional('reasonCode', textAt(element, 'cbc:AllowanceChargeReasonCode')),
    };
  }

  documentAllowanceCharge(element: XmlElement): DocumentAllowanceCharge {
    return {
      ...this.allowanceChargeParts(element),
      tax: this.requiredTaxCategory(element, 'cac:TaxCategory'),
    };
  }

  paymentMeans(element: XmlElement): PaymentMeans {
    const code = first(element, 'cbc:PaymentMeansCode');
    const account = first(element, 'cac:PayeeFinancialAccount');
    return {
      code: requiredText(element, 'cbc:PaymentMeansCode'),
      ...optional('name', code?.attributes.name),
      ...optional('reference', textAt(element, 'cbc:PaymentID')),
      ...optional(
        'account',
        account
          ? {
              id: requiredText(account, 'cbc:ID'),
              ...optional('name', textAt(account, 'cbc:Name')),
              ...optional('bic', textAt(account, 'cac:FinancialInstitutionBranch', 'cbc:ID')),
            }
          : undefined,
      ),
    };
  }

  party(root: XmlElement, role: string): EInvoiceParty {
    const party = at(root, role, 'cac:Party');
    if (!party) requiredText(root, role, 'cac:Party');
    const p = party as XmlElement;
    const schemed = (element: XmlElement | undefined): SchemedId | undefined =>
      element && element.text !== ''
        ? { id: element.text, ...optional('scheme', element.attributes.schemeID) }
        : undefined;
    const taxSchemes = all(p, 'cac:PartyTaxScheme');
    const schemeOf = (t: XmlElement) => textAt(t, 'cac:TaxScheme', 'cbc:ID');
    const vat = taxSchemes.find((t) => schemeOf(t) === 'VAT');
    const other = taxSchemes.find((t) => schemeOf(t) !== 'VAT');
    const tradingName = textAt(p, 'cac:PartyName', 'cbc:Name');
    const name = textAt(p, 'cac:PartyLegalEntity', 'cbc:RegistrationName') ?? tradingName;
    if (name === undefined) requiredText(p, 'cac:PartyLegalEntity', 'cbc:RegistrationName');
    const endpoint = first(p, 'cbc:EndpointID');
    const address = first(p, 'cac:PostalAddress');
    if (!address) requiredText(p, 'cac:PostalAddress', 'cac:Country', 'cbc:IdentificationCode');
    const a = address as XmlElement;
    const contact = first(p, 'cac:Contact');
    const contactParts = contact
      ? {
          ...optional('name', textAt(contact, 'cbc:Name')),
          ...optional('phone', textAt(contact, 'cbc:Telephone')),
          ...optional('email', textAt(contact, 'cbc:ElectronicMail')),
        }
      : {};
    return {
      name: name as string,
      ...optional('tradingName', tradingName),
      identifiers: all(p, 'cac:PartyIdentification').flatMap((id) => {
        const value = schemed(first(id, 'cbc:ID'));
        return value ? [value] : [];
      }),
      ...optional('legalId', schemed(at(p, 'cac:PartyLegalEntity', 'cbc:CompanyID'))),
      ...optional('legalForm', textAt(p, 'cac:PartyLegalEntity', 'cbc:CompanyLegalForm')),
      ...optional('vatId', vat ? textAt(vat, 'cbc:CompanyID') : undefined),
      ...optional('taxRegistrationId', other ? textAt(other, 'cbc:CompanyID') : undefined),
      ...optional(
        'endpoint',
        endpoint && endpoint.text !== ''
          ? { id: endpoint.text, scheme: endpoint.attributes.schemeID ?? '' }
          : undefined,
      ),
      address: {
        ...optional('street', textAt(a, 'cbc:StreetName')),
        ...optional('additionalStreet', textAt(a, 'cbc:AdditionalStreetName')),
        ...optional('addressLine', textAt(a, 'cac:AddressLine', 'cbc:Line')),
        ...optional('city', textAt(a, 'cbc:CityName')),
        ...optional('postalCode', textAt(a, 'cbc:PostalZone')),
        ...optional('subdivision', textAt(a, 'cbc:CountrySubentity')),
        countryCode: requiredText(a, 'cac:Country', 'cbc:IdentificationCode'),
      },
      ...optional('contact', Object.keys(contactParts).length > 0 ? contactParts : undefined),
    };
  }

  line(element: XmlElement, isCredit: boolean): EInvoiceLine {
    const quantityName = isCredit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity';
    const quantity = first(element, quantityName);
    const item = first(element, 'cac:Item');
    if (!item) requiredText(element, 'cac:Item', 'cbc:Name');
    const i = item as XmlElement;
    const price = first(element, 'cac:Price');
    if (!price) requiredText(element, 'cac:Price', 'cbc:PriceAmount');
    const pr = price as XmlElement;
    const priceAllowance = all(pr, 'cac:AllowanceCharge')[0];
    const standard = first(i, 'cac:StandardItemIdentification');
    const standardId = standard ? first(standard, 'cbc:ID') : undefined;
    return {
      id: requiredText(element, 'cbc:ID'),
      ...optional('note', textAt(element, 'cbc:Note')),
      quantity: this.requiredDecimal(element, quantityName),
      unitCode: quantity?.attributes.unitCode ?? 'C62',
      netAmount: this.requiredAmount(element, 'cbc:LineExtensionAmount'),
      ...optional('accountingCost', textAt(element, 'cbc:AccountingCost')),
      ...optional('periodStart', this.date(element, 'cac:InvoicePeriod', 'cbc:StartDate')),
      ...optional('periodEnd', this.date(element, 'cac:InvoicePeriod', 'cbc:EndDate')),
      ...optional('orderLineReference', textAt(element, 'cac:OrderLineReference', 'cbc:LineID')),
      allowanceCharges: all(element, 'cac:AllowanceCharge').map((ac) => this.allowanceChargeParts(ac)),
      name: requiredText(i, 'cbc:Name'),
      ...optional('description', textAt(i, 'cbc:Description')),
      ...optional('sellerItemId', textAt(i, 'cac:SellersItemIdentification', 'cbc:ID')),
      ...optional('buyerItemId', textAt(i, 'cac:BuyersItemIdentification', 'cbc:ID')),
      ...optional(
        'standardItemId',
        standardId && standardId.text !== ''
          ? { id: standardId.text, ...optional('scheme', standardId.attributes.schemeID) }
          : undefined,
      ),
      ...optional('originCountry', textAt(i, 'cac:OriginCountry', 'cbc:IdentificationCode')),
      tax: this.requiredTaxCategory(i, 'cac:ClassifiedTaxCategory'),
      unitPrice: this.requiredDecimal(pr, 'cbc:PriceAmount'),
      ...optional('priceBaseQuantity', this.baseQuantity(pr)),
      ...optional('grossPrice', priceAllowance ? this.decimal(priceAllowance, 'cbc:BaseAmount') : undefined),
      ...optional('priceDiscount', priceAllowance ? this.decimal(priceAllowance, 'cbc:Amount') : undefined),
    };
  }
}
