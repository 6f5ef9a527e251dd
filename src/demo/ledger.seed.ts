import { systemActor } from '../core/actor.ts';
import { withOrg } from '../db/tenancy.ts';
import {
  addDays,
  applyChartTemplate,
  createAccount,
  firstOfMonth,
  type JournalEntryInput,
  lastOfMonth,
  postJournal,
} from '../modules/ledger/index.ts';
import type { Services } from '../services.ts';
import { sequence } from './demo-random.ts';
import { type MonthOfSales, seedSales } from './sales.seed.ts';

// A year of plausible books for the demo organization, ending in the current month, so that the
// reports, balances and drill-downs have something real to show on a fresh start: capital paid in,
// the invoices and payments of the sales seed (sales.seed.ts, which posts through receivables),
// cash sales of services, stock bought on credit and paid, cost of the goods sold, rent, wages and
// payroll taxes, overheads, quarterly VAT returns on what was invoiced, equipment with depreciation.
// Amounts vary from month to month by a fixed pseudo-random sequence, so every start is the same.

const MONTHS = 12;

const pounds = (n: number) => BigInt(Math.round(n * 100));
const vatOf = (net: bigint) => (net * 20n + 50n) / 100n;

/** The first days of the demo's twelve months, the last being the current one. */
export function demoMonths(today: Date): string[] {
  const months = [firstOfMonth(today.toISOString().slice(0, 10))];
  while (months.length < MONTHS) months.unshift(previousMonth(months[0]!));
  return months;
}

/** The whole demo ledger: the chart, a year of receivables, and the rest of the books around them. */
export async function seedBooks(services: Services, orgId: string, today = new Date()): Promise<void> {
  const chart = await seedChart(services, orgId);
  const months = demoMonths(today);
  const sales = await seedSales(services, orgId, months, today.toISOString().slice(0, 10), {
    bank: chart.bank,
    usdBank: chart.usdBank,
    sales: chart.sales,
    services: chart.services,
  });
  await seedLedger(services, orgId, months, chart, sales);
}

type DemoChart = Awaited<ReturnType<typeof seedChart>>;

/** The generic chart with a dollar bank account; the accounts the demo posts to, by role. */
async function seedChart(services: Services, orgId: string) {
  const actor = systemActor(orgId, 'demo-seed');
  const accounts = await withOrg(services.store.db, orgId, async (tx) => {
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
  return {
    bank: id('assets:bank:current account'),
    usdBank: id('assets:bank:usd account'),
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
}

async function seedLedger(
  services: Services,
  orgId: string,
  months: string[],
  a: DemoChart,
  sales: Map<string, MonthOfSales>,
): Promise<void> {
  const actor = systemActor(orgId, 'demo-seed');
  const { db } = services.store;
  const random = sequence(2026);
  let vatQuarter = 0n;
  /** What last month left to pay this month. */
  const owed = { payable: 0n, payroll: 0n };

  for (const [m, month] of months.entries()) {
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

    // What was invoiced this month (sales.seed.ts); services sold for cash are paid at once.
    const goods = sales.get(month)?.goods ?? 0n;
    const service = pounds(random(2_000, 5_500));
    entry(day(18), 'Installation services', 'Walk-in customers', [
      [a.bank, service + vatOf(service)],
      [a.services, -service],
      [a.vat, -vatOf(service)],
    ]);
    vatQuarter += (sales.get(month)?.vat ?? 0n) + vatOf(service);

    // Stock bought on credit and paid the following month, enough for what this month sells (an
    // opening stock first); cost of sales as it is used.
    const cost = (goods * 45n) / 100n;
    const stock = (cost / 10_000n) * 10_000n + pounds(random(200, 1_500)) + (m === 0 ? pounds(15_000) : 0n);
    entry(day(3), 'Stock purchase', 'Pennine Wholesale', [
      [a.inventory, stock],
      [a.vat, vatOf(stock)],
      [a.payable, -(stock + vatOf(stock))],
    ]);
    vatQuarter -= vatOf(stock);
    if (owed.payable > 0n)
      pay(day(20), 'Supplier payment', 'Pennine Wholesale', a.payable, a.bank, owed.payable);
    entry(lastOfMonth(month), 'Cost of goods sold', null, [
      [a.cogs, cost],
      [a.inventory, -cost],
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

    owed.payable = stock + vatOf(stock);
    owed.payroll = gross + employer - net;

    await withOrg(db, orgId, async (tx) => {
      for (const e of entries.sort((x, y) => x.date.localeCompare(y.date))) await postJournal(tx, actor, e);
    });
  }
}

function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12-01` : `${y}-${String(m - 1).padStart(2, '0')}-01`;
}
