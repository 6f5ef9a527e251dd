import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../db/client.ts';
import { createTestStore } from '../../db/test-db.ts';
import { refusal } from '../ledger/ledger.test-kit.ts';
import { customerBalances } from './customer.query.ts';
import { createCustomer } from './customer.service.ts';
import { createDocument } from './document.service.ts';
import { issueDocument } from './invoice.service.ts';
import { recordPayment } from './payment.service.ts';
import { readPdf } from './pdf.test-kit.ts';
import { refundPayment } from './refund.service.ts';
import { createSalesOrg, type SalesOrg } from './sales.test-kit.ts';
import { customerStatement } from './statement.query.ts';
import { renderStatementFile, statementRange } from './statement.service.ts';

// Statements of account: balance brought forward, entries with the running balance, closing
// balance equal to the customer's open balance, aging at the end of the range; and the PDF.

let store: Store;
let s: SalesOrg;
const ids: Record<string, string> = {};
beforeAll(async () => {
  store = await createTestStore();
  s = await createSalesOrg(store);
  // A: 120.00 on 10 Jan; B: 240.00 on 5 Feb; 100.00 paid on A on 10 Feb; a 60.00 credit note on
  // B on 20 Feb; 300.00 received on 10 Mar (settles A and B, 100.00 left over); 30.00 refunded.
  const a = await s.issue('2026-01-10', [['1', 10000]]);
  const b = await s.issue('2026-02-05', [['2', 10000]]);
  ids.a = a.id;
  ids.b = b.id;
  await s.run((tx) =>
    recordPayment(tx, s.owner, {
      customerId: s.customer.id,
      date: '2026-02-10',
      amount: 10000,
      accountId: s.account.bank,
      reference: 'BACS 1',
      allocations: [{ invoiceId: a.id, amount: 10000 }],
    }),
  );
  await s.run(async (tx) => {
    const note = await createDocument(tx, s.owner, 'credit_note', {
      customerId: s.customer.id,
      issueDate: '2026-02-20',
      relatedDocumentId: b.id,
      lines: [{ name: 'Returned', quantity: '1', unitPrice: 5000 }],
    });
    ids.note = (await issueDocument(tx, s.owner, 'credit_note', note.id)).id;
  });
  const big = await s.run((tx) =>
    recordPayment(tx, s.owner, {
      customerId: s.customer.id,
      date: '2026-03-10',
      amount: 30000,
      accountId: s.account.bank,
      reference: 'BACS 2',
    }),
  );
  await s.run((tx) =>
    refundPayment(tx, s.owner, big.id, { date: '2026-03-15', amount: 3000, accountId: s.account.bank }),
  );
});
afterAll(() => store.close());

const statement = (from: string, to: string) =>
  s.run((tx) => customerStatement(tx, s.orgId, s.customer.id, { from, to }));

