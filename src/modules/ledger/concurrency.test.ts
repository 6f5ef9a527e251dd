import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne, type Store, sql } from '../../db/client.ts';
import { createTestStore, testStoreKind } from '../../db/test-db.ts';
import { balancesAsOf } from './balance.query.ts';
import { sumByCurrency } from './journal.domain.ts';
import { createLedgerOrg, type LedgerOrg } from './ledger.test-kit.ts';
import { verifyLedger } from './verify.ts';

// 16 posters × 500 entries at once on one organization (PGlite has one connection, so this is
// PostgreSQL only): nothing is lost, numbers have no gaps, the chain verifies, balances sum to zero.

const POSTERS = Number(process.env.LEDGER_POSTERS ?? 16);
const ENTRIES = Number(process.env.LEDGER_ENTRIES ?? 500);

describe.skipIf(testStoreKind() !== 'postgres')('concurrent posting on PostgreSQL', () => {
  let store: Store;
  let org: LedgerOrg;

  beforeAll(async () => {
    store = await createTestStore({ poolSize: POSTERS + 2 });
    org = await createLedgerOrg(store);
    await org.run((tx) =>
      tx.execute(
        sql`insert into exchange_rate (org_id, base, quote, date, rate) values (${org.orgId}, 'EUR', 'GBP', '2026-01-01', '0.8531')`,
      ),
    );
  });
  afterAll(() => store.close());

  it(`${POSTERS} posters × ${ENTRIES} entries: every invariant holds`, async () => {
    const accounts = [
      'assets:bank:current account',
      'assets:accounts receivable',
      'income:sales',
      'expenses:rent',
      'expenses:office',
      'liabilities:accounts payable',
    ].map((name) => org.id(name));
    const started = Date.now();
    await Promise.all(
      Array.from({ length: POSTERS }, async (_, poster) => {
        for (let i = 0; i < ENTRIES; i++) {
          const amount = BigInt(1 + ((poster * 7919 + i * 104729) % 100_000));
          const day = 1 + ((poster + i) % 28);
          const month = 1 + (i % 12);
          const debit = accounts[(poster + i) % accounts.length]!;
          const credit = accounts[(poster + i + 1 + (i % 4)) % accounts.length]!;
          const currency = i % 5 === 0 ? 'EUR' : 'GBP';
          if (poster === 0 && i % 100 === 0)
            console.log(`poster 0 at ${i} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
          await org.post({
            date: `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
            description: `poster ${poster} entry ${i}`,
            lines: [
              { accountId: debit, amount, currency },
              { accountId: credit, amount: -amount, currency },
            ],
          });
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `${POSTERS * ENTRIES} entries in ${seconds.toFixed(1)} s (${Math.round((POSTERS * ENTRIES) / seconds)}/s)`,
    );

    const counts = await queryOne<{
      entries: number;
      lines: number;
      max: number;
      audits: number;
      events: number;
    }>(
      store.db,
      sql`select (select count(*)::int from journal_entry where org_id = ${org.orgId}) as entries,
            (select count(*)::int from journal_line where org_id = ${org.orgId}) as lines,
            (select max(seq)::int from journal_entry where org_id = ${org.orgId}) as max,
            (select count(*)::int from audit_log where org_id = ${org.orgId} and action = 'post') as audits,
            (select count(*)::int from outbox_event where org_id = ${org.orgId} and type = 'ledger.entry_posted') as events`,
    );
    expect(counts).toEqual({
      entries: POSTERS * ENTRIES,
      lines: 2 * POSTERS * ENTRIES,
      max: POSTERS * ENTRIES,
      audits: POSTERS * ENTRIES,
      events: POSTERS * ENTRIES,
    });
    const verifyStarted = Date.now();
    const verified = await verifyLedger(store.db, org.orgId);
    console.log(`verified in ${((Date.now() - verifyStarted) / 1000).toFixed(1)} s`);
    expect(verified).toEqual({
      ok: true,
      entries: POSTERS * ENTRIES,
      lines: 2 * POSTERS * ENTRIES,
      rollups: expect.any(Number),
    });
    const balances = await org.run((tx) => balancesAsOf(tx, org.orgId, '2026-12-31'));
    for (const [, total] of sumByCurrency(balances, (b) => b.amount)) expect(total).toBe(0n);
    expect(balances.reduce((sum, b) => sum + b.baseAmount, 0n)).toBe(0n);
  }, 120_000);
});
