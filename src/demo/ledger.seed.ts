import { type Actor, systemActor } from '../core/actor.ts';
import type { Tx } from '../db/client.ts';
import { withOrg } from '../db/tenancy.ts';
import {
  addDays,
  applyChartTemplate,
  createAccount,
  firstOfMonth,
  type JournalEntryInput,
  lastOfMonth,
  nextMonth,
  postJournal,
  setExchangeRate,
} from '../modules/ledger/index.ts';
import type { Services } from '../services.ts';

// A year of plausible books for the demo organization, ending in the current month, so that the
// reports, balances and drill-downs have something real to show on a fresh start: capital paid in,
// monthly sales on credit with 20% VAT and their collection, stock bought on credit and paid,
// rent, wages and payroll taxes, overheads, quarterly VAT returns, equipment with depreciation, and
// one US customer invoiced in dollars and paid at a different rate (a realized exchange loss).
// Amounts vary from month to month by a fixed pseudo-random sequence, so every start is the same.

const MONTHS = 12;

/** A small deterministic generator (a linear congruential one): the same demo every time. */
function sequence(seed: number) {
  let state = seed;
  return (min: number, max: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return min + (state % (max - min + 1));
  };
}

const pounds = (n: number) => BigInt(Math.round(n * 100));
const vatOf = (net: bigint) => (net * 20n + 50n) / 100n;

export async function seedLedger(services: Services, orgId: string, today = new Date()): Promise<void> {
  const actor = systemActor(orgId, 'demo-seed');
  const { db } = services.store;
  const accounts = await withOrg(db, orgId, async (tx) => {
    const chart = await applyChartTemplate(tx, actor, 'generic');
    chart.push(
      await createAccount(tx, actor, {
        name: 'assets:bank:usd account',
        type: 'asset',
        subtype: 'bank',
        code: '1020',
        description: 'Dollar account for US customers',
      }),
    );
    return chart;
  });
  const id = (name: string) => {
    const found = accounts.find((a) => a.name === name);
    if (!found) throw new Error(`The generic chart has no account "${name}".`);
    return found.id;
  };
  const a = {
    bank: id('assets:bank:current account'),
    usdBank: id('assets:bank:usd account'),
    receivable: id('assets:accounts receivable'),
    inventory: id('assets:inventory'),
    equipment: id('assets:fixed assets:equipment'),
    depreciation: id('assets:fixed assets:accumulated depreciation'),
    payable: id('liabilities:accounts payable'),
    card: id('liabilities:credit card'),
    vat: id('liabilities:sales tax'),
    payroll: id('liabilities:payroll'),
    capital: id('equity:owner capital'),
    sales: id('income:sales'),
    services: id('income:services'),
    fx: id('income:exchange gains and losses'),
    cogs: id('expenses:cost of sales'),
    rent: id('expenses:rent'),
    wages: id('expenses:wages'),
    employerTax: id('expenses:employer taxes'),
    utilities: id('expenses:utilities'),
    software: id('expenses:software'),
    marketing: id('expenses:marketing'),
    bankFees: id('expenses:bank fees'),
    depreciationExpense: id('expenses:depreciation'),
  };

  const thisMonth = firstOfMonth(today.toISOString().slice(0, 10));
  let month = thisMonth;
  for (let i = 0; i < MONTHS - 1; i++) month = previousMonth(month);
  const random = sequence(2026);
  let vatQuarter = 0n;
  /** What last month left to collect or pay this month. */
  const owed = { receivable: 0n, payable: 0n, payroll: 0n };

  for (let m = 0; m < MONTHS; m++, month = nextMonth(month)) {
    const day = (d: number) => addDays(month, Math.min(d, 28) - 1);
    const entries: JournalEntryInput[] = [];
    const entry = (date: string, description: string, payee: string | null, lines: [string, bigint][]) =>
      entries.push({
        date,
        description,
        payee,
        lines: lines.map(([accountId, amount]) => ({ accountId, amount })),
      });
    /** Two lines: `amount` debited to one account, credited to the other. */
    const pay = (
      date: string,
      description: string,
      payee: string | null,
      debit: string,
      credit: string,
      amount: bigint,
    ) =>
      entry(date, description, payee, [
        [debit, amount],
        [credit, -amount],
      ]);

    if (m === 0) {
      entry(day(1), 'Capital paid in by the owner', 'Dana Demo', [
        [a.bank, pounds(40_000)],
        [a.capital, -pounds(40_000)],
      ]);
      entry(day(4), 'Workshop equipment', 'Northern Tools Ltd', [
        [a.equipment, pounds(9_600)],
        [a.bank, -pounds(9_600)],
      ]);
    }

    // Sales on credit, collected the next month; services paid at once.
    const goods = pounds(random(19_000, 31_000));
    entry(day(10), `Sales invoices ${month.slice(0, 7)}`, 'Trade customers', [
      [a.receivable, goods + vatOf(goods)],
      [a.sales, -goods],
      [a.vat, -vatOf(goods)],
    ]);
    const service = pounds(random(2_000, 5_500));
    entry(day(18), 'Installation services', 'Walk-in customers', [
      [a.bank, service + vatOf(service)],
      [a.services, -service],
      [a.vat, -vatOf(service)],
    ]);
    // Last month's invoices are collected, less a little that stays overdue.
    if (owed.receivable > 0n)
      pay(
        day(6),
        'Customer receipts',
        'Trade customers',
        a.bank,
        a.receivable,
        owed.receivable - (owed.receivable % 50_000n),
      );
    vatQuarter += vatOf(goods) + vatOf(service);

    // Stock bought on credit and paid the following month; cost of sales as it is used.
    const stock = pounds(random(7_000, 12_000));
    entry(day(3), 'Stock purchase', 'Pennine Wholesale', [
      [a.inventory, stock],
      [a.vat, vatOf(stock)],
      [a.payable, -(stock + vatOf(stock))],
    ]);
    vatQuarter -= vatOf(stock);
    if (owed.payable > 0n)
      pay(day(20), 'Supplier payment', 'Pennine Wholesale', a.payable, a.bank, owed.payable);
    entry(lastOfMonth(month), 'Cost of goods sold', null, [
      [a.cogs, (goods * 45n) / 100n],
      [a.inventory, -(goods * 45n) / 100n],
    ]);

    // Overheads.
    pay(day(1), 'Rent, workshop and office', 'Ancoats Property Co', a.rent, a.bank, pounds(2_750));
    const gross = pounds(random(9_800, 10_400));
    const employer = (gross * 138n) / 1000n; // employer's National Insurance
    const net = (gross * 78n) / 100n; // paid to staff; tax and NI withheld go to HMRC next month
    entry(day(25), 'Payroll', 'Staff', [
      [a.wages, gross],
      [a.employerTax, employer],
      [a.bank, -net],
      [a.payroll, -(gross + employer - net)],
    ]);
    if (owed.payroll > 0n)
      pay(day(19), 'PAYE and NI to HMRC', 'HM Revenue & Customs', a.payroll, a.bank, owed.payroll);
    pay(
      day(12),
      'Electricity and water',
      'Northern Utilities',
      a.utilities,
      a.bank,
      pounds(random(310, 480)),
    );
    pay(day(2), 'Accounting and design software', 'SaaS subscriptions', a.software, a.card, pounds(186));
    pay(day(26), 'Credit card statement paid', 'Demo Bank', a.card, a.bank, pounds(186));
    if (m % 2 === 1)
      pay(day(14), 'Online advertising', 'Ad network', a.marketing, a.bank, pounds(random(400, 900)));
    pay(lastOfMonth(month), 'Bank charges', 'Demo Bank', a.bankFees, a.bank, pounds(random(12, 38)));
    pay(
      lastOfMonth(month),
      'Depreciation of equipment (5 years)',
      null,
      a.depreciationExpense,
      a.depreciation,
      pounds(160),
    );

    // VAT returns, paid the month after each quarter.
    if (m % 3 === 0 && m > 0) {
      entry(day(7), 'VAT return payment', 'HM Revenue & Customs', [
        [a.vat, vatQuarter],
        [a.bank, -vatQuarter],
      ]);
      vatQuarter = 0n;
    }

    owed.receivable = goods + vatOf(goods);
    owed.payable = stock + vatOf(stock);
    owed.payroll = gross + employer - net;

    await withOrg(db, orgId, async (tx) => {
      for (const e of entries.sort((x, y) => x.date.localeCompare(y.date))) await postJournal(tx, actor, e);
      if (m === MONTHS - 4) await usCustomer(tx, actor, month, a);
    });
  }
}

