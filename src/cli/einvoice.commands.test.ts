import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateCompanyProfile } from '../modules/company/index.ts';
import { checkTotals, fromUbl, validateUbl } from '../modules/einvoice/index.ts';
import { createCustomer } from '../modules/sales/customer.service.ts';
import { createDocument } from '../modules/sales/document.service.ts';
import { issueDocument } from '../modules/sales/invoice.service.ts';
import { createSalesOrg, type SalesOrg } from '../modules/sales/sales.test-kit.ts';
import type { Services } from '../services.ts';
import { createCliTestServices, runCli } from './cli.test-kit.ts';

// `ordo export ubl` prints an issued invoice or credit note as UBL that the UBL 2.1 XSD accepts and
// that reads back with the figures the sales module stored.

let svc: Services;
let org: SalesOrg;
let invoiceNumber: string;
let creditNoteNumber: string;
let stored: { lineExtension: bigint; taxExclusive: bigint; tax: bigint; taxInclusive: bigint };

beforeAll(async () => {
  svc = await createCliTestServices();
  org = await createSalesOrg(svc.store);
  await updateCompanyProfile(svc.store.db, org.owner, {
    legalName: 'Seller & Sons Ltd',
    tradingName: 'Seller <Trading>',
    address: { line1: '1 Main Street', city: 'London', postalCode: 'EC1A 1AA', country: 'GB' },
    country: 'GB',
    baseCurrency: 'GBP',
    fiscalYearStart: '01-01',
    taxIds: [{ scheme: 'VAT', value: 'GB123456789' }],
    email: 'billing@seller.example',
  });
  const buyer = await org.run((tx) =>
    createCustomer(tx, org.owner, {
      name: 'Buyer GmbH',
      email: 'ap@buyer.example',
      billingAddress: { line1: 'Hauptstraße 5', city: 'Berlin', postalCode: '10115', country: 'DE' },
      taxIds: [{ scheme: 'VAT', value: 'DE999999999' }],
      defaultTaxRateId: org.standard.id,
    }),
  );
  const draft = await org.run((tx) =>
    createDocument(tx, org.owner, 'invoice', {
      customerId: buyer.id,
      issueDate: '2026-03-02',
      dueDate: '2026-04-01',
      buyerReference: 'PO-77',
      paymentTerms: 'Net 30',
      discountPercent: '10',
      discountReason: 'Loyalty',
      notes: 'Thank you',
      lines: [
        { name: 'Consulting', quantity: '7.5', unitCode: 'HUR', unitPrice: 12_000, discountAmount: 5_000 },
        { name: 'Licence', quantity: '3', unitPrice: 3_333 },
        { name: 'Training (exempt)', quantity: '1', unitPrice: 50_000, taxRateId: org.exempt.id },
      ],
    }),
  );
  const invoice = await org.run((tx) => issueDocument(tx, org.owner, 'invoice', draft.id));
  invoiceNumber = invoice.number!;
  stored = {
    lineExtension: invoice.lineExtensionAmount,
    taxExclusive: invoice.taxExclusiveAmount,
    tax: invoice.taxAmount,
    taxInclusive: invoice.taxInclusiveAmount,
  };
  const creditDraft = await org.run((tx) =>
    createDocument(tx, org.owner, 'credit_note', {
      customerId: buyer.id,
      issueDate: '2026-03-10',
      relatedDocumentId: invoice.id,
      lines: [{ name: 'Licence returned', quantity: '1', unitPrice: 3_333 }],
    }),
  );
  const credit = await org.run((tx) => issueDocument(tx, org.owner, 'credit_note', creditDraft.id));
  creditNoteNumber = credit.number!;
}, 60_000);
afterAll(() => svc.close());

describe('ordo export ubl', () => {
  it('prints an issued invoice as UBL that validates and reads back with the stored figures', async () => {
    const run = await runCli(svc, ['export', 'ubl', '--org', org.slug, '--number', invoiceNumber]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const [result] = await validateUbl([run.stdout]);
    expect(result).toEqual({ valid: true, errors: [] });
    const doc = fromUbl(run.stdout);
    expect(doc).toMatchObject({
      kind: 'invoice',
      number: invoiceNumber,
      issueDate: '2026-03-02',
      dueDate: '2026-04-01',
      currency: 'GBP',
      buyerReference: 'PO-77',
      paymentTerms: 'Net 30',
      notes: ['Thank you'],
      seller: {
        name: 'Seller & Sons Ltd',
        tradingName: 'Seller <Trading>',
        vatId: 'GB123456789',
        endpoint: { id: 'billing@seller.example', scheme: 'EM' },
        address: { street: '1 Main Street', city: 'London', countryCode: 'GB' },
      },
      buyer: { name: 'Buyer GmbH', vatId: 'DE999999999', address: { city: 'Berlin', countryCode: 'DE' } },
    });
    expect(doc.totals).toMatchObject({
      lineExtension: stored.lineExtension,
      taxExclusive: stored.taxExclusive,
      tax: stored.tax,
      taxInclusive: stored.taxInclusive,
      payable: stored.taxInclusive,
    });
    expect(doc.lines.map((l) => [l.quantity, l.unitCode, l.unitPrice, l.tax.code])).toEqual([
      ['7.5', 'HUR', '120', 'S'],
      ['3', 'C62', '33.33', 'S'],
      ['1', 'C62', '500', 'E'],
    ]);
    expect(doc.lines[0]!.allowanceCharges).toEqual([
      { kind: 'allowance', amount: 5000n, reason: 'Discount' },
    ]);
    // The 10 % document discount: one allowance per VAT category, with its reason.
    expect(doc.allowanceCharges.map((a) => [a.kind, a.reason, a.tax.code])).toEqual([
      ['allowance', 'Loyalty', 'S'],
      ['allowance', 'Loyalty', 'E'],
    ]);
    expect(doc.taxSubtotals.find((s) => s.category.code === 'E')?.category.exemptionReasonCode).toBe(
      'VATEX-EU-132',
    );
    expect(checkTotals(doc)).toEqual([]);
  });

  it('prints a credit note with the invoice it credits', async () => {
    const run = await runCli(svc, ['export', 'ubl', '--org', org.slug, '--number', creditNoteNumber]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('<CreditNote ');
    const [result] = await validateUbl([run.stdout]);
    expect(result).toEqual({ valid: true, errors: [] });
    const doc = fromUbl(run.stdout);
    expect(doc.kind).toBe('credit_note');
    expect(doc.precedingInvoices).toEqual([{ number: invoiceNumber, issueDate: '2026-03-02' }]);
    expect(doc.totals.taxInclusive).toBe(4000n); // 33.33 + 20 % VAT (6.67)
    expect(checkTotals(doc)).toEqual([]);
  });

  it('names a number that is not there, and exits 1', async () => {
    const run = await runCli(svc, ['export', 'ubl', '--org', org.slug, '--number', 'INV-NOPE']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('No issued invoice or credit note numbered INV-NOPE');
  });

  it('refuses a buyer without a country, saying what to set', async () => {
    const draft = await org.draft('2026-03-05', [['1', 1000]]);
    const issued = await org.run((tx) => issueDocument(tx, org.owner, 'invoice', draft.id));
    const run = await runCli(svc, ['export', 'ubl', '--org', org.slug, '--number', issued.number!]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The customer Globex Ltd has no country');
  });
});
