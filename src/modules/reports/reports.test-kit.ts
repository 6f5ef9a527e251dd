import type { Store } from '../../db/client.ts';
import { createLedgerOrg, type LedgerOrg } from '../ledger/ledger.test-kit.ts';

// A small fixed ledger whose every report figure is checked by hand in the tests (GBP books):
//
//   2025-12-15  cash sale              bank 400.00          / sales 400.00
//   2026-01-10  owner's capital        bank 10,000.00       / owner capital 10,000.00
//   2026-01-15  invoice INV-1          receivable 1,200.00  / sales 1,000.00, sales tax 200.00
//   2026-02-03  rent                   rent 500.00          / bank 500.00
//   2026-02-10  invoice in dollars     receivable $100.00 (£80.00 at 0.8) / sales $100.00
//   2026-02-20  INV-1 paid             bank 1,200.00        / receivable 1,200.00
//   2026-03-05  office supplies        office 123.45        / bank 123.45
//   2026-03-15  laptop                 equipment 900.00     / bank 900.00
//   2026-03-20  stock bought on credit inventory 250.00     / payable 250.00
//   2026-03-31  consulting             bank 300.00          / services 300.00
//   2026-04-02  loan received          bank 2,000.00        / loans 2,000.00

export interface FixedLedger {
  org: LedgerOrg;
  /** Entry ids by a short name. */
  entries: Record<string, string>;
}

export async function createFixedLedger(store: Store): Promise<FixedLedger> {
  const org = await createLedgerOrg(store);
  const id = (name: string) => org.id(name);
  const bank = id('assets:bank:current account');
  const receivable = id('assets:accounts receivable');
  const sales = id('income:sales');
  const entries: Record<string, string> = {};
  const post = async (
    key: string,
    date: string,
    description: string,
    lines: { account: string; amount: bigint; currency?: string; rate?: string }[],
    source?: { type: string; id: string },
  ) => {
    const entry = await org.post({
      date,
      description,
      ...(source ? { source } : {}),
      lines: lines.map((l) => ({
        accountId: l.account,
        amount: l.amount,
        ...(l.currency ? { currency: l.currency } : {}),
        ...(l.rate ? { rate: l.rate } : {}),
      })),
    });
    entries[key] = entry.id;
  };
  await post('cashSale', '2025-12-15', 'Cash sale', [
    { account: bank, amount: 40_000n },
    { account: sales, amount: -40_000n },
  ]);
  await post('capital', '2026-01-10', "Owner's capital", [
    { account: bank, amount: 1_000_000n },
    { account: id('equity:owner capital'), amount: -1_000_000n },
  ]);
  await post(
    'invoice',
    '2026-01-15',
    'Invoice INV-1',
    [
      { account: receivable, amount: 120_000n },
      { account: sales, amount: -100_000n },
      { account: id('liabilities:sales tax'), amount: -20_000n },
    ],
    { type: 'sales.invoice', id: 'inv_1' },
  );
  await post('rent', '2026-02-03', 'Rent', [
    { account: id('expenses:rent'), amount: 50_000n },
    { account: bank, amount: -50_000n },
  ]);
  await post('dollarInvoice', '2026-02-10', 'Invoice in dollars', [
    { account: receivable, amount: 10_000n, currency: 'USD', rate: '0.8' },
    { account: sales, amount: -10_000n, currency: 'USD', rate: '0.8' },
  ]);
  await post('payment', '2026-02-20', 'INV-1 paid', [
    { account: bank, amount: 120_000n },
    { account: receivable, amount: -120_000n },
  ]);
  await post('office', '2026-03-05', 'Office supplies', [
    { account: id('expenses:office'), amount: 12_345n },
    { account: bank, amount: -12_345n },
  ]);
  await post('laptop', '2026-03-15', 'Laptop', [
    { account: id('assets:fixed assets:equipment'), amount: 90_000n },
    { account: bank, amount: -90_000n },
  ]);
  await post('stock', '2026-03-20', 'Stock bought on credit', [
    { account: id('assets:inventory'), amount: 25_000n },
    { account: id('liabilities:accounts payable'), amount: -25_000n },
  ]);
  await post('consulting', '2026-03-31', 'Consulting', [
    { account: bank, amount: 30_000n },
    { account: id('income:services'), amount: -30_000n },
  ]);
  await post('loan', '2026-04-02', 'Loan received', [
    { account: bank, amount: 200_000n },
    { account: id('liabilities:loans'), amount: -200_000n },
  ]);
  return { org, entries };
}
