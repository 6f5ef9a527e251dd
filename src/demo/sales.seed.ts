import { type Actor, systemActor } from '../core/actor.ts';
import type { Tx } from '../db/client.ts';
import { withOrg } from '../db/tenancy.ts';
import { addDays, setExchangeRate } from '../modules/ledger/index.ts';
import { createItem, type Item } from '../modules/sales/catalog.service.ts';
import { type Customer, createCustomer } from '../modules/sales/customer.service.ts';
import type { SalesDocument } from '../modules/sales/document.repo.ts';
import { createDocument } from '../modules/sales/document.service.ts';
import { issueDocument } from '../modules/sales/invoice.service.ts';
import { recordPayment } from '../modules/sales/payment.service.ts';
import { createRecurringInvoice } from '../modules/sales/recurring.service.ts';
import { runDueOccurrences } from '../modules/sales/recurring-run.service.ts';
import { DEFAULT_STEPS } from '../modules/sales/reminder.domain.ts';
import { updateReminderSettings } from '../modules/sales/reminder.service.ts';
import { createTaxRate } from '../modules/sales/tax.service.ts';
import type { Services } from '../services.ts';
import { type DemoRandom, sequence } from './demo-random.ts';

// A year of receivables for the demo organization: trade customers invoiced for furniture and
// installation every month through the sales module (so each invoice posts its own entry), paid
// around their due dates; one slow payer whose last invoices are overdue, one invoice paid in
// part, a returned bench credited, and a US customer invoiced in dollars and paid at a different
// rate; two recurring invoices (a monthly maintenance contract, issued on the 1st, and a quarterly
// support plan drafted on the last business day) and payment reminders switched on. The ledger
// seed books the rest of the business around these figures.

/** What the invoices of one month came to, in pounds: the ledger seed costs and files VAT on it. */
export interface MonthOfSales {
  goods: bigint;
  vat: bigint;
}

export interface SalesAccounts {
  bank: string;
  usdBank: string;
  sales: string;
  services: string;
}

interface DemoCustomer {
  name: string;
  city: string;
  postalCode: string;
  email: string;
  terms: number;
  /** Days after the due date this customer usually pays (negative: early). */
  pays: number;
}

const TRADE: DemoCustomer[] = [
  {
    name: 'Brightwater Cafés Ltd',
    city: 'Manchester',
    postalCode: 'M1 1AE',
    email: 'accounts@brightwater.example',
    terms: 30,
    pays: 2,
  },
  {
    name: 'Kestrel Joinery Ltd',
    city: 'Leeds',
    postalCode: 'LS1 4AP',
    email: 'payables@kestrel-joinery.example',
    terms: 30,
    pays: -3,
  },
  {
    name: 'Harbour & Pine Interiors',
    city: 'Liverpool',
    postalCode: 'L3 4AD',
    email: 'hello@harbourandpine.example',
    terms: 14,
    pays: 5,
  },
  {
    name: 'Oakfield Primary School',
    city: 'Sheffield',
    postalCode: 'S10 2TN',
    email: 'finance@oakfield.example',
    terms: 30,
    pays: 9,
  },
  {
    name: 'Moorland Outdoor Co.',
    city: 'Harrogate',
    postalCode: 'HG1 1BA',
    email: 'ap@moorland-outdoor.example',
    terms: 30,
    pays: 0,
  },
  {
    name: 'Redbrick Property Management',
    city: 'Salford',
    postalCode: 'M5 4WT',
    email: 'invoices@redbrick-pm.example',
    terms: 30,
    pays: 20,
  },
];
/** Redbrick stops paying: its invoices of the last months stay open and go overdue. */
const SLOW_PAYER = 'Redbrick Property Management';

const PRODUCTS: [name: string, sku: string, pence: number][] = [
  ['Oak dining table', 'TBL-OAK', 78_000],
  ['Walnut side table', 'TBL-WAL', 24_000],
  ['Ash bench', 'BEN-ASH', 31_000],
  ['Oak bookcase', 'BKC-OAK', 56_000],
];