describe('customer statement', () => {
  it('brings the balance forward and runs it through the range', async () => {
    const feb = await statement('2026-02-01', '2026-02-28');
    expect(feb.customer).toEqual({ id: s.customer.id, name: 'Globex Ltd' });
    expect(feb.sections).toHaveLength(1);
    const gbp = feb.sections[0]!;
    expect(gbp.currency).toBe('GBP');
    expect(gbp.openingBalance).toBe(12000n);
    expect(gbp.entries.map((e) => [e.date, e.kind, e.debit, e.credit, e.balance])).toEqual([
      ['2026-02-05', 'invoice', 24000n, 0n, 36000n],
      ['2026-02-10', 'payment', 0n, 10000n, 26000n],
      ['2026-02-20', 'credit_note', 0n, 6000n, 20000n],
    ]);
    expect(gbp.entries[0]).toMatchObject({ id: ids.b, dueDate: '2026-03-07' });
    expect(gbp.entries[1]!.number).toBe('BACS 1');
    expect([gbp.totalDebit, gbp.totalCredit, gbp.closingBalance]).toEqual([24000n, 16000n, 20000n]);
    // At 28 Feb: A owes 20.00 (due 11 Feb: 17 days late), B 180.00 (not yet due).
    expect(gbp.aging).toEqual({
      buckets: { current: 18000n, '1-30': 2000n, '31-60': 0n, '61-90': 0n, '90+': 0n },
      openInvoices: 20000n,
      unappliedCredit: 0n,
    });
  });

  it('closes at the customer balance, showing credit not yet applied', async () => {
    const march = await statement('2026-03-01', '2026-03-31');
    const gbp = march.sections[0]!;
    expect(gbp.openingBalance).toBe(20000n);
    expect(gbp.entries.map((e) => [e.kind, e.balance])).toEqual([
      ['payment', -10000n],
      ['refund', -7000n],
    ]);
    expect(gbp.closingBalance).toBe(-7000n);
    expect(gbp.aging.openInvoices).toBe(0n);
    expect(gbp.aging.unappliedCredit).toBe(7000n);
    const [balance] = await s.run((tx) => customerBalances(tx, s.orgId, s.customer.id));
    expect(balance!.balance).toBe(gbp.closingBalance);
    // The whole history in one range: opening zero, same closing.
    const all = await statement('2020-01-01', '2026-12-31');
    expect(all.sections[0]!.openingBalance).toBe(0n);
    expect(all.sections[0]!.entries).toHaveLength(6);
    expect(all.sections[0]!.closingBalance).toBe(-7000n);
  });

  it('leaves out drafts and other customers, and a customer with nothing gets one empty section', async () => {
    await s.draft('2026-02-15', [['1', 99999]]);
    const other = await s.run((tx) => createCustomer(tx, s.owner, { name: 'Quiet Co' }));
    const feb = await statement('2026-02-01', '2026-02-28');
    expect(feb.sections[0]!.entries).toHaveLength(3);
    const quiet = await s.run((tx) =>
      customerStatement(tx, s.orgId, other.id, { from: '2026-01-01', to: '2026-12-31' }),
    );
    expect(quiet.sections).toEqual([
      expect.objectContaining({ currency: 'GBP', openingBalance: 0n, entries: [], closingBalance: 0n }),
    ]);
  });

  it('refuses a range that ends before it starts, naming from', async () => {
    const error = await refusal(
      Promise.resolve().then(() => statementRange({ from: '2026-03-01', to: '2026-02-01' })),
    );
    expect([error.code, error.details]).toEqual(['INVALID_RANGE', { field: 'from' }]);
    expect(statementRange({ to: '2026-05-31' })).toEqual({ from: '2026-01-01', to: '2026-05-31' });
  });

  it('prints the statement as a PDF with the running balance and the aging', async () => {
    const file = await s.run((tx) =>
      renderStatementFile(tx, s.orgId, s.customer.id, { from: '2026-02-01', to: '2026-02-28' }),
    );
    expect(file.fileName).toBe('statement-Globex-Ltd-2026-02-28.pdf');
    const pdf = readPdf(file.bytes);
    expect(pdf.title).toBe('Statement of account — Globex Ltd');
    const text = pdf.text.replace(/[ \t]+/g, ' ');
    expect(text).toContain('Statement of account');
    expect(text).toContain('Globex Ltd');
    expect(text).toMatch(/1 Feb 2026 Balance brought forward 120\.00/);
    expect(text).toMatch(/5 Feb 2026 Invoice INV-2026-0002 7 Mar 2026 240\.00 360\.00/);
    expect(text).toMatch(/10 Feb 2026 Payment \(BACS 1\) 100\.00 260\.00/);
    expect(text).toMatch(/20 Feb 2026 Credit note CN-2026-0001 60\.00 200\.00/);
    expect(text).toMatch(/28 Feb 2026 Closing balance 240\.00 160\.00 200\.00/);
    expect(text).toMatch(/Not yet due 1–30 days 31–60 days 61–90 days Over 90 days Balance due/);
    expect(text).toMatch(/180\.00 20\.00 0\.00 0\.00 0\.00 GBP 200\.00/);
    expect(text).toContain('Page 1 of 1');
  });

  it('cuts a reference too long for its column on its own line, never over the next row', async () => {
    const customer = await s.run((tx) => createCustomer(tx, s.owner, { name: 'Long Ref Ltd' }));
    await s.run((tx) =>
      recordPayment(tx, s.owner, {
        customerId: customer.id,
        date: '2026-04-02',
        amount: 1234,
        accountId: s.account.bank,
        reference: 'Transfer from the customer quoting several invoice numbers and a long remittance note',
      }),
    );
    const file = await s.run((tx) =>
      renderStatementFile(tx, s.orgId, customer.id, { from: '2026-04-01', to: '2026-04-30' }),
    );
    const lines = readPdf(file.bytes).text.split('\n');
    const row = lines.find((l) => l.includes('Payment (Transfer'))!;
    expect(row).toMatch(/2 Apr 2026\s+Payment \(Transfer from the .*…\s+12\.34\s+-12\.34/);
    expect(lines[lines.indexOf(row) + 1]!.trim()).not.toMatch(/^[a-z]/); // no wrapped remainder below
  });
});
