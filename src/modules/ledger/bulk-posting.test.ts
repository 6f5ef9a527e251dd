import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Store, sql } from '../../db/client.ts';
import { createTestStore } from '../../db/test-db.ts';
import { verifyAuditChain } from '../audit/audit.service.ts';
import { bulkEntryHash, startBulkPosting } from './bulk-posting.service.ts';
import { entryHash, type JournalEntryInput } from './journal.domain.ts';
import { createLedgerOrg, type LedgerOrg, refusal, sqlRefusal } from './ledger.test-kit.ts';
import { setLockDates } from './period.service.ts';
import { verifyLedger } from './verify.ts';

// Bulk posting keeps every promise of postJournal (numbering, hash chain, base amounts, rollups,
// lock dates, immutability) while writing a batch per statement, one audit row and one event each.

let store: Store;
let org: LedgerOrg;
beforeAll(async () => {
  store = await createTestStore();
  org = await createLedgerOrg(store, { baseCurrency: 'GBP' });
}, 60_000);
afterAll(() => store.close());

function sale(i: number, extra: Partial<JournalEntryInput> = {}, books: LedgerOrg = org): JournalEntryInput {
  const bank = () => books.accounts.find((a) => a.subtype === 'bank')!.id;
  const sales = () => books.accounts.find((a) => a.type === 'income')!.id;
  return {
    date: `2025-${String((i % 12) + 1).padStart(2, '0')}-15`,
    description: `Sale ${i} "quoted" ünï`,
    payee: i % 3 ? `Customer ${i}` : null,
    code: i % 5 ? null : `C${i}`,
    source: { type: 'test.bulk', id: `b${i}` },
    lines: [
      { accountId: bank(), amount: BigInt(100 + i), memo: i % 2 ? 'memo' : null },
      { accountId: sales(), amount: BigInt(-(100 + i)) },
      ...(i % 4 === 0
        ? [
            { accountId: bank(), currency: 'EUR', amount: 1000n, rate: '0.85' },
            { accountId: sales(), currency: 'EUR', amount: -1000n, rate: '0.85' },
          ]
        : []),
    ],
    ...extra,
  };
}

describe('bulk posting', () => {
  it('hashes exactly as entryHash does', () => {
    const text = fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc.constantFrom('"', '\\', '\u2028', '\n'),
    );
    fc.assert(
      fc.property(
        fc.record({
          seq: fc.nat(),
          id: text,
          kind: fc.constantFrom('standard', 'closing'),
          date: fc.constant('2025-01-31'),
          description: text,
          payee: fc.option(text),
          code: fc.option(text),
          sourceType: fc.option(text),
          sourceId: fc.option(text),
          reversesEntryId: fc.option(text),
          postedAt: fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }),
          postedBy: fc.option(text),
          lines: fc.array(
            fc.record({
              lineNo: fc.nat(),
              accountId: text,
              currency: text,
              amount: fc.bigInt(),
              baseAmount: fc.bigInt(),
              rate: text,
              memo: fc.option(text),
            }),
          ),
        }),
        (entry) => {
          expect(bulkEntryHash('ab'.repeat(32), entry)).toBe(entryHash('ab'.repeat(32), entry));
        },
      ),
    );
  });

  it('numbers, chains, prices and rolls up like postJournal; one audit row and one event per batch', async () => {
    await org.post(sale(1));
    const before = await queryRows<{ audits: number; events: number }>(
      store.db,
      sql`select (select count(*)::int from audit_log where org_id = ${org.orgId}) as audits,
        (select count(*)::int from outbox_event where org_id = ${org.orgId}) as events`,
    );
    const results = await org.run(async (tx) => {
      const bulk = await startBulkPosting(tx, org.owner);
      expect(bulk.baseCurrency).toBe('GBP');
      // Handed in without waiting: written and resolved in order while the next is prepared.
      const order: number[] = [];
      const first = bulk.post(Array.from({ length: 700 }, (_, i) => sale(i + 2))).then((r) => {
        order.push(1);
        return r;
      });
      const second = bulk.post(Array.from({ length: 300 }, (_, i) => sale(i + 702))).then((r) => {
        order.push(2);
        return r;
      });
      const results = [await first, await second];
      expect(order).toEqual([1, 2]);
      return results;
    });
    expect(results.map((r) => [r.firstSeq, r.lastSeq, r.ids.length])).toEqual([
      [2, 701, 700],
      [702, 1001, 300],
    ]);
    await org.post(sale(2001));
    expect(await verifyLedger(store.db, org.orgId)).toMatchObject({ ok: true, entries: 1002 });
    expect(await verifyAuditChain(store.db, org.orgId)).toMatchObject({ ok: true });
    const after = await queryRows<{ audits: number; events: number; eur: string }>(
      store.db,
      sql`select (select count(*)::int from audit_log where org_id = ${org.orgId}) as audits,
        (select count(*)::int from outbox_event where org_id = ${org.orgId}) as events,
        (select sum(base_amount)::text from journal_line where org_id = ${org.orgId} and currency = 'EUR' and amount > 0) as eur`,
    );
    expect(after[0]!.audits - before[0]!.audits).toBe(3);
    expect(after[0]!.events - before[0]!.events).toBe(3);
    // 250 EUR lines of 10.00 at 0.85 (one in four sales), plus the single posts' (sales 1 and 2001 have none).
    expect(after[0]!.eur).toBe(String(850n * 250n));
    // Posted in bulk, immutable all the same.
    const [row] = await queryRows<{ id: string }>(
      store.db,
      sql`select entry_id as id from journal_line where org_id = ${org.orgId} limit 1`,
    );
    expect(
      await sqlRefusal(store.db.execute(sql`delete from journal_line where entry_id = ${row!.id}`)),
    ).toMatch(/posted entry/);
  });

  it('refuses the first bad entry of a batch by its index, and a locked date; nothing of the batch stays', async () => {
    const fresh = await createLedgerOrg(store);
    const bad = Array.from({ length: 10 }, (_, i) => sale(i, {}, fresh));
    bad[6] = { ...bad[6]!, lines: [bad[6]!.lines[0]!, { ...bad[6]!.lines[1]!, amount: -1n }] };
    const error = await refusal(fresh.run(async (tx) => (await startBulkPosting(tx, fresh.owner)).post(bad)));
    expect(error).toMatchObject({ code: 'ENTRY_UNBALANCED', details: { entryIndex: 6 } });
    expect(error.message).toMatch(/^Entry 7: The entry does not balance/);
    await fresh.run((tx) =>
      setLockDates(tx, fresh.owner, { lockDate: '2025-03-31', nonAccountantLockDate: null }),
    );
    const locked = await refusal(
      fresh.run(async (tx) => (await startBulkPosting(tx, fresh.owner)).post(bad.slice(0, 5).reverse())),
    );
    expect(locked).toMatchObject({ code: 'PERIOD_LOCKED', details: { entryIndex: 2 } });
    expect(await verifyLedger(store.db, fresh.orgId)).toMatchObject({ ok: true, entries: 0 });
  });
});
