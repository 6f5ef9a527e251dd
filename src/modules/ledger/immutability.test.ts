import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Store, sql } from '../../db/client.ts';
import { createTestStore } from '../../db/test-db.ts';
import { createDraft } from './draft.service.ts';
import type { PostedEntry } from './journal.repo.ts';
import { createLedgerOrg, type LedgerOrg, sqlRefusal } from './ledger.test-kit.ts';
import { verifyLedger } from './verify.ts';

// Posted entries cannot change even through raw SQL, as the app role (inside the tenant
// transaction) or as the owner that ran the migrations.

let store: Store;
let org: LedgerOrg;
let posted: PostedEntry;

beforeAll(async () => {
  store = await createTestStore();
  org = await createLedgerOrg(store);
  posted = await org.post({
    date: '2026-02-10',
    description: 'Office chairs',
    lines: [
      { accountId: org.id('expenses:office'), amount: 25000n },
      { accountId: org.id('assets:bank:current account'), amount: -25000n },
    ],
  });
});
afterAll(() => store.close());

const IMMUTABLE = /posted.*cannot be (updated|deleted)|no line can be added|cannot be truncated/;

describe.each([
  ['the app role', () => (query: ReturnType<typeof sql>) => org.run((tx) => tx.execute(query))],
  ['the owner', () => (query: ReturnType<typeof sql>) => store.db.execute(query)],
])('raw SQL as %s', (_who, runner) => {
  const attempts = () => [
    sql`update journal_entry set description = 'Office chairs (cheaper)' where id = ${posted.id}`,
    sql`update journal_entry set date = '2026-03-01' where id = ${posted.id}`,
    sql`update journal_entry set status = 'draft' where id = ${posted.id}`,
    sql`delete from journal_entry where id = ${posted.id}`,
    sql`update journal_line set amount = 1 where entry_id = ${posted.id} and line_no = 1`,
    sql`update journal_line set account_id = account_id where entry_id = ${posted.id}`,
    sql`delete from journal_line where entry_id = ${posted.id}`,
    sql`insert into journal_line (org_id, entry_id, line_no, account_id, date, currency, amount, base_amount, rate)
        select org_id, entry_id, 3, account_id, date, currency, 1, 1, '1' from journal_line
        where entry_id = ${posted.id} and line_no = 1`,
  ];

  it('cannot update, delete or add to a posted entry or its lines', async () => {
    const run = runner();
    for (const attempt of attempts()) expect(await sqlRefusal(run(attempt))).toMatch(IMMUTABLE);
    expect(await verifyLedger(store.db, org.orgId)).toMatchObject({ ok: true, entries: 1, lines: 2 });
  });
});

describe('what stays possible', () => {
  it('the owner cannot truncate the journal either', async () => {
    expect(await sqlRefusal(store.db.execute(sql`truncate journal_line`))).toMatch(IMMUTABLE);
    expect(await sqlRefusal(store.db.execute(sql`truncate journal_entry cascade`))).toMatch(IMMUTABLE);
  });

  it('drafts stay editable and deletable', async () => {
    const draft = await org.run((tx) =>
      createDraft(tx, org.owner, {
        date: '2026-02-11',
        lines: [{ accountId: org.id('expenses:rent'), amount: 1n }],
      }),
    );
    await org.run((tx) =>
      tx.execute(sql`update journal_entry set description = 'edited' where id = ${draft.id}`),
    );
    await org.run((tx) => tx.execute(sql`delete from journal_entry where id = ${draft.id}`));
    const rows = await queryRows(store.db, sql`select 1 from journal_entry where id = ${draft.id}`);
    expect(rows).toHaveLength(0);
  });
});

describe('verifyLedger', () => {
  it('finds rollups that differ from the lines', async () => {
    await store.db.execute(
      sql`update ledger_balance set amount = amount + 1 where org_id = ${org.orgId} and account_id = ${org.id('expenses:office')}`,
    );
    const result = await verifyLedger(store.db, org.orgId);
    expect(result).toMatchObject({
      ok: false,
      problem: { kind: 'rollup', accountId: org.id('expenses:office') },
    });
    if (!result.ok)
      expect(result.problem.message).toMatch(/expenses:office for 2026-02 in GBP: stored 250\.01/);
    await store.db.execute(
      sql`update ledger_balance set amount = amount - 1 where org_id = ${org.orgId} and account_id = ${org.id('expenses:office')}`,
    );
    expect((await verifyLedger(store.db, org.orgId)).ok).toBe(true);
  });

  it('finds an entry changed behind the triggers (by someone who could switch them off)', async () => {
    await store.db.execute(sql`alter table journal_entry disable trigger journal_entry_immutable`);
    await store.db.execute(
      sql`update journal_entry set description = 'Office chairs!' where id = ${posted.id}`,
    );
    await store.db.execute(sql`alter table journal_entry enable trigger journal_entry_immutable`);
    const result = await verifyLedger(store.db, org.orgId);
    expect(result).toMatchObject({ ok: false, problem: { kind: 'chain', seq: 1, entryId: posted.id } });
    if (!result.ok) expect(result.problem.message).toMatch(/does not match its hash/);
  });
});
