import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../modules/comms/index.ts';
import { createTestApp, type TestApp } from './test-app.ts';

// Generated from the OpenAPI document, so every route a module adds is covered without new tests:
// (a) bad input never yields a 500 and always has the error shape; (b) organization A cannot
// reach organization B's records by id, and never sees B's data.

interface Operation {
  method: string;
  path: string;
  hasBody: boolean;
  queryParams: string[];
  /** A route's own body limit (`x-max-body-bytes`, e.g. attachment uploads), above the app-wide one. */
  maxBodyBytes: number | undefined;
}

type Doc = {
  paths: Record<
    string,
    Record<
      string,
      { requestBody?: unknown; parameters?: { in: string; name: string }[]; 'x-max-body-bytes'?: number }
    >
  >;
};

let t: TestApp;
let operations: Operation[];
const A = { key: '', cookie: '', marker: 'Alpha Apiaries' };
const B = {
  key: '',
  cookie: '',
  marker: 'Bravo Bakery',
  email: 'bravo-owner@bravo.test',
  slug: 'bravo-bakery',
};

beforeAll(async () => {
  t = await createTestApp({ maxBodyBytes: 4096 });
  const alice = await t.signUp('alpha-owner@alpha.test');
  A.cookie = alice;
  await t.call('POST', '/api/orgs', { name: A.marker, slug: 'alpha-apiaries' }, { cookie: alice });
  A.key = (
    await t.call('POST', '/api/api-keys', { name: 'contract', role: 'owner' }, { cookie: alice })
  ).body.key;

  B.cookie = await t.signUp(B.email);
  const bOrg = await t.call('POST', '/api/orgs', { name: B.marker, slug: B.slug }, { cookie: B.cookie });
  B.key = (
    await t.call('POST', '/api/api-keys', { name: 'bravo-key', role: 'owner' }, { cookie: B.cookie })
  ).body.key;
  await t.call(
    'POST',
    '/api/invitations',
    { email: 'bravo-staff@bravo.test', role: 'member' },
    { cookie: B.cookie },
  );
  // B's ledger: a chart of accounts and a draft journal entry.
  const chart = await t.call(
    'POST',
    '/api/ledger/chart/apply-template',
    { templateId: 'generic' },
    { key: B.key },
  );
  const [debit, credit] = chart.body.items as { id: string }[];
  await t.call(
    'POST',
    '/api/ledger/entries',
    {
      date: '2026-01-31',
      description: 'Bravo draft',
      lines: [
        { accountId: debit!.id, amount: 100, currency: 'GBP' },
        { accountId: credit!.id, amount: -100, currency: 'GBP' },
      ],
    },
    { key: B.key },
  );

  // B's receivables: a tax rate, a customer, an item, draft documents and an unapplied payment.
  await t.call(
    'PUT',
    '/api/company',
    { legalName: 'Bravo Bakery Ltd', country: 'GB', baseCurrency: 'GBP', fiscalYearStart: '01-01' },
    { key: B.key },
  );
  const bank = (chart.body.items as { id: string; subtype: string }[]).find((a) => a.subtype === 'bank')!;
  const tax = (
    await t.call(
      'POST',
      '/api/sales/tax-rates',
      { name: 'VAT', category: 'S', percent: '20' },
      { key: B.key },
    )
  ).body;
  const customer = (await t.call('POST', '/api/sales/customers', { name: 'Bravo customer' }, { key: B.key }))
    .body;
  await t.call(
    'POST',
    '/api/sales/items',
    { name: 'Bread', prices: { GBP: 250 }, taxRateId: tax.id },
    { key: B.key },
  );
  const document = {
    customerId: customer.id,
    issueDate: '2026-01-31',
    lines: [{ name: 'Bread', quantity: '2', unitPrice: 250, taxRateId: tax.id }],
  };
  for (const kind of ['invoices', 'credit-notes', 'quotes'])
    await t.call('POST', `/api/sales/${kind}`, document, { key: B.key });
  const { issueDate: _, ...template } = document;
  await t.call(
    'POST',
    '/api/sales/recurring-invoices',
    { ...template, preset: { kind: 'monthly', dayOfMonth: 1 }, startDate: '2026-01-01' },
    { key: B.key },
  );
  await t.call(
    'POST',
    '/api/sales/payments',
    { customerId: customer.id, date: '2026-01-31', amount: 100, accountId: bank.id },
    { key: B.key },
  );

  // B's payables: a vendor, a draft vendor credit, and a bill approved and paid in part.
  const office = (chart.body.items as { id: string; name: string }[]).find(
    (a) => a.name === 'expenses:office',
  )!;
  const vendor = (
    await t.call(
      'POST',
      '/api/purchasing/vendors',
      { name: 'Bravo supplier', defaultExpenseAccountId: office.id, defaultTaxRateId: tax.id },
      { key: B.key },
    )
  ).body;
  const purchase = {
    vendorId: vendor.id,
    billDate: '2026-01-31',
    lines: [{ name: 'Flour', quantity: '1', unitPrice: 1000 }],
  };
  await t.call('POST', '/api/purchasing/vendor-credits', purchase, { key: B.key });
  const bill = (await t.call('POST', '/api/purchasing/bills', purchase, { key: B.key })).body;
  await t.call('POST', `/api/purchasing/bills/${bill.id}/submit`, undefined, { key: B.key });
  await t.call(
    'POST',
    `/api/purchasing/bills/${bill.id}/payments`,
    { date: '2026-01-31', amount: 100, accountId: bank.id },
    { key: B.key },
  );

  // B's file outbox: one message, as its documents' mail is kept when no SMTP server is configured.
  const mailer = createMailer({ from: 'Ordo <ordo@mail.test>', dataDir: t.dataDir });
  await mailer.send({ orgId: bOrg.body.id, to: 'customer@bravo.test', subject: B.marker, text: B.marker });
  mailer.close();

  const doc = (await t.call('GET', '/api/openapi.json')).body as Doc;
  operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      hasBody: Boolean(op.requestBody),
      queryParams: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      maxBodyBytes: op['x-max-body-bytes'],
    })),
  );
});
afterAll(() => t.close());

