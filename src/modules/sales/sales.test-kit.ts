import { sql } from 'drizzle-orm';
import type { Store, Tx } from '../../db/client.ts';
import { queryOne } from '../../db/client.ts';
import { sumPostings } from '../ledger/index.ts';
import { createLedgerOrg } from '../ledger/ledger.test-kit.ts';
import { createCustomer } from './customer.service.ts';
import { createDocument, type DocumentInput } from './document.service.ts';
import { issueDocument } from './invoice.service.ts';
import { createTaxRate } from './tax.service.ts';

// Shared by the receivables tests: a GBP organization with the generic chart, three tax rates
// (standard 20 %, zero, exempt) and a customer, plus helpers to draft, issue and read balances.

export async function createSalesOrg(store: Store, options: { baseCurrency?: string } = {}) {
  const org = await createLedgerOrg(store, { baseCurrency: options.baseCurrency ?? 'GBP' });
  const { owner } = org;
  const setup = await org.run(async (tx) => ({
    standard: await createTaxRate(tx, owner, { name: 'VAT 20%', category: 'S', percent: '20' }),
    zero: await createTaxRate(tx, owner, { name: 'Zero', category: 'Z', percent: '0' }),
    exempt: await createTaxRate(tx, owner, {
      name: 'Exempt',
      category: 'E',
      percent: '0',
      exemptionReasonCode: 'VATEX-EU-132',
    }),
  }));
  const customer = await org.run((tx) =>
    createCustomer(tx, owner, {
      name: 'Globex Ltd',
      paymentTermsDays: 30,
      defaultTaxRateId: setup.standard.id,
    }),
  );
  const account = {
    receivable: org.id('assets:accounts receivable'),
    bank: org.id('assets:bank:current account'),
    sales: org.id('income:sales'),
    services: org.id('income:services'),
    tax: org.id('liabilities:sales tax'),
    fx: org.id('income:exchange gains and losses'),
  };
  /** A draft invoice for `customer` on `date`: one line per [quantity, unit price]. */
  const draft = (date: string, lines: [string, number][], extra: Partial<DocumentInput> = {}) =>
    org.run((tx) =>
      createDocument(tx, owner, 'invoice', {
        customerId: customer.id,
        issueDate: date,
        lines: lines.map(([quantity, unitPrice]) => ({ name: 'Work', quantity, unitPrice })),
        ...extra,
      }),
    );
  const issue = async (date: string, lines: [string, number][], extra: Partial<DocumentInput> = {}) => {
    const doc = await draft(date, lines, extra);
    return org.run((tx) => issueDocument(tx, owner, 'invoice', doc.id));
  };
  /** Account balances (base currency) per account id. */
  const balances = async () => {
    const rows = await org.run((tx) => sumPostings(tx, org.orgId));
    const out: Record<string, bigint> = {};
    for (const r of rows) out[r.accountId] = (out[r.accountId] ?? 0n) + r.baseAmount;
    return out;
  };
  /** A fingerprint of everything receivables and the ledger hold for the org: equal before and after a refusal. */
  const snapshot = (tx?: Tx) => {
    const read = async (q: Tx) =>
      queryOne<Record<string, string>>(
        q,
        sql`select (select count(*) from journal_entry)::text as entries,
          (select count(*) from audit_log)::text as audits, (select count(*) from outbox_event)::text as events,
          (select coalesce(string_agg(id || status || coalesce(number, '') || paid_amount || credited_amount, ',' order by id), '') from sales_document) as docs,
          (select coalesce(string_agg(id || applied_amount, ',' order by id), '') from sales_payment) as payments,
          (select coalesce(string_agg(kind || period || last_number, ',' order by kind, period), '') from sales_number_sequence) as seqs`,
      );
    return tx ? read(tx) : org.run(read);
  };
  return { ...org, ...setup, customer, account, draft, issue, balances, snapshot };
}

export type SalesOrg = Awaited<ReturnType<typeof createSalesOrg>>;
