import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../api/test-app.ts';
import { createCompanyTestApp, PROFILE, type Role } from '../company/company.test-kit.ts';

// Document lists filtered on the server by issue dates and a search of number, reference and
// customer name: inclusive ranges, refusals naming the field, LIKE wildcards taken literally,
// cursor pages that neither repeat nor skip under a filter, and totals and CSV/XLSX exports that
// hold exactly the rows the list does.

let t: TestApp;
let as: (role: Role) => { key: string };
let vat: string;
const ids: Record<string, string> = {};

const post = (path: string, body: unknown, role: Role = 'owner') =>
  t.call('POST', `/api/sales/${path}`, body, as(role));
const get = (path: string, role: Role = 'owner') => t.call('GET', `/api/sales/${path}`, undefined, as(role));
const query = (params: Record<string, string | undefined>) =>
  new URLSearchParams(
    Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined),
  ).toString();

interface Doc {
  id: string;
  number: string | null;
  issueDate: string;
  currency: string;
  status: string;
  taxInclusiveAmount: number;
  payableAmount: number;
}

/** Every document the list gives for these filters, following its cursor `limit` at a time. */
async function listAll(
  kind: string,
  params: Record<string, string | undefined>,
  limit = 100,
): Promise<Doc[]> {
  const all: Doc[] = [];
  let cursor: string | null = null;
  do {
    const res = await get(
      `${kind}?${query({ ...params, limit: String(limit), ...(cursor ? { cursor } : {}) })}`,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    all.push(...(res.body.items as Doc[]));
    cursor = res.body.nextCursor;
  } while (cursor);
  return all;
}

async function invoice(
  name: string,
  customerId: string,
  issueDate: string,
  options: { issue?: boolean; ref?: string; currency?: string } = {},
) {
  const res = await post('invoices', {
    customerId,
    issueDate,
    currency: options.currency,
    buyerReference: options.ref,
    lines: [{ name: 'Work', quantity: '1', unitPrice: 10_000, taxRateId: vat }],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  if (options.issue) {
    const issued = await post(
      `invoices/${res.body.id}/issue`,
      options.currency ? { exchangeRate: '0.85' } : {},
    );
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
  }
  ids[name] = res.body.id;
}

beforeAll(async () => {
  ({ t, as } = await createCompanyTestApp());
  await t.call('PUT', '/api/company', { ...PROFILE, fiscalYearStart: '01-01' }, as('owner'));
  await t.call('POST', '/api/ledger/chart/apply-template', { templateId: 'generic' }, as('owner'));
  vat = (await post('tax-rates', { name: 'VAT 20%', category: 'S', percent: '20' })).body.id;
  const customer = async (name: string) => (await post('customers', { name })).body.id as string;
  const acme = await customer('Acme 50% Ltd');
  const bolt = await customer('Bolt_Works');
  const initech = await customer('Initech GmbH');
  // Issued in date order, so numbers follow dates: INV-2026-0001 … 0005.
  await invoice('jan', acme, '2026-01-15', { issue: true, ref: 'PO-777' });
  await invoice('feb1', bolt, '2026-02-01', { issue: true });
  await invoice('feb28a', initech, '2026-02-28', { issue: true });
  await invoice('feb28b', acme, '2026-02-28', { issue: true, currency: 'EUR' });
  await invoice('mar', initech, '2026-03-01', { issue: true, ref: 'po-100%' });
  // Drafts carry the issue date they were given (today when none was).
  await invoice('draftFeb', bolt, '2026-02-15');
  await invoice('draftApr', initech, '2026-04-01');
  await post('quotes', {
    customerId: initech,
    issueDate: '2026-02-10',
    lines: [{ name: 'Offer', quantity: '1', unitPrice: 500, taxRateId: vat }],
  });
  await post('quotes', {
    customerId: acme,
    issueDate: '2026-03-10',
    lines: [{ name: 'Offer', quantity: '1', unitPrice: 700, taxRateId: vat }],
  });
}, 120_000);
afterAll(() => t.close());

const idsOf = (docs: Doc[]) => docs.map((d) => d.id);

describe('document list filters over HTTP', () => {
  it('keeps issue dates from `from` to `to`, both inclusive, drafts by the date they carry', async () => {
    const feb = await listAll('invoices', { from: '2026-02-01', to: '2026-02-28' });
    // Newest first, by date then id (the two of 28 February by id).
    expect(feb.map((d) => d.issueDate)).toEqual(['2026-02-28', '2026-02-28', '2026-02-15', '2026-02-01']);
    expect(new Set(idsOf(feb))).toEqual(new Set([ids.feb1, ids.feb28a, ids.feb28b, ids.draftFeb]));
    expect(idsOf(await listAll('invoices', { from: '2026-03-01' }))).toEqual([ids.draftApr, ids.mar]);
    expect(idsOf(await listAll('invoices', { to: '2026-01-15' }))).toEqual([ids.jan]);
    expect(await listAll('invoices', { from: '2026-03-02', to: '2026-03-31' })).toEqual([]);
    // With the other filters.
    expect(
      idsOf(await listAll('invoices', { from: '2026-02-01', to: '2026-02-28', status: 'draft' })),
    ).toEqual([ids.draftFeb]);
    const quotes = await listAll('quotes', { from: '2026-03-01' });
    expect(quotes.map((d) => d.issueDate)).toEqual(['2026-03-10']);
  });

  it('searches number, reference and customer name in any case, trimmed, wildcards taken literally', async () => {
    const numbers = async (q: string, kind = 'invoices') =>
      (await listAll(kind, { q })).map((d) => d.number ?? d.id).sort();
    const byId = Object.fromEntries(
      (await listAll('invoices', {})).map((d) => [d.id, d.number ?? d.id]),
    ) as Record<string, string>;
    const n = (...names: string[]) => names.map((k) => byId[ids[k]!]!).sort();
    expect(await numbers('inv-2026-0002')).toEqual(n('feb1'));
    expect(await numbers('  INV-2026-000  ')).toEqual(n('jan', 'feb1', 'feb28a', 'feb28b', 'mar'));
    expect(await numbers('Po-7')).toEqual(n('jan'));
    expect(await numbers('acme')).toEqual(n('jan', 'feb28b'));
    // `%` and `_` match themselves, not "anything": only Acme 50% (and the reference po-100%).
    expect(await numbers('%')).toEqual(n('jan', 'feb28b', 'mar'));
    expect(await numbers('0%')).toEqual(n('jan', 'feb28b', 'mar'));
    expect(await numbers('_')).toEqual(n('feb1', 'draftFeb'));
    expect(await numbers('\\')).toEqual([]);
    expect(await numbers('nobody')).toEqual([]);
    // Blank is no search.
    expect(await numbers('   ')).toHaveLength(7);
    // Together with dates and customer.
    expect(idsOf(await listAll('invoices', { q: 'initech', from: '2026-03-01', to: '2026-03-31' }))).toEqual([
      ids.mar,
    ]);
    expect((await listAll('quotes', { q: 'ACME' })).map((d) => d.issueDate)).toEqual(['2026-03-10']);
  });

  it('refuses a bad range, a bad date, a long search and a forged cursor, naming the field', async () => {
    const reversed = await get(`invoices?${query({ from: '2026-03-01', to: '2026-02-01' })}`);
    expect([reversed.status, reversed.body.error.code, reversed.body.error.details.field]).toEqual([
      400,
      'INVALID_RANGE',
      'from',
    ]);
    const badDate = await get('invoices?from=2026-02-30');
    expect([badDate.status, badDate.body.error.details.field]).toEqual([400, 'query.from']);
    const notDate = await get('credit-notes?to=yesterday');
    expect([notDate.status, notDate.body.error.details.field]).toEqual([400, 'query.to']);
    const long = await get(`quotes?q=${'x'.repeat(101)}`);
    expect([long.status, long.body.error.details.field]).toEqual([400, 'query.q']);
    const cursor = await get('invoices?cursor=nonsense');
    expect([cursor.status, cursor.body.error.code, cursor.body.error.details.field]).toEqual([
      400,
      'INVALID_CURSOR',
      'cursor',
    ]);
    // Shaped like a cursor, but its day does not exist: refused before the database sees it.
    const noDay = await get(`invoices?cursor=${encodeURIComponent('2026-02-30|inv_x')}`);
    expect([noDay.status, noDay.body.error.code]).toEqual([400, 'INVALID_CURSOR']);
    const totals = await get(`invoices/totals?${query({ from: '2026-03-01', to: '2026-02-01' })}`);
    expect([totals.status, totals.body.error.details.field]).toEqual([400, 'from']);
  });

  it('pages through a filtered list one at a time without repeating or skipping a row', async () => {
    for (const params of [
      {},
      { from: '2026-02-01', to: '2026-02-28' },
      { q: 'acme' },
      { q: 'inv', to: '2026-02-28' },
    ]) {
      const whole = await listAll('invoices', params, 500);
      const paged = await listAll('invoices', params, 1);
      expect(idsOf(paged)).toEqual(idsOf(whole));
      expect(new Set(idsOf(paged)).size).toBe(paged.length);
    }
  });

  it('totals every row the filters keep, per currency; drafts owe nothing yet', async () => {
    const params = { from: '2026-02-01', to: '2026-02-28' };
    const res = await get(`invoices/totals?${query(params)}`);
    expect(res.status).toBe(200);
    const docs = await listAll('invoices', params);
    const expected = new Map<string, { count: number; total: number; payable: number }>();
    for (const d of docs) {
      const e = expected.get(d.currency) ?? { count: 0, total: 0, payable: 0 };
      e.count += 1;
      e.total += d.taxInclusiveAmount;
      if (d.status !== 'draft') e.payable += d.payableAmount;
      expected.set(d.currency, e);
    }
    expect(res.body).toEqual({
      count: 4,
      currencies: [...expected]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([currency, e]) => ({ currency, ...e })),
    });
    expect(res.body.currencies.map((c: { currency: string }) => c.currency)).toEqual(['EUR', 'GBP']);
    expect((await get('credit-notes/totals?q=nothing')).body).toEqual({ count: 0, currencies: [] });
  });

  it('exports exactly the rows the list shows, as CSV and XLSX, and refuses the same bad filters', async () => {
    for (const params of [
      { from: '2026-02-01', to: '2026-02-28' },
      { q: 'acme' },
      { q: '_', status: 'draft' },
    ]) {
      const listed = idsOf(await listAll('invoices', params));
      const csv = await get(`exports/invoices?${query(params)}`);
      expect(csv.status).toBe(200);
      const rows = (csv.body as string).trimEnd().split('\n').slice(1);
      expect(rows.map((r) => r.split(',')[0])).toEqual(listed);

      const xlsx = await t.app.request(
        `/api/sales/exports/invoices?${query({ ...params, format: 'xlsx' })}`,
        {
          headers: { origin: t.config.baseUrl, authorization: `Bearer ${as('owner').key}` },
        },
      );
      expect(xlsx.status).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
      const sheet = book.worksheets[0]!;
      const cells: string[] = [];
      sheet.eachRow((row, i) => {
        if (i > 1) cells.push(String(row.getCell(1).value));
      });
      expect(cells).toEqual(listed);
    }
    const reversed = await get(`exports/quotes?${query({ from: '2026-03-01', to: '2026-02-01' })}`);
    expect([reversed.status, reversed.body.error.details.field]).toEqual([400, 'from']);
    const long = await get(`exports/credit-notes?q=${'x'.repeat(101)}`);
    expect([long.status, long.body.error.details.field]).toEqual([400, 'query.q']);
  });
});
