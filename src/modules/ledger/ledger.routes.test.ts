import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../api/test-app.ts';
import { sql } from '../../db/client.ts';
import { withOrg } from '../../db/tenancy.ts';
import { createCompanyTestApp, createOtherOrg, PROFILE, type Role } from '../company/company.test-kit.ts';
import { sqlRefusal } from './ledger.test-kit.ts';

// The ledger through HTTP as its users meet it: roles, bad input named by field, drafts, posting,
// immutability (through the API and through SQL as the app role), reversals, lock dates, retries.

let t: TestApp;
let orgId: string;
let as: (role: Role) => { key: string };
let manager: { key: string };
let account: Record<string, string>;

interface Line {
  accountId: string;
  amount: number;
  currency?: string;
  rate?: string;
}
const entry = (date: string, lines: Line[], extra: Record<string, unknown> = {}) => ({
  date,
  description: 'Test entry',
  lines,
  ...extra,
});
const sale = (_date: string, pence: number) => [
  { accountId: account.bank!, amount: pence },
  { accountId: account.sales!, amount: -pence },
];

beforeAll(async () => {
  ({ t, orgId, as } = await createCompanyTestApp());
  await t.call('PUT', '/api/company', PROFILE, as('owner'));
  manager = {
    key: (await t.call('POST', '/api/api-keys', { name: 'm', role: 'manager' }, as('owner'))).body.key,
  };
}, 60_000);
afterAll(() => t.close());

describe('chart of accounts over HTTP', () => {
  it('starts empty and offers three templates', async () => {
    const accounts = await t.call('GET', '/api/ledger/accounts', undefined, as('accountant'));
    expect(accounts.status).toBe(200);
    expect(accounts.body.items).toEqual([]);
    const templates = await t.call('GET', '/api/ledger/chart-templates', undefined, as('accountant'));
    expect(templates.body.items.map((x: { id: string }) => x.id)).toEqual(
      expect.arrayContaining(['generic', 'us', 'eu-vat']),
    );
  });

  it('refuses a member, and names an unknown template', async () => {
    expect((await t.call('GET', '/api/ledger/accounts', undefined, as('member'))).status).toBe(403);
    const unknown = await t.call(
      'POST',
      '/api/ledger/chart/apply-template',
      { templateId: 'nope' },
      as('owner'),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('CHART_TEMPLATE_NOT_FOUND');
  });

  it('applies the generic chart once; a second time is a conflict', async () => {
    const applied = await t.call(
      'POST',
      '/api/ledger/chart/apply-template',
      { templateId: 'generic' },
      as('accountant'),
    );
    expect(applied.status).toBe(201);
    const items = applied.body.items as { id: string; name: string; type: string; subtype: string }[];
    const find = (subtype: string) => items.find((a) => a.subtype === subtype)!.id;
    account = {
      bank: find('bank'),
      sales: items.find((a) => a.type === 'income')!.id,
      expense: items.find((a) => a.type === 'expense')!.id,
    };
    const again = await t.call(
      'POST',
      '/api/ledger/chart/apply-template',
      { templateId: 'generic' },
      as('accountant'),
    );
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CHART_NOT_EMPTY');
  });

  it('adds an account, names the field of a bad one, and refuses a duplicate name', async () => {
    const created = await t.call(
      'POST',
      '/api/ledger/accounts',
      { name: 'assets:bank:savings', type: 'asset', subtype: 'bank', code: '1210' },
      as('accountant'),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'assets:bank:savings', code: '1210', balances: [] });
    account.savings = created.body.id;

    const badType = await t.call(
      'POST',
      '/api/ledger/accounts',
      { name: 'x', type: 'cash' },
      as('accountant'),
    );
    expect(badType.status).toBe(400);
    expect(badType.body.error.details.field).toMatch(/type/);

    const duplicate = await t.call(
      'POST',
      '/api/ledger/accounts',
      { name: 'assets:bank:savings', type: 'asset' },
      as('accountant'),
    );
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('ACCOUNT_NAME_TAKEN');
  });

  it('lets a manager read the chart but not change it', async () => {
    expect((await t.call('GET', '/api/ledger/accounts', undefined, manager)).status).toBe(200);
    const denied = await t.call(
      'POST',
      '/api/ledger/accounts',
      { name: 'expenses:x', type: 'expense' },
      manager,
    );
    expect(denied.status).toBe(403);
  });
});

