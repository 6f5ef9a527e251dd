import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompanyTestApp, PROFILE, type Role } from '../modules/company/company.test-kit.ts';
import type { TestApp } from './test-app.ts';

// Every list that pages by a cursor refuses one it did not give out with 400 INVALID_CURSOR,
// including cursors shaped like its own whose day does not exist: such a day must not reach the
// database, which would fail on it (a 500).

let t: TestApp;
let as: (role: Role) => { key: string };
beforeAll(async () => {
  ({ t, as } = await createCompanyTestApp());
  await t.call('PUT', '/api/company', PROFILE, as('owner'));
}, 60_000);
afterAll(() => t.close());

const b64 = (text: string) => Buffer.from(text).toString('base64url');

const forged: [string, string][] = [
  ['/api/ledger/entries', b64('2026-02-30|jrn_0123456789abcdef')],
  ['/api/ledger/entries', 'nonsense'],
  ['/api/ledger/exchange-rates', b64(JSON.stringify(['EUR', 'GBP', '2026-02-30']))],
  ['/api/ledger/exchange-rates', b64(JSON.stringify(['EUR', 'GBP', 'yesterday']))],
  ['/api/sales/invoices', '2026-02-30|inv_x'],
  ['/api/purchasing/bills', '2026-02-30|bil_x'],
  ['/api/purchasing/bills', 'nonsense'],
];

describe('forged cursors', () => {
  for (const [path, cursor] of forged)
    it(`${path} refuses ${cursor}`, async () => {
      const r = await t.call('GET', `${path}?cursor=${encodeURIComponent(cursor)}`, undefined, as('owner'));
      expect([r.status, r.body.error?.code]).toEqual([400, 'INVALID_CURSOR']);
    });
});
