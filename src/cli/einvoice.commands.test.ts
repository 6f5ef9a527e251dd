import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateCompanyProfile } from '../modules/company/index.ts';
import { checkTotals, fromUbl, validateUbl } from '../modules/einvoice/index.ts';
import { createCustomer } from '../modules/sales/customer.service.ts';
import { createDocument } from '../modules/sales/document.service.ts';
import { loadDocument } from '../modules/sales/index.ts';
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

const EXAMPLES = path.resolve('../shared/testdata/peppol-bis-invoice-3');
const scratch = mkdtempSync(path.join(tmpdir(), 'ordo-ubl-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of an example under another document number (BT-1, the first cbc:ID), so it is a new document. */
function renumbered(file: string, number: string): string {
  const copy = path.join(scratch, `${number}.xml`);
  writeFileSync(
    copy,
    readFileSync(path.join(EXAMPLES, file), 'utf8').replace(
      /<cbc:ID>[^<]*<\/cbc:ID>/,
      `<cbc:ID>${number}</cbc:ID>`,
    ),
  );
  return copy;
}

describe('ordo import ubl --as invoice', () => {
  // [file, draft type, tax exclusive, tax, tax inclusive, VAT breakdown [category, percent, taxable,
  // tax]] as the files state them (a negative invoice's with the sign turned): every example there is.
  type Case = [string, 'invoice' | 'credit_note', bigint, bigint, bigint, [string, string, string, string][]];
  const cases: Case[] = [
    ['base-example.xml', 'invoice', 132500n, 33125n, 165625n, [['S', '25', '132500', '33125']]],
    [
      'base-creditnote-correction.xml',
      'credit_note',
      132500n,
      33125n,
      165625n,
      [['S', '25', '132500', '33125']],
    ],
    [
      'base-negative-inv-correction.xml',
      'credit_note',
      132500n,
      33125n,
      165625n,
      [['S', '25', '132500', '33125']],
    ],
    [
      'Allowance-example.xml',
      'invoice',
      590000n,
      122500n,
      712500n,
      [
        ['S', '25', '490000', '122500'],
        ['E', '0', '100000', '0'],
      ],
    ],
    [
      'Vat-category-S.xml',
      'invoice',
      700000n,
      155000n,
      855000n,
      [
        ['S', '25', '500000', '125000'],
        ['S', '15', '200000', '30000'],
      ],
    ],
    ['vat-category-E.xml', 'invoice', 120000n, 0n, 120000n, [['E', '0', '120000', '0']]],
  ];

  it('covers every invoice and credit note in the examples folder', () => {
    const examples = readdirSync(EXAMPLES).filter((f) =>
      /^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*<(Invoice|CreditNote)\b/.test(
        readFileSync(path.join(EXAMPLES, f), 'utf8'),
      ),
    );
    expect(examples.sort()).toEqual(cases.map(([file]) => file).sort());
  });

  for (const [file, type, taxExclusive, tax, taxInclusive, breakdown] of cases)
    it(`${file}: a draft ${type} with the document's totals and VAT`, async () => {
      const run = await runCli(svc, [
        'import',
        'ubl',
        path.join(EXAMPLES, file),
        '--org',
        org.slug,
        '--as',
        'invoice',
        '--json',
      ]);
      expect(run.stderr.replace(/Note: the document states .*\n?/, '')).toBe('');
      expect(run.code).toBe(0);
      const result = JSON.parse(run.stdout) as {
        draftId: string;
        draftType: string;
        matchesDocument: boolean;
      };
      expect(result).toMatchObject({ draftType: type, matchesDocument: true });
      const draft = await org.run((tx) => loadDocument(tx, org.orgId, type, result.draftId));
      expect(draft.status).toBe('draft');
      expect([draft.taxExclusiveAmount, draft.taxAmount, draft.taxInclusiveAmount]).toEqual([
        taxExclusive,
        tax,
        taxInclusive,
      ]);
      expect(draft.taxBreakdown.map((r) => [r.category, r.percent, r.taxableAmount, r.taxAmount])).toEqual(
        breakdown,
      );
    });

  it('matches the customer by VAT id the second time, and says what it did', async () => {
    const file = renumbered('base-example.xml', 'Snippet2');
    const run = await runCli(svc, ['import', 'ubl', file, '--org', org.slug, '--as', 'invoice']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Imported Snippet2 as draft invoice inv_\w+ for Buyer Official Name \(matched by VAT id\): 2 lines, 1325\.00 \+ 331\.25 tax = 1656\.25 EUR\.$/,
    );
  });

  it('adds nothing when the same document comes again, in this file or a copy, and says which draft it is', async () => {
    const before = await org.snapshot();
    const again = await runCli(svc, [
      'import',
      'ubl',
      path.join(EXAMPLES, 'base-example.xml'),
      '--org',
      org.slug,
      '--as',
      'invoice',
    ]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      /^Already imported: Snippet1 is invoice draft inv_\w+ for Buyer Official Name; nothing added\.$/,
    );
    const reformatted = path.join(scratch, 'reformatted.xml');
    writeFileSync(reformatted, `${readFileSync(path.join(EXAMPLES, 'base-example.xml'), 'utf8')}\n\n`);
    const copy = await runCli(svc, [
      'import',
      'ubl',
      reformatted,
      '--org',
      org.slug,
      '--as',
      'invoice',
      '--json',
    ]);
    expect(JSON.parse(copy.stdout)).toMatchObject({ alreadyImported: true, number: 'Snippet1' });
    expect(await org.snapshot()).toEqual(before);
  });

  it('reports the prepaid amount it does not record', async () => {
    const run = await runCli(svc, [
      'import',
      'ubl',
      renumbered('Allowance-example.xml', 'Allowance2'),
      '--org',
      org.slug,
      '--as',
      'invoice',
    ]);
    expect(run.stderr).toContain('1000.00 EUR already paid');
  });

  it('says when a negative invoice became a credit note', async () => {
    const file = renumbered('base-negative-inv-correction.xml', 'Correction2');
    const run = await runCli(svc, ['import', 'ubl', file, '--org', org.slug, '--as', 'invoice']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Imported Correction2 \(a negative invoice, so a credit note\) as draft credit note crn_\w+ for Buyer Official Name \(matched by VAT id\): 2 lines, 1325\.00 \+ 331\.25 tax = 1656\.25 EUR\.$/,
    );
  });

  it('refuses a document that does not add up, another --as, and a missing file; nothing is written', async () => {
    const other = await runCli(svc, [
      'import',
      'ubl',
      path.join(EXAMPLES, 'base-example.xml'),
      '--org',
      org.slug,
      '--as',
      'order',
    ]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('--as order is not supported');
    const dir = mkdtempSync(path.join(tmpdir(), 'ordo-ubl-'));
    const wrong = path.join(dir, 'wrong.xml');
    writeFileSync(
      wrong,
      readFileSync(path.join(EXAMPLES, 'Vat-category-S.xml'), 'utf8').replace(
        '<cbc:TaxAmount currencyID="EUR">300</cbc:TaxAmount>',
        '<cbc:TaxAmount currencyID="EUR">310</cbc:TaxAmount>',
      ),
    );
    const before = await org.snapshot();
    const inconsistent = await runCli(svc, ['import', 'ubl', wrong, '--org', org.slug, '--as', 'invoice']);
    expect(inconsistent.code).toBe(1);
    expect(inconsistent.stderr).toContain('does not add up: taxSubtotals[S 15].taxAmount');
    expect(await org.snapshot()).toEqual(before);
    const missing = await runCli(svc, [
      'import',
      'ubl',
      path.join(dir, 'nope.xml'),
      '--org',
      org.slug,
      '--as',
      'invoice',
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No file');
    rmSync(dir, { recursive: true, force: true });
  });

  it('round trip: an exported invoice imports with the same totals', async () => {
    const exported = await runCli(svc, ['export', 'ubl', '--org', org.slug, '--number', invoiceNumber]);
    const dir = mkdtempSync(path.join(tmpdir(), 'ordo-ubl-'));
    const file = path.join(dir, 'out.xml');
    writeFileSync(file, exported.stdout);
    const run = await runCli(svc, ['import', 'ubl', file, '--org', org.slug, '--as', 'invoice', '--json']);
    rmSync(dir, { recursive: true, force: true });
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { draftId: string; customerMatch: string };
    expect(result.customerMatch).toBe('vat_id');
    const draft = await org.run((tx) => loadDocument(tx, org.orgId, 'invoice', result.draftId));
    expect([draft.taxExclusiveAmount, draft.taxAmount, draft.taxInclusiveAmount]).toEqual([
      stored.taxExclusive,
      stored.tax,
      stored.taxInclusive,
    ]);
  });

  it('round trip: an exported credit note imports as a draft credit note for the invoice it credits', async () => {
    const exported = await runCli(svc, ['export', 'ubl', '--org', org.slug, '--number', creditNoteNumber]);
    const dir = mkdtempSync(path.join(tmpdir(), 'ordo-ubl-'));
    const file = path.join(dir, 'credit.xml');
    writeFileSync(file, exported.stdout);
    const run = await runCli(svc, ['import', 'ubl', file, '--org', org.slug, '--as', 'invoice']);
    rmSync(dir, { recursive: true, force: true });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`as draft credit note crn_`);
    expect(run.stdout).toContain(`crediting ${invoiceNumber} for Buyer GmbH (matched by VAT id)`);
  });
});
