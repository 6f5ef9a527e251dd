import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Store, sql } from '../../db/client.ts';
import { createTestStore } from '../../db/test-db.ts';
import { outboxEvent } from '../../jobs/jobs.table.ts';
import { verifyAuditChain } from '../audit/audit.service.ts';
import { auditLog } from '../audit/audit.table.ts';
import { archiveAccount } from './account.service.ts';
import { balancesAsOf, sumPostings } from './balance.query.ts';
import { createDraft, deleteDraft, postDraft, updateDraft } from './draft.service.ts';
import { setExchangeRate } from './exchange-rate.service.ts';
import { listEntries } from './journal.query.ts';
import { getEntry } from './journal.repo.ts';
import { postFxDifference, postManualEntry, reverseEntry } from './journal.service.ts';
import { createLedgerOrg, type LedgerOrg, refusal } from './ledger.test-kit.ts';
import { setLockDates } from './period.service.ts';
import { verifyLedger } from './verify.ts';

let store: Store;
let org: LedgerOrg;
let bank: string;
let sales: string;
let rent: string;
let receivable: string;

beforeAll(async () => {
  store = await createTestStore();
  org = await createLedgerOrg(store);
  bank = org.id('assets:bank:current account');
  sales = org.id('income:sales');
  rent = org.id('expenses:rent');
  receivable = org.id('assets:accounts receivable');
});
afterAll(() => store.close());

const pair = (debit: string, credit: string, amount: bigint, extra: { currency?: string } = {}) => [
  { accountId: debit, amount, ...extra },
  { accountId: credit, amount: -amount, ...extra },
];

