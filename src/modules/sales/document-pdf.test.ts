import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../db/client.ts';
import { createTestStore } from '../../db/test-db.ts';
import { demoLogoPng } from '../../demo/company.seed.ts';
import { setCompanyLogo, updateCompanyProfile } from '../company/index.ts';
import { createCustomer } from './customer.service.ts';
import { createDocument } from './document.service.ts';
import { renderDocumentFile } from './document-pdf.service.ts';
import { issueDocument } from './invoice.service.ts';
import { recordPayment } from './payment.service.ts';
import { amount } from './pdf.kit.ts';
import { readPdf } from './pdf.test-kit.ts';
import { moveQuote } from './quote.service.ts';
import { createSalesOrg, type SalesOrg } from './sales.test-kit.ts';

// Sales PDFs read back with pdftotext: the figures a customer sees are the document's, pages break
// cleanly with the table header repeated, drafts say DRAFT.

let store: Store;
let s: SalesOrg;
let customerId: string;
beforeAll(async () => {
  store = await createTestStore();
  s = await createSalesOrg(store);
  await updateCompanyProfile(store.db, s.owner, {
    legalName: 'Acme Widgets Limited',
    tradingName: 'Acme',
    address: { line1: '1 High Street', city: 'Bristol', postalCode: 'BS1 4DJ', country: 'GB' },
    country: 'GB',
    baseCurrency: 'GBP',
    fiscalYearStart: '01-01',
    taxIds: [{ scheme: 'VAT', value: 'GB123456789' }],
    email: 'accounts@acme.example',
  });
  await setCompanyLogo(store.db, s.owner, { contentType: 'image/png', bytes: demoLogoPng() });
  customerId = (
    await s.run((tx) =>
      createCustomer(tx, s.owner, {
        name: 'Łódź Präzisionsteile GmbH',
        email: 'ap@lodz.example',
        billingAddress: { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
        taxIds: [{ scheme: 'VAT', value: 'DE123456789' }],
        paymentTermsDays: 30,
        defaultTaxRateId: s.standard.id,
      }),
    )
  ).id;
});
afterAll(() => store.close());

const squash = (text: string) => text.replace(/[ \t]+/g, ' ');

describe('invoice PDF', () => {
  it('prints seller, buyer, lines, tax per rate and the amount still due', async () => {
    const draft = await s.run((tx) =>
      createDocument(tx, s.owner, 'invoice', {
        customerId,
        issueDate: '2026-03-02',
        paymentTerms: 'Net 30',
        buyerReference: 'PO 7781',
        notes: 'Thank you for your business.',
        lines: [
          { name: 'Consulting', quantity: '3', unitPrice: 1_234_50, unitCode: 'HUR' },
          { name: 'Training', quantity: '1.5', unitPrice: 2000, taxRateId: s.exempt.id },
          { name: 'Widgets', quantity: '4', unitPrice: 1250, discountPercent: '10' },
        ],
      }),
    );
    const invoice = await s.run((tx) => issueDocument(tx, s.owner, 'invoice', draft.id));
    // 3 × 1,234.50 = 3,703.50; 1.5 × 20.00 = 30.00 exempt; 4 × 12.50 − 10 % = 45.00.
    expect(invoice.taxInclusiveAmount).toBe(3_703_50n + 30_00n + 45_00n + 749_70n);
    await s.run((tx) =>
      recordPayment(tx, s.owner, {
        customerId,
        date: '2026-03-10',
        amount: 1000_00,
        accountId: s.account.bank,
        allocations: [{ invoiceId: invoice.id, amount: 1000_00 }],
      }),
    );

    const file = await s.run((tx) => renderDocumentFile(tx, s.orgId, 'invoice', invoice.id));
    expect(file.fileName).toBe(`${invoice.number}.pdf`);
    expect(file.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const pdf = readPdf(file.bytes);
    expect(pdf.pages).toBe(1);
    expect(pdf.title).toBe(`Invoice ${invoice.number}`);
    const text = squash(pdf.text);
    expect(text).toContain('Acme Widgets Limited');
    expect(text).toContain('VAT GB123456789');
    expect(text).toContain('Łódź Präzisionsteile GmbH'); // the embedded font prints it as written
    expect(text).toContain('10115 Berlin');
    expect(text).toContain('Germany');
    expect(text).toMatch(new RegExp(`Invoice no\\. ${invoice.number}`));
    expect(text).toContain('Issue date 2 Mar 2026');
    expect(text).toContain('Due date 1 Apr 2026');
    expect(text).toContain('Your reference PO 7781');
    expect(text).toMatch(/Consulting 3 h 1,234\.50 20% 3,703\.50/);
    expect(text).toMatch(/Training 1\.5 20\.00 0% E 30\.00/);
    expect(text).toMatch(/Widgets 4 12\.50 10% 20% 45\.00/);
    expect(text).toMatch(/Tax 20% 3,748\.50 749\.70/);
    expect(text).toMatch(/Exempt 0% 30\.00 0\.00/);
    expect(text).toMatch(/Subtotal 3,778\.50/);
    expect(text).toMatch(/Total GBP 4,528\.20/);
    expect(text).toMatch(/Paid -1,000\.00/);
    expect(text).toMatch(/Amount due GBP 3,528\.20/);
    expect(text).toContain(`Please pay GBP 3,528.20 by 1 Apr 2026, quoting ${invoice.number}.`);
    expect(text).toContain('Thank you for your business.');
    expect(text).toContain('VATEX-EU-132');
    expect(text).toContain('Page 1 of 1');
    expect(pdf.rawPageTexts[0]).not.toContain('DRAFT');
  });

  it('runs 60 lines over pages with the header on each and every line once', async () => {
    const lines = Array.from({ length: 60 }, (_, i) => ({
      name: `Item ${String(i + 1).padStart(2, '0')} ${i % 7 === 0 ? 'with a long name that has to wrap onto a second line of the description column' : ''}`.trim(),
      description: i % 5 === 0 ? 'Delivered to the warehouse, packed and insured.' : undefined,
      quantity: '2',
      unitPrice: 1000 + i,
    }));
    const draft = await s.run((tx) =>
      createDocument(tx, s.owner, 'invoice', { customerId, issueDate: '2026-03-05', lines }),
    );
    const file = await s.run((tx) => renderDocumentFile(tx, s.orgId, 'invoice', draft.id));
    expect(file.fileName).toBe(`draft-invoice-${draft.id}.pdf`);
    const pdf = readPdf(file.bytes);
    expect(pdf.pages).toBeGreaterThanOrEqual(2);
    pdf.pageTexts.forEach((page, i) => {
      expect(page).toMatch(/Description\s+Qty\s+Unit\s+Price\s+Tax\s+Net \(GBP\)/);
      expect(page).toContain(`Page ${i + 1} of ${pdf.pages}`);
      expect(pdf.rawPageTexts[i]).toContain('DRAFT');
    });
    expect(pdf.pageTexts[1]).toContain('Invoice (draft) (continued)');
    for (let i = 1; i <= 60; i++) {
      const label = `Item ${String(i).padStart(2, '0')}`;
      expect(pdf.text.split(label).length - 1, label).toBe(1);
    }
    // The totals come once, after the last line, on the last page.
    const last = squash(pdf.pageTexts.at(-1)!);
    expect(last).toContain('Item 60');
    expect(last).toMatch(new RegExp(`Amount due GBP ${format(draft.taxInclusiveAmount)}`));
    expect(pdf.text.match(/Amount due/g)).toHaveLength(1);
  });
});

describe('credit note and quote PDFs', () => {
  it('a credit note names the invoice it credits; a quote shows its validity and no amount due', async () => {
    const invoice = await s.issue('2026-03-01', [['1', 50000]]);
    const note = await s.run(async (tx) => {
      const d = await createDocument(tx, s.owner, 'credit_note', {
        customerId: s.customer.id,
        issueDate: '2026-03-03',
        relatedDocumentId: invoice.id,
        lines: [{ name: 'Returned goods', quantity: '1', unitPrice: 10000 }],
      });
      return issueDocument(tx, s.owner, 'credit_note', d.id);
    });
    const notePdf = readPdf(
      (await s.run((tx) => renderDocumentFile(tx, s.orgId, 'credit_note', note.id))).bytes,
    );
    const noteText = squash(notePdf.text);
    expect(noteText).toContain('Credit note');
    expect(noteText).toContain(`Credits invoice ${invoice.number}`);
    expect(noteText).toMatch(/Total GBP 120\.00/);
    expect(noteText).not.toContain('Amount due');

    const quote = await s.run(async (tx) => {
      const d = await createDocument(tx, s.owner, 'quote', {
        customerId: s.customer.id,
        issueDate: '2026-03-04',
        dueDate: '2026-04-04',
        lines: [{ name: 'Proposal', quantity: '1', unitPrice: 70000 }],
      });
      return moveQuote(tx, s.owner, d.id, 'sent');
    });
    const quoteText = squash(
      readPdf((await s.run((tx) => renderDocumentFile(tx, s.orgId, 'quote', quote.id))).bytes).text,
    );
    expect(quoteText).toContain(`Quote no. ${quote.number}`);
    expect(quoteText).toContain('Valid until 4 Apr 2026');
    expect(quoteText).toContain('Globex Ltd');
    expect(quoteText).toMatch(/Total GBP 840\.00/);
    expect(quoteText).not.toContain('Amount due');
  });
});

const format = (minor: bigint) => amount(minor, 'GBP', 'en-GB');