async function setUp(tx: Tx, actor: Actor, a: SalesAccounts) {
  const vat = await createTaxRate(tx, actor, { name: 'VAT 20%', category: 'S', percent: '20' });
  const zero = await createTaxRate(tx, actor, {
    name: 'Zero-rated export',
    category: 'G',
    percent: '0',
    exemptionReasonCode: 'VATEX-EU-G',
    exemptionReason: 'Export outside the EU',
  });
  await createTaxRate(tx, actor, { name: 'Zero-rated', category: 'Z', percent: '0' });
  const products: Item[] = [];
  for (const [name, sku, price] of PRODUCTS)
    products.push(
      await createItem(tx, actor, {
        name,
        sku,
        kind: 'product',
        unitCode: 'C62',
        prices: { GBP: price },
        taxRateId: vat.id,
        incomeAccountId: a.sales,
      }),
    );
  const installation = await createItem(tx, actor, {
    name: 'Installation',
    sku: 'SRV-INST',
    kind: 'service',
    unitCode: 'HUR',
    prices: { GBP: 5_500 },
    taxRateId: vat.id,
    incomeAccountId: a.services,
  });
  const customers: Customer[] = [];
  for (const c of TRADE)
    customers.push(
      await createCustomer(tx, actor, {
        kind: 'company',
        name: c.name,
        email: c.email,
        billingAddress: { line1: '1 Demo Street', city: c.city, postalCode: c.postalCode, country: 'GB' },
        paymentTermsDays: c.terms,
        defaultTaxRateId: vat.id,
      }),
    );
  const us = await createCustomer(tx, actor, {
    kind: 'company',
    name: 'Portland Outfitters Inc.',
    email: 'ap@portland-outfitters.example',
    billingAddress: {
      line1: '800 NW 23rd Ave',
      city: 'Portland',
      region: 'OR',
      postalCode: '97210',
      country: 'US',
    },
    currency: 'USD',
    paymentTermsDays: 30,
    defaultTaxRateId: zero.id,
  });
  return { products, installation, customers, us, zero };
}

type Catalog = Awaited<ReturnType<typeof setUp>>;

/** One trade invoice: one to three pieces of furniture, sometimes with installation hours. */
function tradeLines(random: DemoRandom, catalog: Catalog) {
  const lines: { itemId: string; quantity: string }[] = [];
  const count = random(1, 3);
  for (let i = 0; i < count; i++) {
    const item = catalog.products[random(0, catalog.products.length - 1)]!;
    if (!lines.some((l) => l.itemId === item.id))
      lines.push({ itemId: item.id, quantity: String(random(2, 9)) });
  }
  if (random(0, 2) === 0) lines.push({ itemId: catalog.installation.id, quantity: String(random(4, 16)) });
  return lines;
}

/**
 * Issues a year of invoices and records their payments up to `today`; returns what each month's
 * invoices came to, by the first of the month.
 */
export async function seedSales(
  services: Services,
  orgId: string,
  months: string[],
  today: string,
  a: SalesAccounts,
): Promise<Map<string, MonthOfSales>> {
  const actor = systemActor(orgId, 'demo-seed');
  const { db } = services.store;
  const random = sequence(1958);
  const catalog = await withOrg(db, orgId, (tx) => setUp(tx, actor, a));
  const byMonth = new Map<string, MonthOfSales>();
  const last = months.length - 1;
  for (const [m, month] of months.entries()) {
    const totals: MonthOfSales = { goods: 0n, vat: 0n };
    await withOrg(db, orgId, async (tx) => {
      for (const [c, customer] of catalog.customers.entries()) {
        const profile = TRADE[c]!;
        // Most customers order every month; the school orders once a term.
        if (profile.name.includes('School') && m % 3 !== 1) continue;
        const issueDate = addDays(month, random(2, 26));
        if (issueDate > today) continue;
        const draft = await createDocument(tx, actor, 'invoice', {
          customerId: customer.id,
          issueDate,
          lines: tradeLines(random, catalog),
          notes: 'Thank you for your order.',
        });
        const invoice = await issueDocument(tx, actor, 'invoice', draft.id);
        totals.goods += invoice.taxExclusiveAmount;
        totals.vat += invoice.taxAmount;
        // A bench came back damaged: credited, and the customer pays the rest.
        let credited = 0n;
        if (profile.name === 'Moorland Outdoor Co.' && m === last - 6) {
          const credit = await creditOneBench(tx, actor, invoice, catalog);
          credited = credit.taxInclusiveAmount;
          totals.goods -= credit.taxExclusiveAmount;
          totals.vat -= credit.taxAmount;
        }
        const paidOn = addDays(invoice.dueDate ?? issueDate, profile.pays + random(-2, 4));
        const stopsPaying = profile.name === SLOW_PAYER && m >= last - 3;
        if (paidOn > today || stopsPaying) continue;
        // One invoice paid only in part: the rest is still owed.
        const partly = profile.name === 'Harbour & Pine Interiors' && m === last - 2;
        const due = invoice.taxInclusiveAmount - credited;
        const amount = partly ? due / 2n : due;
        await recordPayment(tx, actor, {
          customerId: customer.id,
          date: paidOn,
          amount,
          accountId: a.bank,
          reference: `Payment ${invoice.number}`,
          allocations: [{ invoiceId: invoice.id, amount }],
        });
      }
      if (m === last - 3) await dollarInvoice(tx, actor, month, catalog, a);
    });
    byMonth.set(month, totals);
  }
  await automate(services, orgId, months.at(-1)!, today, catalog);
  return byMonth;
}