describe('postJournal', () => {
  it('posts a balanced entry: numbered, hashed, with base amounts, rollups, audit and event', async () => {
    const posted = await org.post({
      date: '2026-01-15',
      description: 'Cash sale',
      payee: 'Walk-in customer',
      code: 'R-1',
      source: { type: 'sales.receipt', id: 'rcp_1' },
      lines: [
        { accountId: bank, amount: 12000n, memo: 'till' },
        { accountId: sales, amount: -12000n },
      ],
    });
    expect(posted).toMatchObject({
      status: 'posted',
      kind: 'standard',
      seq: 1,
      date: '2026-01-15',
      source: { type: 'sales.receipt', id: 'rcp_1' },
      prevHash: '0'.repeat(64),
      reversedByEntryId: null,
    });
    expect(posted.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(posted.lines).toEqual([
      {
        lineNo: 1,
        accountId: bank,
        currency: 'GBP',
        amount: 12000n,
        baseAmount: 12000n,
        rate: '1',
        memo: 'till',
      },
      {
        lineNo: 2,
        accountId: sales,
        currency: 'GBP',
        amount: -12000n,
        baseAmount: -12000n,
        rate: '1',
        memo: null,
      },
    ]);
    const stored = await org.run((tx) => getEntry(tx, org.orgId, posted.id));
    expect(stored).toEqual(posted);
    const balances = await org.run((tx) => balancesAsOf(tx, org.orgId, '2026-12-31'));
    expect(balances).toEqual(
      expect.arrayContaining([
        { accountId: bank, currency: 'GBP', amount: 12000n, baseAmount: 12000n },
        { accountId: sales, currency: 'GBP', amount: -12000n, baseAmount: -12000n },
      ]),
    );
    const [audit] = await org.run((tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, posted.id), eq(auditLog.action, 'post'))),
    );
    expect(audit?.after).toMatchObject({ date: '2026-01-15', description: 'Cash sale' });
    const events = await org.run((tx) =>
      tx.select().from(outboxEvent).where(eq(outboxEvent.type, 'ledger.entry_posted')),
    );
    expect(events.map((e) => e.payload)).toContainEqual(
      expect.objectContaining({ id: posted.id, sourceType: 'sales.receipt', sourceId: 'rcp_1' }),
    );
  });

  it('chains each entry to the previous one', async () => {
    const second = await org.post({
      date: '2026-01-31',
      description: 'Rent',
      lines: pair(rent, bank, 50000n),
    });
    const first = await org.run((tx) =>
      listEntries(tx, org.orgId, { sourceType: 'sales.receipt' }, { limit: 1 }),
    );
    expect(second.seq).toBe(2);
    expect(second.prevHash).toBe(first.items[0]!.hash);
    expect(await verifyLedger(store.db, org.orgId)).toMatchObject({ ok: true, entries: 2, lines: 4 });
    // The audit rows written by the posting statement (hashed in SQL) verify like any other.
    expect(await org.run((tx) => verifyAuditChain(tx, org.orgId))).toMatchObject({ ok: true });
  });

  it.each([
    [
      'an unbalanced entry',
      () => ({
        date: '2026-02-01',
        lines: [
          { accountId: bank, amount: 100n },
          { accountId: sales, amount: -90n },
        ],
      }),
      'ENTRY_UNBALANCED',
      { currency: 'GBP', difference: '0.10' },
    ],
    [
      'one line',
      () => ({ date: '2026-02-01', lines: [{ accountId: bank, amount: 100n }] }),
      'ENTRY_TOO_FEW_LINES',
      {},
    ],
    [
      'an account of no one',
      () => ({ date: '2026-02-01', lines: pair(bank, 'acc_01nosuchaccount000000000000', 100n) }),
      'ACCOUNT_NOT_FOUND',
      { field: 'lines.1.accountId', line: 2 },
    ],
    [
      'a date that does not exist',
      () => ({ date: '2026-02-29', lines: pair(bank, sales, 100n) }),
      'INVALID_DATE',
      { field: 'date' },
    ],
    [
      'a foreign currency without a rate',
      () => ({ date: '2026-02-01', lines: pair(bank, sales, 100n, { currency: 'CHF' }) }),
      'EXCHANGE_RATE_MISSING',
      { field: 'lines.0.rate', currency: 'CHF', baseCurrency: 'GBP' },
    ],
  ])('refuses %s and changes nothing', async (_what, input, code, details) => {
    const before = await verifyLedger(store.db, org.orgId);
    const error = await refusal(org.post(input()));
    expect(error.code).toBe(code);
    expect(error.details).toMatchObject(details);
    expect(await verifyLedger(store.db, org.orgId)).toEqual(before);
  });

  it('refuses archived accounts, naming the line', async () => {
    const account = await org.run((tx) =>
      import('./account.service.ts').then((m) =>
        m.createAccount(tx, org.owner, { name: 'expenses:old', type: 'expense' }),
      ),
    );
    await org.run((tx) => archiveAccount(tx, org.owner, account.id));
    const error = await refusal(org.post({ date: '2026-02-01', lines: pair(account.id, bank, 100n) }));
    expect(error).toMatchObject({
      code: 'ACCOUNT_ARCHIVED',
      details: { field: 'lines.0.accountId', line: 1 },
    });
  });

  it('needs the base currency of the company profile', async () => {
    const bare = await createLedgerOrg(store);
    await bare.run((tx) => tx.execute(sql`update company_profile set base_currency = null`));
    const error = await refusal(
      bare.post({ date: '2026-02-01', lines: pair(bare.id('assets:cash'), bare.id('income:sales'), 1n) }),
    );
    expect(error.code).toBe('COMPANY_CURRENCY_NOT_SET');
  });

  it('manual posting needs ledger:post; postJournal itself serves any module', async () => {
    const error = await refusal(
      org.run((tx) =>
        postManualEntry(tx, org.as('manager'), { date: '2026-02-02', lines: pair(rent, bank, 1n) }),
      ),
    );
    expect(error.code).toBe('FORBIDDEN');
    const byModule = await org.post(
      { date: '2026-02-02', lines: pair(receivable, sales, 1n) },
      org.as('manager'),
    );
    expect(byModule.postedBy).toBe('usr_manager');
  });
});

describe('multi-currency', () => {
  it('converts at the rate on or before the date; a line may bring its own rate', async () => {
    await org.run(async (tx) => {
      await setExchangeRate(tx, org.owner, { base: 'USD', quote: 'GBP', date: '2026-03-01', rate: '0.79' });
      await setExchangeRate(tx, org.owner, { base: 'USD', quote: 'GBP', date: '2026-03-10', rate: '0.80' });
    });
    const atTable = await org.post({
      date: '2026-03-09',
      lines: pair(receivable, sales, 10001n, { currency: 'USD' }),
    });
    expect(atTable.lines.map((l) => [l.amount, l.baseAmount, l.rate])).toEqual([
      [10001n, 7901n, '0.79'],
      [-10001n, -7901n, '0.79'],
    ]);
    const given = await org.post({
      date: '2026-03-12',
      lines: [
        { accountId: receivable, amount: 333n, currency: 'USD', rate: '0.7777' },
        { accountId: receivable, amount: 333n, currency: 'USD', rate: '0.7777' },
        { accountId: sales, amount: -666n, currency: 'USD', rate: '0.7777' },
      ],
    });
    // 3.33 × 0.7777 = 2.589741 → 2.59 each; 6.66 × 0.7777 = 5.179482 → -5.18; the residue 0 here.
    expect(given.lines.map((l) => l.baseAmount)).toEqual([259n, 259n, -518n]);
  });

  it('posts a realized exchange difference to the gain/loss account', async () => {
    // Invoiced USD 100 at 0.80 (carrying 80.00 GBP), paid at 0.78: received 78.00, a loss of 2.00.
    const fx = await org.run((tx) =>
      postFxDifference(tx, org.owner, {
        date: '2026-03-20',
        accountId: receivable,
        carryingBaseAmount: 8000n,
        settlementBaseAmount: 7800n,
        source: { type: 'sales.payment', id: 'pay_1' },
      }),
    );
    expect(fx?.lines.map((l) => [l.accountId, l.currency, l.amount])).toEqual([
      [receivable, 'GBP', -200n],
      [org.id('income:exchange gains and losses'), 'GBP', 200n],
    ]);
    const none = await org.run((tx) =>
      postFxDifference(tx, org.owner, {
        date: '2026-03-20',
        accountId: receivable,
        carryingBaseAmount: 5n,
        settlementBaseAmount: 5n,
      }),
    );
    expect(none).toBeNull();
  });
});