const fill = (path: string, id: string) => path.replace(/\{[^}]+\}/g, encodeURIComponent(id));

function expectErrorShape(
  res: { status: number; body: { error?: { code?: unknown; message?: unknown } } },
  what: string,
) {
  expect(res.status, what).toBeGreaterThanOrEqual(400);
  expect(res.status, what).toBeLessThan(500);
  expect(typeof res.body?.error?.code, `${what}: error.code`).toBe('string');
  expect(typeof res.body?.error?.message, `${what}: error.message`).toBe('string');
}

describe('every route, bad input → 4xx with the error shape', () => {
  it('covers the routes the modules declare', () => {
    expect(operations.length).toBeGreaterThan(10);
  });

  it('malformed JSON, wrong types, missing fields and oversized bodies', async () => {
    for (const op of operations.filter((o) => o.hasBody)) {
      const path = fill(op.path, 'zzz_unknown');
      const what = `${op.method} ${op.path}`;
      expectErrorShape(await t.call(op.method, path, '{"broken":', { key: A.key }), `${what} malformed`);
      expectErrorShape(await t.call(op.method, path, {}, { key: A.key }), `${what} missing fields`);
      expectErrorShape(await t.call(op.method, path, [1, 2, 3], { key: A.key }), `${what} array body`);
      const wrongTypes = { name: 12, slug: false, email: [], role: 'emperor', token: {} };
      expectErrorShape(await t.call(op.method, path, wrongTypes, { key: A.key }), `${what} wrong types`);
      const oversize = (op.maxBodyBytes ?? 4096) + 6_000;
      const big = await t.call(op.method, path, { name: 'x'.repeat(oversize) }, { key: A.key });
      expectErrorShape(big, `${what} oversized`);
      expect(big.status, `${what} oversized`).toBe(413);
    }
  });

  it('unknown ids and bad query parameters', async () => {
    for (const op of operations) {
      const what = `${op.method} ${op.path}`;
      if (op.path.includes('{')) {
        const body = op.hasBody ? { role: 'member', token: 'x', name: 'n' } : undefined;
        const res = await t.call(op.method, fill(op.path, 'zzz_unknown'), body, { key: A.key });
        expectErrorShape(res, `${what} unknown id`);
      }
      if (op.queryParams.length) {
        const query = op.queryParams.map((p) => `${p}=%00not-valid-${'9'.repeat(300)}`).join('&');
        expectErrorShape(
          await t.call(op.method, `${fill(op.path, 'x')}?${query}`, undefined, { key: A.key }),
          `${what} bad query`,
        );
      }
    }
  });

  it('unauthenticated calls to protected routes → 401', async () => {
    for (const op of operations.filter((o) => !['/api/health', '/api/me'].includes(o.path))) {
      const res = await t.call(op.method, fill(op.path, 'x'), op.hasBody ? {} : undefined);
      expectErrorShape(res, `${op.method} ${op.path} anonymous`);
    }
  });
});

describe("every route, organization A with organization B's ids → 404, nothing of B", () => {
  it("lists show only A's records", async () => {
    for (const op of operations.filter((o) => o.method === 'GET' && !o.path.includes('{'))) {
      const res = await t.call('GET', op.path, undefined, { key: A.key });
      const text = JSON.stringify(res.body);
      for (const leak of [B.marker, B.email, B.slug]) expect(text, `GET ${op.path}`).not.toContain(leak);
    }
  });

  // Every module's routes one after another: minutes on a loaded machine.
  it("B's ids, used by A, are not found", async () => {
    for (const op of operations.filter((o) => o.path.includes('{id}'))) {
      const collection = op.path.slice(0, op.path.indexOf('/{id}'));
      const listed = await t.call('GET', collection, undefined, { key: B.key });
      const bId: string | undefined = listed.body?.items?.[0]?.id;
      expect(bId, `B has a record under ${collection}`).toBeTruthy();
      const body = op.hasBody ? { role: 'member', token: 'x', name: 'n' } : undefined;
      // As A's signed-in owner (some routes, like accepting an invitation, need a person, not a key).
      const res = await t.call(op.method, fill(op.path, bId!), body, { cookie: A.cookie });
      expect(res.status, `${op.method} ${op.path} with B's id`).toBe(404);
      const text = JSON.stringify(res.body);
      for (const leak of [B.marker, B.email, B.slug]) expect(text).not.toContain(leak);
    }
    // And B's records are all still there, unchanged.
    const members = await t.call('GET', '/api/members', undefined, { key: B.key });
    expect(members.body.items).toHaveLength(1);
    const keys = await t.call('GET', '/api/api-keys', undefined, { key: B.key });
    expect(keys.body.items.every((k: { revokedAt: unknown }) => k.revokedAt === null)).toBe(true);
  }, 180_000);
});
