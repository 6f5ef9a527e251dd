import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../db/client.ts';
import { createTestStore } from '../../db/test-db.ts';
import { createScheduler } from '../../jobs/index.ts';
import { jobRun, jobSchedule } from '../../jobs/jobs.table.ts';
import { setLockDates } from '../ledger/index.ts';
import { refusal } from '../ledger/ledger.test-kit.ts';
import { createCustomer, updateCustomer } from './customer.service.ts';
import { startSmtpSink } from './mail.test-kit.ts';
import {
  createRecurringInvoice,
  getRecurringInvoice,
  type RecurringInput,
  setRecurringStatus,
} from './recurring.service.ts';
import { salesRecurringRun } from './recurring.table.ts';
import { retryRecurringRun, runAllDueRecurringInvoices } from './recurring-run.service.ts';
import { SALES_SCHEDULES, salesJobHandlers } from './sales.jobs.ts';
import { salesDocument } from './sales.table.ts';
import { createSalesOrg, type SalesOrg } from './sales.test-kit.ts';

// Recurring invoices on the real scheduler and store: catch-up after downtime creates each missed
// occurrence once and in order, however many ticks race; refusals are logged and do not block.

let store: Store;
let dataDir: string;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
beforeAll(async () => {
  store = await createTestStore();
  dataDir = mkdtempSync(path.join(tmpdir(), 'ordo-recurring-'));
  smtp = await startSmtpSink(store, dataDir);
});
afterAll(async () => {
  await smtp.close();
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(async () => {
  await store.db.delete(jobRun);
  await store.db.delete(jobSchedule);
});

function clock(start: string) {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (at: string) => {
      t = new Date(at).getTime();
    },
  };
}

const input = (org: SalesOrg, extra: Partial<RecurringInput> = {}): RecurringInput => ({
  customerId: org.customer.id,
  lines: [{ name: 'Support plan', quantity: '1', unitPrice: 50_000 }],
  preset: { kind: 'monthly', dayOfMonth: 1 },
  startDate: '2026-01-01',
  mode: 'issue',
  ...extra,
});
const create = (org: SalesOrg, extra: Partial<RecurringInput> = {}, today = '2026-01-01') =>
  org.run((tx) => createRecurringInvoice(tx, org.owner, input(org, extra), today));

const invoices = (org: SalesOrg) =>
  org.run((tx) =>
    tx
      .select({
        id: salesDocument.id,
        number: salesDocument.number,
        issueDate: salesDocument.issueDate,
        status: salesDocument.status,
        total: salesDocument.taxInclusiveAmount,
      })
      .from(salesDocument)
      .where(and(eq(salesDocument.orgId, org.orgId), eq(salesDocument.type, 'invoice')))
      .orderBy(asc(salesDocument.issueDate), asc(salesDocument.id)),
  );
const runs = (org: SalesOrg, scheduleId: string) =>
  org.run((tx) =>
    tx
      .select()
      .from(salesRecurringRun)
      .where(and(eq(salesRecurringRun.orgId, org.orgId), eq(salesRecurringRun.scheduleId, scheduleId)))
      .orderBy(asc(salesRecurringRun.occurrenceDate)),
  );
const schedule = (org: SalesOrg, id: string) => org.run((tx) => getRecurringInvoice(tx, org.orgId, id));

describe('recurring invoices on the scheduler', () => {
  it('after downtime creates each missed occurrence once, in order; later and racing ticks add nothing', async () => {
    const org = await createSalesOrg(store);
    const c = clock('2026-01-01T00:00:00Z');
    const s = await create(org);
    expect(s.nextDate).toBe('2026-01-01');
    const scheduler = () =>
      createScheduler(store, { handlers: salesJobHandlers(store, { now: c.now }), now: c.now });
    const a = scheduler();
    for (const job of SALES_SCHEDULES) await a.upsertSchedule({ ...job, startsAt: c.now() });

    c.set('2026-01-01T00:06:00Z');
    await a.tick();
    expect((await invoices(org)).map((i) => [i.number, i.issueDate, i.status])).toEqual([
      ['INV-2026-0001', '2026-01-01', 'issued'],
    ]);

    c.set('2026-04-15T09:30:00Z'); // down since January
    await a.tick();
    const caughtUp = await invoices(org);
    // Numbers follow the occurrence dates: the backlog was created oldest first.
    expect(caughtUp.map((i) => [i.number, i.issueDate])).toEqual([
      ['INV-2026-0001', '2026-01-01'],
      ['INV-2026-0002', '2026-02-01'],
      ['INV-2026-0003', '2026-03-01'],
      ['INV-2026-0004', '2026-04-01'],
    ]);
    expect(caughtUp.every((i) => i.total === 60_000n)).toBe(true);
    expect((await runs(org, s.id)).map((r) => [r.occurrenceDate, r.status, r.documentId])).toEqual(
      caughtUp.map((i) => [i.issueDate, 'succeeded', i.id]),
    );
    expect((await a.list())[0]).toMatchObject({ name: 'sales.recurring-invoices', lastStatus: 'succeeded' });
    expect((await a.list())[0]!.missedCount).toBeGreaterThan(90);

    await a.tick();
    await Promise.all([
      a.tick(),
      scheduler().tick(),
      runAllDueRecurringInvoices(store.db, '2026-04-15'),
      runAllDueRecurringInvoices(store.db, '2026-04-15'),
    ]);
    expect(await invoices(org)).toHaveLength(4);

    // The next occurrence with two servers and two direct runs racing for it: made once.
    c.set('2026-05-01T00:05:00Z');
    await Promise.all([
      a.tick(),
      scheduler().tick(),
      runAllDueRecurringInvoices(store.db, '2026-05-01'),
      runAllDueRecurringInvoices(store.db, '2026-05-01'),
    ]);
    expect((await invoices(org)).map((i) => i.number)).toEqual([
      'INV-2026-0001',
      'INV-2026-0002',
      'INV-2026-0003',
      'INV-2026-0004',
      'INV-2026-0005',
    ]);
    expect(await schedule(org, s.id)).toMatchObject({
      lastDate: '2026-05-01',
      lastStatus: 'succeeded',
      nextDate: '2026-06-01',
      createdCount: 5,
      failedCount: 0,
    });
  });

  it('several due occurrences raced by parallel runs are each created once', async () => {
    const org = await createSalesOrg(store);
    const s = await create(org, { preset: { kind: 'weekly' }, mode: 'draft' });
    await Promise.all(Array.from({ length: 4 }, () => runAllDueRecurringInvoices(store.db, '2026-03-01')));
    const made = await invoices(org);
    // Thursdays from 1 January to 26 February: nine.
    expect(made.map((i) => i.issueDate)).toEqual([
      '2026-01-01',
      '2026-01-08',
      '2026-01-15',
      '2026-01-22',
      '2026-01-29',
      '2026-02-05',
      '2026-02-12',
      '2026-02-19',
      '2026-02-26',
    ]);
    expect(made.every((i) => i.status === 'draft' && i.number === null)).toBe(true);
    expect((await runs(org, s.id)).length).toBe(9);
  });
});

describe('series and refusals', () => {
  it('last business day of the month, weekend month-ends moved back', async () => {
    const org = await createSalesOrg(store);
    await create(org, { preset: { kind: 'last_business_day' }, mode: 'draft' });
    await runAllDueRecurringInvoices(store.db, '2026-06-30', {}, { orgId: org.orgId });
    expect((await invoices(org)).map((i) => i.issueDate)).toEqual([
      '2026-01-30',
      '2026-02-27',
      '2026-03-31',
      '2026-04-30',
      '2026-05-29',
      '2026-06-30',
    ]);
  });

  it('honours count and end date; an ended series has no next date', async () => {
    const org = await createSalesOrg(store);
    const counted = await create(org, { count: 2, mode: 'draft' });
    const ended = await create(org, {
      endDate: '2026-03-15',
      mode: 'draft',
      preset: { kind: 'monthly', dayOfMonth: 15 },
    });
    await runAllDueRecurringInvoices(store.db, '2026-12-31', {}, { orgId: org.orgId });
    expect((await runs(org, counted.id)).map((r) => r.occurrenceDate)).toEqual(['2026-01-01', '2026-02-01']);
    expect((await runs(org, ended.id)).map((r) => r.occurrenceDate)).toEqual([
      '2026-01-15',
      '2026-02-15',
      '2026-03-15',
    ]);
    for (const id of [counted.id, ended.id]) expect((await schedule(org, id)).nextDate).toBeNull();
  });

  it('a refused issue is logged with its draft and does not block the next occurrence; retry finishes it', async () => {
    const org = await createSalesOrg(store);
    await org.run((tx) =>
      setLockDates(tx, org.owner, { lockDate: '2026-02-15', nonAccountantLockDate: null }),
    );
    const s = await create(org, { startDate: '2026-02-01' }, '2026-02-01');
    await runAllDueRecurringInvoices(store.db, '2026-03-05', {}, { orgId: org.orgId });
    const [feb, mar] = await runs(org, s.id);
    expect(feb).toMatchObject({ occurrenceDate: '2026-02-01', status: 'failed', errorCode: 'PERIOD_LOCKED' });
    expect(mar).toMatchObject({ occurrenceDate: '2026-03-01', status: 'succeeded', errorCode: null });
    expect((await invoices(org)).map((i) => [i.id, i.status, i.number])).toEqual([
      [feb!.documentId, 'draft', null],
      [mar!.documentId, 'issued', 'INV-2026-0001'],
    ]);
    expect(await schedule(org, s.id)).toMatchObject({
      lastStatus: 'succeeded',
      createdCount: 2,
      failedCount: 1,
      nextDate: '2026-04-01',
    });

    // Still locked: the retry fails again, nothing else changes.
    await org.run((tx) => retryRecurringRun(tx, org.owner, s.id, '2026-02-01'));
    expect((await runs(org, s.id))[0]).toMatchObject({ status: 'failed', attempts: 2 });
    await org.run((tx) => setLockDates(tx, org.owner, { lockDate: null, nonAccountantLockDate: null }));
    const retried = await org.run((tx) => retryRecurringRun(tx, org.owner, s.id, null)); // the latest failed
    expect(retried).toMatchObject({
      status: 'succeeded',
      documentId: feb!.documentId,
      attempts: 3,
      errorCode: null,
    });
    expect((await invoices(org)).map((i) => [i.issueDate, i.status, i.number])).toEqual([
      ['2026-02-01', 'issued', 'INV-2026-0002'],
      ['2026-03-01', 'issued', 'INV-2026-0001'],
    ]);
    expect(await schedule(org, s.id)).toMatchObject({ createdCount: 2, failedCount: 0 });
    expect((await refusal(org.run((tx) => retryRecurringRun(tx, org.owner, s.id, '2026-02-01')))).code).toBe(
      'RECURRING_RUN_NOT_FAILED',
    );
  });

  it('occurrences while paused are skipped; resuming continues from today', async () => {
    const org = await createSalesOrg(store);
    const s = await create(org, { mode: 'draft' });
    await runAllDueRecurringInvoices(store.db, '2026-01-10', {}, { orgId: org.orgId });
    await org.run((tx) => setRecurringStatus(tx, org.owner, s.id, 'paused', '2026-01-10'));
    await runAllDueRecurringInvoices(store.db, '2026-03-10', {}, { orgId: org.orgId });
    expect(await invoices(org)).toHaveLength(1);
    const resumed = await org.run((tx) => setRecurringStatus(tx, org.owner, s.id, 'active', '2026-03-10'));
    expect(resumed.nextDate).toBe('2026-04-01');
    await runAllDueRecurringInvoices(store.db, '2026-04-01', {}, { orgId: org.orgId });
    expect((await invoices(org)).map((i) => i.issueDate)).toEqual(['2026-01-01', '2026-04-01']);
  });

  it('refuses a bad template, rule or mode by field, with nothing written', async () => {
    const org = await createSalesOrg(store);
    const before = await org.snapshot();
    const refusals: [Partial<RecurringInput>, string, string][] = [
      [
        { lines: [{ name: 'x', quantity: '1', unitPrice: 1, taxRateId: 'txr_nope' }] },
        'UNKNOWN_TAX_RATE',
        'lines.0.taxRateId',
      ],
      [{ lines: [{ name: 'x', quantity: '-1', unitPrice: 1 }] }, 'NEGATIVE_QUANTITY', 'lines.0.quantity'],
      [{ customerId: 'cus_nope' }, 'CUSTOMER_NOT_FOUND', 'customerId'],
      [{ preset: null, rrule: 'FREQ=HOURLY' }, 'INVALID_RRULE', 'rrule'],
      [{ rrule: 'FREQ=DAILY' }, 'PRESET_OR_RRULE', 'rrule'],
      [{ endDate: '2025-12-31' }, 'END_BEFORE_START', 'endDate'],
      [{ mode: 'issue_and_send' }, 'CUSTOMER_EMAIL_REQUIRED', 'mode'],
    ];
    for (const [extra, code, field] of refusals) {
      const error = await refusal(create(org, extra));
      expect([error.code, error.details.field]).toEqual([code, field]);
    }
    expect(await org.snapshot()).toEqual(before);
    const member = org.as('member');
    const forbidden = await refusal(
      org.run((tx) => createRecurringInvoice(tx, member, input(org), '2026-01-01')),
    );
    expect(forbidden.code).toBe('FORBIDDEN');
  });
});

describe('issue and send', () => {
  it('emails each occurrence’s invoice once, with its PDF; a customer without an address is a logged failure', async () => {
    const org = await createSalesOrg(store);
    const client = await org.run((tx) =>
      createCustomer(tx, org.owner, {
        name: 'Mailable Ltd',
        email: 'ap@mailable.test',
        paymentTermsDays: 14,
        defaultTaxRateId: org.standard.id,
      }),
    );
    const s = await create(org, {
      customerId: client.id,
      mode: 'issue_and_send',
      preset: { kind: 'weekly' },
    });
    await Promise.all([
      runAllDueRecurringInvoices(store.db, '2026-01-20', {}, { orgId: org.orgId }),
      runAllDueRecurringInvoices(store.db, '2026-01-20', {}, { orgId: org.orgId }),
    ]);
    const made = await invoices(org);
    expect(made.map((i) => [i.issueDate, i.number, i.status])).toEqual([
      ['2026-01-01', 'INV-2026-0001', 'issued'],
      ['2026-01-08', 'INV-2026-0002', 'issued'],
      ['2026-01-15', 'INV-2026-0003', 'issued'],
    ]);
    const mails = await smtp.deliver();
    // One each; the order of delivery is the outbox's (transactions' start), not the issue order.
    expect(mails.map((m) => [m.to, m.subject]).sort()).toEqual(
      made.map((i) => [['ap@mailable.test'], `Invoice ${i.number} from Ledger Test Ltd`]),
    );
    expect(mails.every((m) => m.raw.includes('Content-Type: application/pdf'))).toBe(true);
    expect(await smtp.deliver()).toEqual([]);

    await org.run((tx) => updateCustomer(tx, org.owner, client.id, { email: null }));
    await runAllDueRecurringInvoices(store.db, '2026-01-22', {}, { orgId: org.orgId });
    const [last] = (await runs(org, s.id)).slice(-1);
    expect(last).toMatchObject({
      occurrenceDate: '2026-01-22',
      status: 'failed',
      errorCode: 'RECIPIENT_REQUIRED',
    });
    // Issued all the same (the books are right); only the mail is missing, and retry sends it.
    expect((await invoices(org)).at(-1)).toMatchObject({
      id: last!.documentId,
      status: 'issued',
      number: 'INV-2026-0004',
    });
    await org.run((tx) => updateCustomer(tx, org.owner, client.id, { email: 'new@mailable.test' }));
    expect(await org.run((tx) => retryRecurringRun(tx, org.owner, s.id, null))).toMatchObject({
      status: 'succeeded',
    });
    expect((await smtp.deliver()).map((m) => [m.to, m.subject])).toEqual([
      [['new@mailable.test'], 'Invoice INV-2026-0004 from Ledger Test Ltd'],
    ]);
  });
});