/** One US customer: invoiced in dollars at one rate, paid into the dollar account a month later at another. */
async function usCustomer(
  tx: Tx,
  actor: Actor,
  month: string,
  a: { receivable: string; usdBank: string; sales: string; fx: string },
) {
  const invoiced = addDays(month, 14);
  const paid = addDays(nextMonth(month), 14);
  await setExchangeRate(tx, actor, { base: 'USD', quote: 'GBP', date: invoiced, rate: '0.7900' });
  await setExchangeRate(tx, actor, { base: 'USD', quote: 'GBP', date: paid, rate: '0.7800' });
  const dollars = 240_000n; // $2,400.00
  await postJournal(tx, actor, {
    date: invoiced,
    description: 'Export order, Portland Outfitters Inc.',
    payee: 'Portland Outfitters Inc.',
    lines: [
      { accountId: a.receivable, currency: 'USD', amount: dollars },
      { accountId: a.sales, currency: 'USD', amount: -dollars },
    ],
  });
  // Settled at 0.78: the receivable carried 1,896.00 GBP, the dollars are worth 1,872.00 GBP; the
  // 24.00 GBP difference clears the receivable in the base currency and is a loss.
  await postJournal(tx, actor, {
    date: paid,
    description: 'Payment received, Portland Outfitters Inc.',
    payee: 'Portland Outfitters Inc.',
    lines: [
      { accountId: a.usdBank, currency: 'USD', amount: dollars },
      { accountId: a.receivable, currency: 'USD', amount: -dollars },
      { accountId: a.receivable, currency: 'GBP', amount: -2_400n, memo: 'Realized exchange difference' },
      { accountId: a.fx, currency: 'GBP', amount: 2_400n, memo: 'Realized exchange difference' },
    ],
  });
}

function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12-01` : `${y}-${String(m - 1).padStart(2, '0')}-01`;
}