describe('journal entries over HTTP', () => {
  let draftId: string;
  let postedId: string;

  it('keeps a draft, changes it, and posts it with a number and a hash', async () => {
    const draft = await t.call(
      'POST',
      '/api/ledger/entries',
      entry('2026-03-02', sale('2026-03-02', 100)),
      as('accountant'),
    );
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ status: 'draft', seq: null, hash: null });
    draftId = draft.body.id;

    const changed = await t.call(
      'PATCH',
      `/api/ledger/entries/${draftId}`,
      { lines: sale('2026-03-02', 12_500), description: 'March sale' },
      as('accountant'),
    );
    expect(changed.status).toBe(200);
    expect(changed.body.lines.map((l: Line) => l.amount)).toEqual([12_500, -12_500]);

    const posted = await t.call('POST', `/api/ledger/entries/${draftId}/post`, undefined, as('accountant'));
    expect(posted.status).toBe(200);
    expect(posted.body).toMatchObject({ status: 'posted', seq: 1, description: 'March sale' });
    expect(posted.body.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(posted.body.lines.map((l: { baseAmount: number }) => l.baseAmount)).toEqual([12_500, -12_500]);
    postedId = draftId;

    const bank = await t.call(
      'GET',
      `/api/ledger/accounts/${account.bank}?asOf=2026-03-31`,
      undefined,
      as('accountant'),
    );
    expect(bank.body.balances).toEqual([{ currency: 'GBP', amount: 12_500, baseAmount: 12_500 }]);
    expect(bank.body.baseBalance).toBe(12_500);
    expect(bank.body.hasPostings).toBe(true);
    const before = await t.call(
      'GET',
      `/api/ledger/accounts/${account.bank}?asOf=2026-03-01`,
      undefined,
      as('accountant'),
    );
    expect(before.body.balances).toEqual([]);
    expect(before.body.hasPostings).toBe(true); // at any date: it can no longer be deleted
    const savings = await t.call(
      'GET',
      `/api/ledger/accounts/${account.savings}`,
      undefined,
      as('accountant'),
    );
    expect(savings.body.hasPostings).toBe(false);
  });

  it('refuses to change or delete a posted entry through the API', async () => {
    const patch = await t.call('PATCH', `/api/ledger/entries/${postedId}`, { description: 'x' }, as('owner'));
    expect(patch.status).toBe(409);
    expect(patch.body.error.code).toBe('ENTRY_ALREADY_POSTED');
    const del = await t.call('DELETE', `/api/ledger/entries/${postedId}`, undefined, as('owner'));
    expect(del.status).toBe(409);
    const again = await t.call('POST', `/api/ledger/entries/${postedId}/post`, undefined, as('owner'));
    expect(again.status).toBe(409);
  });

  it('refuses to change a posted line even through SQL as the app role', async () => {
    const message = await sqlRefusal(
      withOrg(t.store.db, orgId, (tx) =>
        tx.execute(
          sql`update journal_line set amount = amount + 1 where org_id = ${orgId} and entry_id = ${postedId}`,
        ),
      ),
    );
    expect(message).toMatch(/posted|immutable/i);
  });

  it('names the problem of an unbalanced entry, an amount that is not an integer, and a bad date', async () => {
    const unbalanced = await t.call(
      'POST',
      '/api/ledger/entries',
      entry(
        '2026-03-03',
        [
          { accountId: account.bank!, amount: 100 },
          { accountId: account.sales!, amount: -99 },
        ],
        { status: 'posted' },
      ),
      as('accountant'),
    );
    expect(unbalanced.status).toBe(400);
    expect(unbalanced.body.error.message).toMatch(/balance/i);

    const fraction = await t.call(
      'POST',
      '/api/ledger/entries',
      entry('2026-03-03', [
        { accountId: account.bank!, amount: 1.5 },
        { accountId: account.sales!, amount: -1.5 },
      ]),
      as('accountant'),
    );
    expect(fraction.status).toBe(400);
    expect(fraction.body.error.details.field).toBe('json.lines.0.amount');

    const badDate = await t.call(
      'POST',
      '/api/ledger/entries',
      entry('2026-02-30', sale('', 1)),
      as('accountant'),
    );
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.details.field).toBe('json.date');
  });

  it("refuses another organization's account without saying whether it exists", async () => {
    const other = await createOtherOrg(t);
    await t.call('PUT', '/api/company', { ...PROFILE, legalName: 'Bravo' }, { key: other.key });
    const theirs = await t.call(
      'POST',
      '/api/ledger/chart/apply-template',
      { templateId: 'generic' },
      { key: other.key },
    );
    const foreign = theirs.body.items[0].id as string;
    const res = await t.call(
      'POST',
      '/api/ledger/entries',
      entry(
        '2026-03-04',
        [
          { accountId: foreign, amount: 100 },
          { accountId: account.sales!, amount: -100 },
        ],
        { status: 'posted' },
      ),
      as('accountant'),
    );
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.error.code).toBe('ACCOUNT_NOT_FOUND');
    expect(
      (await t.call('GET', `/api/ledger/entries/${postedId}`, undefined, { key: other.key })).status,
    ).toBe(404);
  });

  it('posts once when a client retries with the same Idempotency-Key', async () => {
    const body = entry('2026-03-05', sale('2026-03-05', 700), { status: 'posted' });
    const headers = { 'idempotency-key': 'retry-sale-0305' };
    const first = await t.call('POST', '/api/ledger/entries', body, { ...as('accountant'), headers });
    const second = await t.call('POST', '/api/ledger/entries', body, { ...as('accountant'), headers });
    expect(first.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    const list = await t.call(
      'GET',
      '/api/ledger/entries?from=2026-03-05&to=2026-03-05',
      undefined,
      as('accountant'),
    );
    expect(list.body.items).toHaveLength(1);
  });

  it('finds entries by words in their description or payee, or by posting number', async () => {
    const search = async (text: string) =>
      (
        await t.call(
          'GET',
          `/api/ledger/entries?search=${encodeURIComponent(text)}`,
          undefined,
          as('accountant'),
        )
      ).body.items.map((e: { seq: number; description: string }) => `${e.seq} ${e.description}`);
    expect(await search('MARCH')).toEqual(['1 March sale']);
    expect(await search('#1')).toEqual(['1 March sale']);
    expect(await search('test entry')).toEqual(['2 Test entry']);
    expect(await search('%')).toEqual([]); // a wildcard is taken literally
  });

  it('reverses a posted entry once, linked both ways, and the balance returns', async () => {
    const reversal = await t.call(
      'POST',
      `/api/ledger/entries/${postedId}/reverse`,
      { date: '2026-03-10' },
      as('accountant'),
    );
    expect(reversal.status).toBe(201);
    expect(reversal.body).toMatchObject({ reversesEntryId: postedId, status: 'posted', date: '2026-03-10' });
    expect(reversal.body.lines.map((l: Line) => l.amount)).toEqual([-12_500, 12_500]);
    const original = await t.call('GET', `/api/ledger/entries/${postedId}`, undefined, as('accountant'));
    expect(original.body.reversedByEntryId).toBe(reversal.body.id);
    const twice = await t.call(
      'POST',
      `/api/ledger/entries/${postedId}/reverse`,
      { date: '2026-03-11' },
      as('accountant'),
    );
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('ENTRY_ALREADY_REVERSED');
    const bank = await t.call(
      'GET',
      `/api/ledger/accounts/${account.bank}?asOf=2026-03-31`,
      undefined,
      as('accountant'),
    );
    expect(bank.body.balances).toEqual([{ currency: 'GBP', amount: 700, baseAmount: 700 }]);
  });

  it('archives an account with postings instead of deleting it; deletes an unused one', async () => {
    const del = await t.call('DELETE', `/api/ledger/accounts/${account.bank}`, undefined, as('accountant'));
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe('ACCOUNT_HAS_POSTINGS');
    const archived = await t.call(
      'POST',
      `/api/ledger/accounts/${account.bank}/archive`,
      undefined,
      as('accountant'),
    );
    expect(archived.status).toBe(200);
    expect(archived.body.archivedAt).not.toBeNull();
    const posting = await t.call(
      'POST',
      '/api/ledger/entries',
      entry('2026-03-12', sale('2026-03-12', 5), { status: 'posted' }),
      as('accountant'),
    );
    expect(posting.status).toBe(422);
    await t.call('POST', `/api/ledger/accounts/${account.bank}/unarchive`, undefined, as('accountant'));
    expect(
      (await t.call('DELETE', `/api/ledger/accounts/${account.savings}`, undefined, as('accountant'))).status,
    ).toBe(204);
  });
});

describe('lock dates and integrity over HTTP', () => {
  it('refuses posting on or before the lock date, for every role', async () => {
    const saved = await t.call(
      'PUT',
      '/api/ledger/settings',
      { lockDate: '2026-03-31', nonAccountantLockDate: null },
      as('owner'),
    );
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      lockDate: '2026-03-31',
      baseCurrency: 'GBP',
      fiscalYearStart: '04-06',
    });
    const locked = await t.call(
      'POST',
      '/api/ledger/entries',
      entry('2026-03-31', sale('2026-03-31', 5), { status: 'posted' }),
      as('owner'),
    );
    expect(locked.status).toBe(422);
    expect(locked.body.error.code).toBe('PERIOD_LOCKED');
    const open = await t.call(
      'POST',
      '/api/ledger/entries',
      entry('2026-04-01', sale('2026-04-01', 5), { status: 'posted' }),
      as('owner'),
    );
    expect(open.status).toBe(201);
  });

  it('verifies the chain, the entries and the rollups', async () => {
    const verify = await t.call('GET', '/api/ledger/verify', undefined, as('accountant'));
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ ok: true, entries: 4 });
  });
});
