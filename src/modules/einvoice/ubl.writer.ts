import { minorToDecimalString } from '../../core/money.ts';
import {
  type DocumentAllowanceCharge,
  type EInvoiceDocument,
  type EInvoiceLine,
  type EInvoiceParty,
  type LineAllowanceCharge,
  PEPPOL_CUSTOMIZATION_ID,
  PEPPOL_PROFILE_ID,
  type TaxCategory,
  TYPE_CODES,
} from './einvoice.document.ts';

// UBL 2.1 Invoice / CreditNote following Peppol BIS Billing 3.0. Elements are written in the order
// the UBL 2.1 XSD's sequences require (checked by the XSD tests); optional parts are left out when
// empty. A credit note has no cbc:DueDate in UBL 2.1: its due date goes in PaymentMeans/PaymentDueDate
// (as Peppol BIS 3 maps BT-9), so a credit note without payment means cannot carry one.

export const UBL_NS = {
  invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  creditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
} as const;

// Characters XML 1.0 does not allow at all (not even as references): dropped rather than written.
function xmlCharacters(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const allowed =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      code >= 0x10000;
    if (allowed) out += char;
  }
  return out;
}

/** XML text or attribute content: markup characters escaped, characters XML cannot hold removed. */
export function escapeXml(text: string): string {
  return xmlCharacters(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

type Attributes = Record<string, string | undefined>;

class XmlWriter {
  private readonly out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  private depth = 0;

  private static attributes(attrs: Attributes): string {
    return Object.entries(attrs)
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
      .join('');
  }

  /** `<name attrs>value</name>`, or nothing when the value is absent. */
  leaf(name: string, value: string | undefined, attrs: Attributes = {}): void {
    if (value === undefined) return;
    this.out.push(
      `${'  '.repeat(this.depth)}<${name}${XmlWriter.attributes(attrs)}>${escapeXml(value)}</${name}>`,
    );
  }

  node(name: string, body: () => void, attrs: Attributes = {}): void {
    this.out.push(`${'  '.repeat(this.depth)}<${name}${XmlWriter.attributes(attrs)}>`);
    this.depth += 1;
    body();
    this.depth -= 1;
    this.out.push(`${'  '.repeat(this.depth)}</${name}>`);
  }

  toString(): string {
    return `${this.out.join('\n')}\n`;
  }
}

/** The document as UBL 2.1 XML (Invoice for 380, CreditNote for 381) with Peppol BIS 3 identifiers. */
export function toUbl(doc: EInvoiceDocument): string {
  const x = new XmlWriter();
  const isCredit = doc.kind === 'credit_note';
  const root = isCredit ? 'CreditNote' : 'Invoice';
  const currency = doc.currency;
  const amount = (name: string, minor: bigint) =>
    x.leaf(name, minorToDecimalString(minor, currency), { currencyID: currency });

  x.node(
    root,
    () => {
      x.leaf('cbc:CustomizationID', PEPPOL_CUSTOMIZATION_ID);
      x.leaf('cbc:ProfileID', PEPPOL_PROFILE_ID);
      x.leaf('cbc:ID', doc.number);
      x.leaf('cbc:IssueDate', doc.issueDate);
      if (isCredit) {
        x.leaf('cbc:TaxPointDate', doc.taxPointDate);
        x.leaf('cbc:CreditNoteTypeCode', TYPE_CODES.credit_note);
        for (const note of doc.notes) x.leaf('cbc:Note', note);
      } else {
        x.leaf('cbc:DueDate', doc.dueDate);
        x.leaf('cbc:InvoiceTypeCode', TYPE_CODES.invoice);
        for (const note of doc.notes) x.leaf('cbc:Note', note);
        x.leaf('cbc:TaxPointDate', doc.taxPointDate);
      }
      x.leaf('cbc:DocumentCurrencyCode', currency);
      x.leaf('cbc:TaxCurrencyCode', doc.taxCurrency);
      x.leaf('cbc:AccountingCost', doc.accountingCost);
      x.leaf('cbc:BuyerReference', doc.buyerReference);
      writePeriod(x, doc.periodStart, doc.periodEnd);
      if (doc.orderReference !== undefined || doc.salesOrderReference !== undefined)
        x.node('cac:OrderReference', () => {
          // Peppol: "NA" stands in for the order number when only the sales order is known.
          x.leaf('cbc:ID', doc.orderReference ?? 'NA');
          x.leaf('cbc:SalesOrderID', doc.salesOrderReference);
        });
      for (const preceding of doc.precedingInvoices)
        x.node('cac:BillingReference', () =>
          x.node('cac:InvoiceDocumentReference', () => {
            x.leaf('cbc:ID', preceding.number);
            x.leaf('cbc:IssueDate', preceding.issueDate);
          }),
        );
      if (doc.contractReference !== undefined)
        x.node('cac:ContractDocumentReference', () => x.leaf('cbc:ID', doc.contractReference));
      x.node('cac:AccountingSupplierParty', () => writeParty(x, doc.seller));
      x.node('cac:AccountingCustomerParty', () => writeParty(x, doc.buyer));
      if (doc.deliveryDate !== undefined)
        x.node('cac:Delivery', () => x.leaf('cbc:ActualDeliveryDate', doc.deliveryDate));
      doc.paymentMeans.forEach((means, index) => {
        x.node('cac:PaymentMeans', () => {
          x.leaf('cbc:PaymentMeansCode', means.code, { name: means.name });
          if (isCredit && index === 0) x.leaf('cbc:PaymentDueDate', doc.dueDate);
          x.leaf('cbc:PaymentID', means.reference);
          const account = means.account;
          if (account)
            x.node('cac:PayeeFinancialAccount', () => {
              x.leaf('cbc:ID', account.id);
              x.leaf('cbc:Name', account.name);
              if (account.bic !== undefined)
                x.node('cac:FinancialInstitutionBranch', () => x.leaf('cbc:ID', account.bic));
            });
        });
      });
      if (doc.paymentTerms !== undefined)
        x.node('cac:PaymentTerms', () => x.leaf('cbc:Note', doc.paymentTerms));
      for (const ac of doc.allowanceCharges) writeAllowanceCharge(x, ac, currency);
      x.node('cac:TaxTotal', () => {
        amount('cbc:TaxAmount', doc.totals.tax);
        for (const subtotal of doc.taxSubtotals)
          x.node('cac:TaxSubtotal', () => {
            amount('cbc:TaxableAmount', subtotal.taxableAmount);
            amount('cbc:TaxAmount', subtotal.taxAmount);
            writeTaxCategory(x, 'cac:TaxCategory', subtotal.category);
          });
      });
      const taxCurrency = doc.taxCurrency;
      if (taxCurrency !== undefined && doc.taxTotalInTaxCurrency !== undefined) {
        const inTaxCurrency = doc.taxTotalInTaxCurrency;
        x.node('cac:TaxTotal', () =>
          x.leaf('cbc:TaxAmount', minorToDecimalString(inTaxCurrency, taxCurrency), {
            currencyID: taxCurrency,
          }),
        );
      }
      x.node('cac:LegalMonetaryTotal', () => {
        const t = doc.totals;
        amount('cbc:LineExtensionAmount', t.lineExtension);
        amount('cbc:TaxExclusiveAmount', t.taxExclusive);
        amount('cbc:TaxInclusiveAmount', t.taxInclusive);
        const allowances = doc.allowanceCharges.some((ac) => ac.kind === 'allowance');
        const charges = doc.allowanceCharges.some((ac) => ac.kind === 'charge');
        if (allowances || t.allowanceTotal !== 0n) amount('cbc:AllowanceTotalAmount', t.allowanceTotal);
        if (charges || t.chargeTotal !== 0n) amount('cbc:ChargeTotalAmount', t.chargeTotal);
        if (t.prepaid !== 0n) amount('cbc:PrepaidAmount', t.prepaid);
        if (t.rounding !== 0n) amount('cbc:PayableRoundingAmount', t.rounding);
        amount('cbc:PayableAmount', t.payable);
      });
      for (const line of doc.lines) writeLine(x, line, doc);
    },
    {
      xmlns: isCredit ? UBL_NS.creditNote : UBL_NS.invoice,
      'xmlns:cac': UBL_NS.cac,
      'xmlns:cbc': UBL_NS.cbc,
    },
  );
  return x.toString();
}

function writePeriod(x: XmlWriter, start: string | undefined, end: string | undefined): void {
  if (start === undefined && end === undefined) return;
  x.node('cac:InvoicePeriod', () => {
    x.leaf('cbc:StartDate', start);
    x.leaf('cbc:EndDate', end);
  });
}

function writeParty(x: XmlWriter, party: EInvoiceParty): void {
  x.node('cac:Party', () => {
    if (party.endpoint) x.leaf('cbc:EndpointID', party.endpoint.id, { schemeID: party.endpoint.scheme });
    for (const identifier of party.identifiers)
      x.node('cac:PartyIdentification', () =>
        x.leaf('cbc:ID', identifier.id, { schemeID: identifier.scheme }),
      );
    if (party.tradingName !== undefined) x.node('cac:PartyName', () => x.leaf('cbc:Name', party.tradingName));
    const address = party.address;
    x.node('cac:PostalAddress', () => {
      x.leaf('cbc:StreetName', address.street);
      x.leaf('cbc:AdditionalStreetName', address.additionalStreet);
      x.leaf('cbc:CityName', address.city);
      x.leaf('cbc:PostalZone', address.postalCode);
      x.leaf('cbc:CountrySubentity', address.subdivision);
      if (address.addressLine !== undefined)
        x.node('cac:AddressLine', () => x.leaf('cbc:Line', address.addressLine));
      x.node('cac:Country', () => x.leaf('cbc:IdentificationCode', address.countryCode));
    });
    const taxScheme = (companyId: string, scheme: string) =>
      x.node('cac:PartyTaxScheme', () => {
        x.leaf('cbc:CompanyID', companyId);
        x.node('cac:TaxScheme', () => x.leaf('cbc:ID', scheme));
      });
    if (party.vatId !== undefined) taxScheme(party.vatId, 'VAT');
    if (party.taxRegistrationId !== undefined) taxScheme(party.taxRegistrationId, 'TAX');
    x.node('cac:PartyLegalEntity', () => {
      x.leaf('cbc:RegistrationName', party.name);
      if (party.legalId) x.leaf('cbc:CompanyID', party.legalId.id, { schemeID: party.legalId.scheme });
      x.leaf('cbc:CompanyLegalForm', party.legalForm);
    });
    const contact = party.contact;
    if (contact && (contact.name ?? contact.phone ?? contact.email) !== undefined)
      x.node('cac:Contact', () => {
        x.leaf('cbc:Name', contact.name);
        x.leaf('cbc:Telephone', contact.phone);
        x.leaf('cbc:ElectronicMail', contact.email);
      });
  });
}

function writeTaxCategory(x: XmlWriter, name: string, category: TaxCategory): void {
  x.node(name, () => {
    x.leaf('cbc:ID', category.code);
    x.leaf('cbc:Percent', category.rate);
    x.leaf('cbc:TaxExemptionReasonCode', category.exemptionReasonCode);
    x.leaf('cbc:TaxExemptionReason', category.exemptionReason);
    x.node('cac:TaxScheme', () => x.leaf('cbc:ID', 'VAT'));
  });
}

function writeAllowanceCharge(
  x: XmlWriter,
  ac: DocumentAllowanceCharge | LineAllowanceCharge,
  currency: string,
): void {
  x.node('cac:AllowanceCharge', () => {
    x.leaf('cbc:ChargeIndicator', ac.kind === 'charge' ? 'true' : 'false');
    x.leaf('cbc:AllowanceChargeReasonCode', ac.reasonCode);
    x.leaf('cbc:AllowanceChargeReason', ac.reason);
    x.leaf('cbc:MultiplierFactorNumeric', ac.percent);
    x.leaf('cbc:Amount', minorToDecimalString(ac.amount, currency), { currencyID: currency });
    if (ac.baseAmount !== undefined)
      x.leaf('cbc:BaseAmount', minorToDecimalString(ac.baseAmount, currency), { currencyID: currency });
    if ('tax' in ac) writeTaxCategory(x, 'cac:TaxCategory', ac.tax);
  });
}

function writeLine(x: XmlWriter, line: EInvoiceLine, doc: EInvoiceDocument): void {
  const isCredit = doc.kind === 'credit_note';
  const currency = doc.currency;
  x.node(isCredit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine', () => {
    x.leaf('cbc:ID', line.id);
    x.leaf('cbc:Note', line.note);
    x.leaf(isCredit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity', line.quantity, {
      unitCode: line.unitCode,
    });
    x.leaf('cbc:LineExtensionAmount', minorToDecimalString(line.netAmount, currency), {
      currencyID: currency,
    });
    x.leaf('cbc:AccountingCost', line.accountingCost);
    writePeriod(x, line.periodStart, line.periodEnd);
    if (line.orderLineReference !== undefined)
      x.node('cac:OrderLineReference', () => x.leaf('cbc:LineID', line.orderLineReference));
    for (const ac of line.allowanceCharges) writeAllowanceCharge(x, ac, currency);
    x.node('cac:Item', () => {
      x.leaf('cbc:Description', line.description);
      x.leaf('cbc:Name', line.name);
      if (line.buyerItemId !== undefined)
        x.node('cac:BuyersItemIdentification', () => x.leaf('cbc:ID', line.buyerItemId));
      if (line.sellerItemId !== undefined)
        x.node('cac:SellersItemIdentification', () => x.leaf('cbc:ID', line.sellerItemId));
      const standard = line.standardItemId;
      if (standard)
        x.node('cac:StandardItemIdentification', () =>
          x.leaf('cbc:ID', standard.id, { schemeID: standard.scheme }),
        );
      if (line.originCountry !== undefined)
        x.node('cac:OriginCountry', () => x.leaf('cbc:IdentificationCode', line.originCountry));
      writeTaxCategory(x, 'cac:ClassifiedTaxCategory', line.tax);
    });
    x.node('cac:Price', () => {
      x.leaf('cbc:PriceAmount', line.unitPrice, { currencyID: currency });
      x.leaf('cbc:BaseQuantity', line.priceBaseQuantity, { unitCode: line.unitCode });
      if (line.priceDiscount !== undefined || line.grossPrice !== undefined)
        x.node('cac:AllowanceCharge', () => {
          x.leaf('cbc:ChargeIndicator', 'false');
          x.leaf('cbc:Amount', line.priceDiscount ?? '0', { currencyID: currency });
          x.leaf('cbc:BaseAmount', line.grossPrice, { currencyID: currency });
        });
    });
  });
}
