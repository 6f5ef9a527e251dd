import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../core/ids.ts';
import { queryRows, type Store, sql } from './client.ts';
import { pgError } from './errors.ts';
import * as schema from './schema.ts';
import { readInOrg } from './tenancy.ts';
import { createTestStore, testStoreKind } from './test-db.ts';

const messageOf = (error: unknown) => pgError(error)?.message ?? String(error);

describe.skipIf(testStoreKind() !== 'postgres')('tenant reads on pipelined connections', () => {
  let store: Store;
  const orgA = newId('org');
  const orgB = newId('org');

  const keysOf = (org: string) =>
    readInOrg(store.db, org, (tx) => tx.select({ orgId: schema.apiKey.orgId }).from(schema.apiKey));

  beforeAll(async () => {
    store = await createTestStore();
    await store.db.insert(schema.organization).values([
      { id: orgA, name: 'A', slug: `a-${orgA}` },
      { id: orgB, name: 'B', slug: `b-${orgB}` },
    ]);
    const key = (orgId: string) => ({
      orgId,
      id: newId('key'),
      name: 'k',
      role: 'member',
      prefix: 'x',
      keyHash: newId('h'),
    });
    await store.db.insert(schema.apiKey).values([key(orgA), key(orgA), key(orgB)]);
    await keysOf(orgA); // opens the pipelined connections
    await new Promise((r) => setTimeout(r, 200));
  });
  afterAll(() => store.close());

  it('many reads for two organizations at once each see their own rows only', async () => {
    const views = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const org = i % 2 ? orgB : orgA;
        return { org, rows: await keysOf(org) };
      }),
    );
    for (const { org, rows } of views) {
      expect(rows.length).toBe(org === orgA ? 2 : 1);
      expect(new Set(rows.map((r) => r.orgId))).toEqual(new Set([org]));
    }
  });

  it('a failing read fails alone: the reads sent with it are answered', async () => {
    const [failed, ...others] = await Promise.allSettled([
      readInOrg(store.db, orgA, (tx) => queryRows(tx, sql`select 1 / (count(*) - count(*)) from api_key`)),
      ...Array.from({ length: 10 }, (_, i) => keysOf(i % 2 ? orgB : orgA)),
    ]);
    expect(failed.status).toBe('rejected');
    expect(messageOf((failed as PromiseRejectedResult).reason)).toMatch(/division by zero/);
    for (const [i, other] of others.entries()) {
      expect(other.status).toBe('fulfilled');
      const rows = (other as PromiseFulfilledResult<{ orgId: string }[]>).value;
      expect(rows.every((r) => r.orgId === (i % 2 ? orgB : orgA))).toBe(true);
    }
  });

  it('a statement that does not parse fails the same way every time, and others still run', async () => {
    const bad = () => readInOrg(store.db, orgA, (tx) => queryRows(tx, sql`select frobnicate from api_key`));
    for (let i = 0; i < 3; i++) await expect(bad()).rejects.toSatisfy((e) => /frobnicate/.test(messageOf(e)));
    expect(await keysOf(orgB)).toHaveLength(1);
  });

  it('a read whose value cannot be sent fails alone, and its statement still runs afterwards', async () => {
    // Each round uses a statement text new to every connection, so the failing read is the one that
    // parses it: first on a pipelined connection, then on a pooled one (the pipelined one is busy).
    const pick = (round: number, value: unknown) =>
      readInOrg(store.db, orgA, (tx) =>
        queryRows<{ k: string }>(
          tx,
          sql`select ${value}::jsonb ->> 'k' as k, ${sql.raw(String(round))} as round`,
        ),
      );
    for (const round of [1, 2]) {
      const slow =
        round === 2 ? readInOrg(store.db, orgB, (tx) => queryRows(tx, sql`select pg_sleep(0.5)`)) : undefined;
      if (slow) await new Promise((r) => setTimeout(r, 150));
      const [failed, ...others] = await Promise.allSettled([
        pick(round, { k: 1n }),
        ...Array.from({ length: 5 }, (_, i) => pick(round, { k: `v${i}` })),
      ]);
      expect(failed.status).toBe('rejected');
      expect(String((failed as PromiseRejectedResult).reason.cause)).toMatch(/serialize a BigInt/);
      expect(others.map((o) => (o.status === 'fulfilled' ? o.value : o.reason))).toEqual(
        Array.from({ length: 5 }, (_, i) => [{ k: `v${i}`, round }]),
      );
      for (let i = 0; i < 5; i++) expect(await pick(round, { k: 'again' })).toEqual([{ k: 'again', round }]);
      await slow;
    }
  });

  it('a long read does not hold up the reads that come after it', async () => {
    const finished: string[] = [];
    const slow = readInOrg(store.db, orgA, (tx) => queryRows(tx, sql`select pg_sleep(1.5)`)).then(() =>
      finished.push('slow'),
    );
    await new Promise((r) => setTimeout(r, 200));
    await Promise.all(Array.from({ length: 10 }, () => keysOf(orgB).then(() => finished.push('quick'))));
    await slow;
    expect(finished.indexOf('slow')).toBe(10);
  });

  it('refuses writes, and a read that opens a transaction leaves no connection inside one', async () => {
    await expect(
      readInOrg(store.db, orgA, (tx) => tx.update(schema.apiKey).set({ name: 'renamed' }).where(sql`true`)),
    ).rejects.toSatisfy((e) => /read-only transaction/.test(messageOf(e)));
    await readInOrg(store.db, orgA, (tx) => tx.execute(sql`begin`));
    expect(await keysOf(orgB)).toHaveLength(1);
    const openTransactions = async () =>
      (
        await queryRows<{ n: number }>(
          store.db,
          sql`select count(*)::int as n from pg_stat_activity
              where datname = current_database() and state like 'idle in transaction%'`,
        )
      )[0]?.n;
    let open = await openTransactions();
    for (let i = 0; i < 50 && open !== 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      open = await openTransactions();
    }
    expect(open).toBe(0);
    const rows = await readInOrg(store.db, orgB, (tx) =>
      queryRows<{ org: string; readOnly: string }>(
        tx,
        sql`select current_setting('app.org_id') as org, current_setting('transaction_read_only') as "readOnly"`,
      ),
    );
    expect(rows).toEqual([{ org: orgB, readOnly: 'on' }]);
  });
});
