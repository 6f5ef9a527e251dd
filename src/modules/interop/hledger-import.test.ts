import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../db/client.ts';
import { createTestStore } from '../../db/test-db.ts';
import { verifyLedger } from '../ledger/index.ts';
import { hledgerBalance, newOrg, ourTrialBalance, TESTDATA } from './interop.test-kit.ts';

let store: Store;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(() => store.close());

describe('importing hledger journals', () => {
  it('imports sample.journal and matches hledger', async () => {
    const org = await newOrg(store);
    const file = path.join(TESTDATA, 'sample.journal');
    const result = await org.import(file);
    expect(result).toMatchObject({ imported: true, entries: 5, baseCurrency: 'USD' });
    expect(await ourTrialBalance(store, org.orgId)).toEqual(hledgerBalance(file));
    expect(await verifyLedger(store.db, org.orgId)).toMatchObject({ ok: true, entries: 5 });
  });
});
