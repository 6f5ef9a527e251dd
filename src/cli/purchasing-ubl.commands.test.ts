import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBill } from '../modules/purchasing/index.ts';
import { createPurchasingOrg, type PurchasingOrg } from '../modules/purchasing/purchasing.test-kit.ts';
import type { Services } from '../services.ts';
import { createCliTestServices, runCli } from './cli.test-kit.ts';

// `ordo import ubl FILE --as bill`: every Peppol example invoice and credit note becomes a draft
// bill or vendor credit with the document's totals and VAT breakdown, the seller matched or
// created as the vendor; the same document again adds nothing; a document that does not add up is
// refused with nothing written.

let svc: Services;
let org: PurchasingOrg;

beforeAll(async () => {
  svc = await createCliTestServices();
  org = await createPurchasingOrg(svc.store);
}, 60_000);
afterAll(() => svc.close());

const EXAMPLES = path.resolve('../shared/testdata/peppol-bis-invoice-3');
const scratch = mkdtempSync(path.join(tmpdir(), 'ordo-ubl-bill-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const importBill = (file: string, ...more: string[]) =>
  runCli(svc, ['import', 'ubl', file, '--org', org.slug, '--as', 'bill', ...more]);

describe('ordo import ubl --as bill', () => {
  // [file, type, tax exclusive, tax, tax inclusive, VAT breakdown [category, percent, taxable, tax]]
  type Case = [string, 'bill' | 'vendor_credit', bigint, bigint, bigint, [string, string, string, string][]];
  const cases: Case[] = [
    ['base-example.xml', 'bill', 132500n, 33125n, 165625n, [['S', '25', '132500', '33125']]],
    [
      'base-creditnote-correction.xml',
      'vendor_credit',
      132500n,
      33125n,
      165625n,
      [['S', '25', '132500', '33125']],
    ],
    [
      'base-negative-inv-correction.xml',
      'vendor_credit',
      132500n,
      33125n,
      165625n,
      [['S', '25', '132500', '33125']],
    ],
    [
      'Allowance-example.xml',
      'bill',
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
      'bill',
      700000n,
      155000n,
      855000n,
      [
        ['S', '25', '500000', '125000'],
        ['S', '15', '200000', '30000'],
      ],
    ],
    ['vat-category-E.xml', 'bill', 120000n, 0n, 120000n, [['E', '0', '120000', '0']]],
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
      const run = await importBill(path.join(EXAMPLES, file), '--json');
      expect(run.code, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout) as {
        billId: string;
        billType: string;
        matchesDocument: boolean;
        vendorMatch: string;
      };
      expect(result).toMatchObject({ billType: type, matchesDocument: true });
      const bill = await org.run((tx) => loadBill(tx, org.orgId, type, result.billId));
      expect(bill.status).toBe('draft');
      expect([bill.taxExclusiveAmount, bill.taxAmount, bill.taxInclusiveAmount]).toEqual([
        taxExclusive,
        tax,
        taxInclusive,
      ]);
      expect(bill.taxBreakdown.map((r) => [r.category, r.percent, r.taxableAmount, r.taxAmount])).toEqual(
        breakdown,
      );
    });

  it('matches the seller by VAT id after creating it once, with its address and VAT id', async () => {
    const copy = path.join(scratch, 'again.xml');
    writeFileSync(
      copy,
      readFileSync(path.join(EXAMPLES, 'base-example.xml'), 'utf8').replace(
        /<cbc:ID>Snippet1<\/cbc:ID>/,
        '<cbc:ID>Snippet9</cbc:ID>',
      ),
    );
    const run = await importBill(copy);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Imported Snippet9 as draft bill bil_\w+ from SupplierTradingName Ltd\. \(matched by VAT id\): 2 lines, 1325\.00 \+ 331\.25 tax = 1656\.25 EUR\.$/,
    );
    // Same vendor, amount and date as Snippet1: said, not refused (the e-invoice is its own document).
    expect(run.stderr).toContain('has another bill that looks the same');
    const vendors = await org.run((tx) =>
      import('../modules/purchasing/index.ts').then((m) => m.listVendors(tx, org.orgId, { limit: 50 })),
    );
    const supplier = vendors.items.find((v) => v.name === 'SupplierTradingName Ltd.')!;
    expect(supplier).toMatchObject({
      legalName: 'SupplierOfficialName Ltd',
      taxIds: [{ scheme: 'VAT', value: 'GB1232434' }],
      currency: 'EUR',
      bankAccount: null, // the example's "IBAN32423940" is no IBAN
    });
    expect(supplier.address?.country).toBe('GB');
  });

  it('adds nothing when the same document comes again, as the same file or a copy', async () => {
    const before = await org.snapshot();
    const again = await importBill(path.join(EXAMPLES, 'base-example.xml'));
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      /^Already imported: Snippet1 is draft bill bil_\w+ from SupplierTradingName Ltd\.; nothing added\.$/,
    );
    const reformatted = path.join(scratch, 'reformatted.xml');
    writeFileSync(reformatted, `${readFileSync(path.join(EXAMPLES, 'base-example.xml'), 'utf8')}\n\n`);
    const copy = await importBill(reformatted, '--json');
    expect(JSON.parse(copy.stdout)).toMatchObject({ alreadyImported: true, number: 'Snippet1' });
    expect(await org.snapshot()).toEqual(before);
  });

  it('refuses a document that does not add up, and writes nothing', async () => {
    const wrong = path.join(scratch, 'wrong.xml');
    writeFileSync(
      wrong,
      readFileSync(path.join(EXAMPLES, 'Vat-category-S.xml'), 'utf8').replace(
        '<cbc:TaxAmount currencyID="EUR">300</cbc:TaxAmount>',
        '<cbc:TaxAmount currencyID="EUR">310</cbc:TaxAmount>',
      ),
    );
    const before = await org.snapshot();
    const run = await importBill(wrong);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('does not add up');
    expect(await org.snapshot()).toEqual(before);
    const other = await runCli(svc, ['import', 'ubl', wrong, '--org', org.slug, '--as', 'order']);
    expect(other.stderr).toContain('use --as invoice or --as bill');
  });
});