/**
 * The automation a real customer of ours would have set up: the maintenance contract has run once
 * this month (its invoice is in the books, current); the support plan's first draft is still ahead.
 */
async function automate(
  services: Services,
  orgId: string,
  thisMonth: string,
  today: string,
  catalog: Catalog,
) {
  const actor = systemActor(orgId, 'demo-seed');
  const { db } = services.store;
  const [cafes, , , school] = catalog.customers;
  const { maintenance } = await withOrg(db, orgId, async (tx) => {
    await updateReminderSettings(tx, actor, { enabled: true, steps: DEFAULT_STEPS });
    const maintenance = await createRecurringInvoice(
      tx,
      actor,
      {
        name: 'Espresso bar maintenance contract',
        customerId: cafes!.id,
        preset: { kind: 'monthly', dayOfMonth: 1 },
        startDate: thisMonth,
        mode: 'issue',
        paymentTermsDays: 14,
        lines: [{ itemId: catalog.installation.id, quantity: '6', description: 'Monthly maintenance visit' }],
      },
      // Set up on the 1st: an occurrence before the day a schedule is made is never back-filled.
      thisMonth,
    );
    await createRecurringInvoice(
      tx,
      actor,
      {
        name: 'Classroom furniture support plan',
        customerId: school!.id,
        preset: { kind: 'last_business_day', interval: 3 },
        startDate: addDays(today, 1),
        mode: 'draft',
        lines: [
          { itemId: catalog.installation.id, quantity: '10', description: 'Termly inspection and repairs' },
        ],
      },
      today,
    );
    return { maintenance };
  });
  // This month's occurrence, as the scheduler would have created it on the 1st.
  await runDueOccurrences(db, orgId, maintenance.id, today);
}

/** A credit note for one ash bench, or for one of the invoice's first line when it had none. */
async function creditOneBench(tx: Tx, actor: Actor, invoice: SalesDocument, catalog: Catalog) {
  const bench = catalog.products.find((p) => p.sku === 'BEN-ASH')!;
  const line = invoice.lines.find((l) => l.itemId === bench.id) ?? invoice.lines[0]!;
  const draft = await createDocument(tx, actor, 'credit_note', {
    customerId: invoice.customerId,
    issueDate: addDays(invoice.issueDate, 9),
    relatedDocumentId: invoice.id,
    notes: 'Returned damaged in transit.',
    lines: [
      {
        ...(line.itemId ? { itemId: line.itemId } : { name: line.name }),
        quantity: '1',
        unitPrice: Number(line.unitPrice),
      },
    ],
  });
  return issueDocument(tx, actor, 'credit_note', draft.id);
}

/** The US customer: $2,400 invoiced at 0.79, paid into the dollar account a month later at 0.78. */
async function dollarInvoice(tx: Tx, actor: Actor, month: string, catalog: Catalog, a: SalesAccounts) {
  const invoiced = addDays(month, 14);
  const paid = addDays(invoiced, 31);
  await setExchangeRate(tx, actor, { base: 'USD', quote: 'GBP', date: invoiced, rate: '0.7900' });
  await setExchangeRate(tx, actor, { base: 'USD', quote: 'GBP', date: paid, rate: '0.7800' });
  const draft = await createDocument(tx, actor, 'invoice', {
    customerId: catalog.us.id,
    currency: 'USD',
    issueDate: invoiced,
    buyerReference: 'PO 4471',
    lines: [
      { name: 'Oak dining table, export finish', quantity: '2', unitPrice: 120_000, accountId: a.sales },
    ],
  });
  const invoice = await issueDocument(tx, actor, 'invoice', draft.id);
  await recordPayment(tx, actor, {
    customerId: catalog.us.id,
    date: paid,
    currency: 'USD',
    amount: invoice.taxInclusiveAmount,
    accountId: a.usdBank,
    reference: 'Wire PORTLAND-4471',
  });
}
