import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Store, sql } from './client.ts';
import { PgArray, textArray } from './pg-array.ts';
import { createTestStore } from './test-db.ts';

// Array literals are how bulk writes send a batch's columns: whatever text goes in must come back
// out of `unnest` unchanged, in order, on both stores.

let store: Store;
beforeAll(async () => {
  store = await createTestStore();
}, 60_000);
afterAll(() => store.close());

const unnested = async (literal: string, type: 'text' | 'bigint' | 'int' | 'date') =>
  (
    await queryRows<{ v: string | null; n: number }>(
      store.db,
      sql`select u.v::text as v, u.n::int as n
        from unnest(${literal}::${sql.raw(type)}[]) with ordinality as u(v, n) order by u.n`,
    )
  ).map((r) => r.v);

describe('PostgreSQL array literals', () => {
  it('carry any text, null and the word NULL apart, quotes, backslashes, braces, commas, blanks', async () => {
    const values = [
      '',
      'NULL',
      null,
      'a "quoted" \\ back\\\\slash',
      '{braces},commas',
      ' spaces ',
      'ünï €\n\t',
    ];
    expect(await unnested(textArray(values), 'text')).toEqual(values);
  });

  it('carry numbers and dates as written', async () => {
    const big = new PgArray();
    for (const n of [0n, -1n, 9_007_199_254_740_993n, -9_223_372_036_854_775_808n]) big.pushNumber(n);
    expect(await unnested(big.text(), 'bigint')).toEqual([
      '0',
      '-1',
      '9007199254740993',
      '-9223372036854775808',
    ]);
    const dates = new PgArray();
    dates.push('2024-02-29');
    dates.push('0001-01-01');
    expect(await unnested(dates.text(), 'date')).toEqual(['2024-02-29', '0001-01-01']);
    expect(dates.length).toBe(2);
  });

  it('round-trip arbitrary strings', async () => {
    // PostgreSQL text holds no NUL character; everything else must survive.
    const text = fc.string({ unit: 'grapheme' }).map((s) => s.replaceAll('\u0000', ''));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(text), { maxLength: 20 }), async (values) => {
        expect(await unnested(textArray(values), 'text')).toEqual(values);
      }),
      { numRuns: 50 },
    );
  });
});