describe('reversals', () => {
  it('reverses a posted entry with the same base amounts and links both ways', async () => {
    const original = await org.post({
      date: '2026-03-15',
      description: 'Consulting',
      source: { type: 'sales.invoice', id: 'inv_9' },
      lines: pair(receivable, sales, 4321n, { currency: 'USD' }),
    });
    const before = await org.run((tx) => balancesAsOf(tx, org.orgId, '2026-03-14'));
    const reversal = await org.run((tx) => reverseEntry(tx, org.owner, original.id, { date: '2026-03-16' }));
    expect(reversal).toMatchObject({
      reversesEntryId: original.id,
      source: { type: 'sales.invoice', id: 'inv_9' },
      description: `Reversal of #${original.seq}: Consulting`,
    });
    expect(reversal.lines.map((l) => [l.amount, l.baseAmount, l.rate])).toEqual(
      original.lines.map((l) => [-l.amount, -l.baseAmount!, l.rate]),
    );
    expect((await org.run((tx) => getEntry(tx, org.orgId, original.id))).reversedByEntryId).toBe(reversal.id);
    expect(await org.run((tx) => balancesAsOf(tx, org.orgId, '2026-03-16'))).toEqual(
      expect.arrayContaining(before.filter((b) => b.accountId !== receivable && b.accountId !== sales)),
    );
    const again = await refusal(
      org.run((tx) => reverseEntry(tx, org.owner, original.id, { date: '2026-03-17' })),
    );
    expect(again).toMatchObject({ code: 'ENTRY_ALREADY_REVERSED', details: { reversalId: reversal.id } });
  });

  it('refuses a reversal dated before the original, or of a draft', async () => {
    const original = await org.post({ date: '2026-03-15', lines: pair(rent, bank, 10n) });
    expect(
      (await refusal(org.run((tx) => reverseEntry(tx, org.owner, original.id, { date: '2026-03-14' })))).code,
    ).toBe('REVERSAL_BEFORE_ORIGINAL');
    const draft = await org.run((tx) =>
      createDraft(tx, org.owner, { date: '2026-03-15', lines: pair(rent, bank, 10n) }),
    );
    expect(
      (await refusal(org.run((tx) => reverseEntry(tx, org.owner, draft.id, { date: '2026-03-15' })))).code,
    ).toBe('ENTRY_NOT_POSTED');
  });
});

describe('drafts', () => {
  it('are saved unbalanced, edited, then posted with every check', async () => {
    const draft = await org.run((tx) =>
      createDraft(tx, org.owner, {
        date: '2026-04-01',
        description: 'Accrual',
        lines: [{ accountId: rent, amount: 30000n }],
      }),
    );
    expect(draft).toMatchObject({ status: 'draft', seq: null, hash: null });
    expect(draft.lines).toEqual([
      {
        lineNo: 1,
        accountId: rent,
        currency: 'GBP',
        amount: 30000n,
        baseAmount: null,
        rate: null,
        memo: null,
      },
    ]);
    expect((await refusal(org.run((tx) => postDraft(tx, org.owner, draft.id)))).code).toBe(
      'ENTRY_TOO_FEW_LINES',
    );
    const edited = await org.run((tx) =>
      updateDraft(tx, org.owner, draft.id, {
        lines: [...pair(rent, org.id('liabilities:accruals'), 30000n)],
      }),
    );
    expect(edited.lines).toHaveLength(2);
    expect(edited.description).toBe('Accrual');
    const posted = await org.run((tx) => postDraft(tx, org.owner, draft.id));
    expect(posted).toMatchObject({ id: draft.id, status: 'posted', createdAt: draft.createdAt });
    expect((await org.run((tx) => getEntry(tx, org.orgId, draft.id))).lines.map((l) => l.baseAmount)).toEqual(
      [30000n, -30000n],
    );
    expect(
      (await refusal(org.run((tx) => updateDraft(tx, org.owner, draft.id, { description: 'x' })))).code,
    ).toBe('ENTRY_ALREADY_POSTED');
    expect((await refusal(org.run((tx) => deleteDraft(tx, org.owner, draft.id)))).code).toBe(
      'ENTRY_ALREADY_POSTED',
    );
    expect((await refusal(org.run((tx) => postDraft(tx, org.owner, draft.id)))).code).toBe(
      'ENTRY_ALREADY_POSTED',
    );
  });

  it('can be deleted', async () => {
    const draft = await org.run((tx) => createDraft(tx, org.owner, { date: '2026-04-02', lines: [] }));
    await org.run((tx) => deleteDraft(tx, org.owner, draft.id));
    expect((await refusal(org.run((tx) => getEntry(tx, org.orgId, draft.id)))).code).toBe(
      'JOURNAL_ENTRY_NOT_FOUND',
    );
  });
});

