import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../db/client.ts';
import { createLedgerOrg, type LedgerOrg } from '../modules/ledger/ledger.test-kit.ts';
import type { Services } from '../services.ts';
import { createCliTestServices, runCli } from './cli.test-kit.ts';

// `ordo ledger verify` proves the books from what is stored: it passes on honest books and exits 1,
// naming the place, when a posted line or a rollup was changed behind the ledger's back.

let svc: Services;
let org: LedgerOrg;

/** Changes stored rows the way an intruder with the database superuser would: triggers off. */
async function tamper(statement: ReturnType<typeof sql>) {
  await svc.store.db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(statement);
  });
}

beforeAll(async () => {
  svc = await createCliTestServices();
  org = await createLedgerOrg(svc.store);
  for (const [date, pence] of [
    ['2026-01-15', 12_000],
    ['2026-02-03', 4_550],
    ['2026-02-28', 99],
  ] as const)
    await org.post({
      date,
      description: `Sale ${date}`,
      lines: [
        { accountId: org.accounts.find((a) => a.subtype === 'bank')!.id, amount: BigInt(pence) },
        { accountId: org.accounts.find((a) => a.type === 'income')!.id, amount: BigInt(-pence) },
      ],
    });
}, 60_000);
afterAll(() => svc.close());

describe('ordo ledger verify', () => {
  it('reports honest books as OK with what it checked', async () => {
    const run = await runCli(svc, ['ledger', 'verify', '--org', org.slug]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe(
      `OK ${org.slug}: 3 posted entries, 6 lines, 4 monthly rollups; chain, balances and rollups agree`,
    );
  });

  it('names an unknown organization and exits non-zero', async () => {
    const run = await runCli(svc, ['ledger', 'verify', '--org', 'no-such-org']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/No organization with the slug "no-such-org"/);
  });

  it('finds a rollup that no longer equals its lines', async () => {
    await tamper(sql`update ledger_balance set amount = amount + 1
      where org_id = ${org.orgId} and month = '2026-02-01' and amount > 0`);
    const run = await runCli(svc, ['ledger', 'verify', '--org', org.slug]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      new RegExp(
        `^BROKEN ${org.slug}: rollup: balance rollup of .+ for 2026-02 in GBP: stored 46.50 GBP, the lines sum to 46.49 GBP`,
      ),
    );
    await tamper(sql`update ledger_balance set amount = amount - 1
      where org_id = ${org.orgId} and month = '2026-02-01' and amount > 0`);
    expect((await runCli(svc, ['ledger', 'verify', '--org', org.slug])).code).toBe(0);
  });

  it('finds a posted line changed after posting, by its entry number', async () => {
    await tamper(sql`update journal_line set amount = amount * 2
      where org_id = ${org.orgId} and entry_id = (
        select id from journal_entry where org_id = ${org.orgId} and seq = 2)`);
    const run = await runCli(svc, ['ledger', 'verify']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      new RegExp(
        `BROKEN ${org.slug}: chain: entry #2 \\(je_\\w+\\): content does not match its hash .*\\(1 entry verified before it\\)`,
      ),
    );
  });
});