describe('lock dates', () => {
  it('refuse posting and reversing into the locked period, by role, and leave nothing behind', async () => {
    const early = await org.post({ date: '2026-05-10', lines: pair(rent, bank, 7n) });
    await org.run((tx) =>
      setLockDates(tx, org.owner, { lockDate: '2026-05-15', nonAccountantLockDate: '2026-05-31' }),
    );
    const before = await verifyLedger(store.db, org.orgId);
    const events = async () =>
      (
        await queryRows<{ n: number }>(
          store.db,
          sql`select count(*)::int as n from outbox_event where org_id = ${org.orgId}`,
        )
      )[0]!.n;
    const eventsBefore = await events();

    const locked = await refusal(
      org.post({ date: '2026-05-15', lines: pair(rent, bank, 1n) }, org.as('accountant')),
    );
    expect(locked).toMatchObject({
      code: 'PERIOD_LOCKED',
      details: { lockDate: '2026-05-15', field: 'date' },
    });
    const forManager = await refusal(
      org.post({ date: '2026-05-20', lines: pair(rent, bank, 1n) }, org.as('manager')),
    );
    expect(forManager).toMatchObject({
      code: 'PERIOD_LOCKED',
      details: { lockDate: '2026-05-31', lock: 'non_accountants' },
    });
    const reversal = await refusal(
      org.run((tx) => reverseEntry(tx, org.owner, early.id, { date: '2026-05-12' })),
    );
    expect(reversal.code).toBe('PERIOD_LOCKED');
    expect(await verifyLedger(store.db, org.orgId)).toEqual(before);
    expect(await events()).toBe(eventsBefore);

    // The accountant may post after the lock for everyone; the reversal goes through on a later date.
    await org.post({ date: '2026-05-20', lines: pair(rent, bank, 1n) }, org.as('accountant'));
    await org.run((tx) => reverseEntry(tx, org.owner, early.id, { date: '2026-06-01' }));
    await org.run((tx) => setLockDates(tx, org.owner, { lockDate: null, nonAccountantLockDate: null }));
  });

  it('setting them needs ledger:settings', async () => {
    const error = await refusal(
      org.run((tx) =>
        setLockDates(tx, org.as('manager'), { lockDate: '2026-01-01', nonAccountantLockDate: null }),
      ),
    );
    expect(error.code).toBe('FORBIDDEN');
  });
});

describe('balances', () => {
  it('sum whole months from rollups and partial months from lines, with or without closing entries', async () => {
    const local = await createLedgerOrg(store);
    const [cash, income] = [local.id('assets:cash'), local.id('income:sales')];
    for (const [date, amount] of [
      ['2026-01-05', 100n],
      ['2026-01-31', 200n],
      ['2026-02-01', 400n],
      ['2026-02-14', 800n],
      ['2026-03-31', 1600n],
    ] as const)
      await local.post({ date, lines: pair(cash, income, amount) });
    const cashIn = async (from?: string, to?: string) =>
      (await local.run((tx) => sumPostings(tx, local.orgId, { from, to }))).find((b) => b.accountId === cash)
        ?.amount ?? 0n;
    expect(await cashIn()).toBe(3100n);
    expect(await cashIn('2026-01-06', '2026-02-14')).toBe(1400n);
    expect(await cashIn('2026-02-01', '2026-02-28')).toBe(1200n);
    expect(await cashIn(undefined, '2026-01-31')).toBe(300n);
    expect(await cashIn('2026-02-15', '2026-03-30')).toBe(0n);
    expect(await cashIn('2026-03-31')).toBe(1600n);
  });
});
