import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../db/client.ts';
import { createTestStore } from '../../db/test-db.ts';
import { createScheduler } from '../../jobs/index.ts';
import { jobRun, jobSchedule } from '../../jobs/jobs.table.ts';
import { refusal } from '../ledger/ledger.test-kit.ts';
import { createCustomer } from './customer.service.ts';
import { salesDocumentMessage } from './document-message.table.ts';
import { voidInvoice } from './invoice.service.ts';
import { startSmtpSink } from './mail.test-kit.ts';
import { recordPayment } from './payment.service.ts';
import type { ReminderStep } from './reminder.domain.ts';
import {
  listInvoiceReminders,
  reminderSettingsOf,
  setReminderOptOut,
  updateReminderSettings,
} from './reminder.service.ts';
import { salesReminder } from './reminder.table.ts';
import { runReminders } from './reminder-run.service.ts';
import { SALES_SCHEDULES, salesJobHandlers } from './sales.jobs.ts';
import { createSalesOrg, type SalesOrg } from './sales.test-kit.ts';

// Payment reminders on the real store, outbox and a real SMTP server: steps before, on and after
// the due date and repeating, each once per invoice however often or concurrently the run goes;
// opted-out customers and customers without an address logged as skipped; settled invoices none.

let store: Store;
let dataDir: string;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
const deliver = () => smtp.deliver();

beforeAll(async () => {
  store = await createTestStore();
  dataDir = mkdtempSync(path.join(tmpdir(), 'ordo-reminders-'));
  smtp = await startSmtpSink(store, dataDir);
});
afterAll(async () => {
  await smtp.close();
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const t = (offset: string) => ({
  subject: `${offset}: {{invoice.number}} for {{customer.name}}, {{invoice.amountDue}} due {{invoice.dueDate}}`,
  body: 'Dear {{customer.name}}, {{daysOverdue}} days overdue. {{company.name}}',
});
const STEPS: ReminderStep[] = [
  { offsetDays: -3, ...t('before') },
  { offsetDays: 0, ...t('today') },
  { offsetDays: 7, ...t('late') },
  { repeatEveryDays: 14, maxRepeats: null, ...t('again') },
];

/** An organization with reminders on and three customers, each with an invoice of 1 March due 31 March. */
async function setup() {
  const org = await createSalesOrg(store);
  await org.run((tx) => updateReminderSettings(tx, org.owner, { enabled: true, steps: STEPS }));
  const customer = (name: string, email: string | null) =>
    org.run((tx) =>
      createCustomer(tx, org.owner, {
        name,
        email,
        paymentTermsDays: 30,
        defaultTaxRateId: org.standard.id,
      }),
    );
  const payer = await customer('Payer plc', 'ap@payer.test');
  const refuser = await customer('Refuser Ltd', 'ap@refuser.test');
  const silent = await customer('Silent Partners', null);
  await org.run((tx) => setReminderOptOut(tx, org.owner, refuser.id, true, 'Pays by direct debit'));
  const invoice = (customerId: string) => org.issue('2026-03-01', [['1', 10_000]], { customerId });
  return {
    org,
    payer,
    refuser,
    silent,
    invoices: {
      payer: await invoice(payer.id),
      refuser: await invoice(refuser.id),
      silent: await invoice(silent.id),
    },
  };
}

const run = (org: SalesOrg, date: string, dryRun = false) =>
  runReminders(store.db, org.orgId, { date, dryRun });
const summary = (result: Awaited<ReturnType<typeof run>>) =>
  result.items.map((i) => [i.customerName, i.step, i.status, i.reason]);
const logged = async (org: SalesOrg) =>
  (
    await org.run((tx) =>
      tx.select({ n: count() }).from(salesReminder).where(eq(salesReminder.orgId, org.orgId)),
    )
  )[0]!.n;

describe('payment reminders', () => {
  it('before, on and after the due date, then repeating; each step once; skipped ones logged with the reason', async () => {
    const { org, invoices } = await setup();
    expect((await run(org, '2026-03-27')).items).toEqual([]);

    const before = await run(org, '2026-03-28');
    expect(summary(before)).toEqual([
      ['Payer plc', 'due-3', 'sent', null],
      ['Refuser Ltd', 'due-3', 'skipped', 'opted_out'],
      ['Silent Partners', 'due-3', 'skipped', 'no_email'],
    ]);
    expect(before.items[0]!.to).toEqual(['ap@payer.test']);
    // The same day again, and two runs at once: nothing more.
    expect((await run(org, '2026-03-28')).items).toEqual([]);
    await Promise.all([run(org, '2026-03-29'), run(org, '2026-03-29')]);
    expect(await logged(org)).toBe(3);

    const mails = await deliver();
    expect(mails.map((m) => [m.to, m.subject])).toEqual([
      [['ap@payer.test'], `before: ${invoices.payer.number} for Payer plc, £120.00 due 31 Mar 2026`],
    ]);
    expect(mails[0]!.raw).toContain('Content-Type: application/pdf');

    expect(summary(await run(org, '2026-03-31')).filter((r) => r[0] === 'Payer plc')).toEqual([
      ['Payer plc', 'due+0', 'sent', null],
    ]);
    expect(summary(await run(org, '2026-04-07')).filter((r) => r[0] === 'Payer plc')).toEqual([
      ['Payer plc', 'due+7', 'sent', null],
    ]);
    expect((await run(org, '2026-04-20')).items).toEqual([]);
    expect(summary(await run(org, '2026-04-21')).filter((r) => r[0] === 'Payer plc')).toEqual([
      ['Payer plc', 'repeat-1', 'sent', null],
    ]);
    expect((await deliver()).map((m) => m.to)).toEqual([
      ['ap@payer.test'],
      ['ap@payer.test'],
      ['ap@payer.test'],
    ]);

    const log = await org.run((tx) => listInvoiceReminders(tx, org.orgId, invoices.payer.id));
    expect(log.map((r) => [r.step, r.stepDate, r.status, r.delivery])).toEqual([
      ['due-3', '2026-03-28', 'sent', 'sent'],
      ['due+0', '2026-03-31', 'sent', 'sent'],
      ['due+7', '2026-04-07', 'sent', 'sent'],
      ['repeat-1', '2026-04-21', 'sent', 'sent'],
    ]);
    const messages = await org.run((tx) =>
      tx
        .select({ kind: salesDocumentMessage.kind, step: salesDocumentMessage.reminderStep })
        .from(salesDocumentMessage)
        .where(
          and(
            eq(salesDocumentMessage.orgId, org.orgId),
            eq(salesDocumentMessage.documentId, invoices.payer.id),
          ),
        ),
    );
    expect(messages.map((m) => [m.kind, m.step]).sort()).toEqual([
      ['reminder', 'due+0'],
      ['reminder', 'due+7'],
      ['reminder', 'due-3'],
      ['reminder', 'repeat-1'],
    ]);
  });

  it('paid and voided invoices get none; a dry run writes nothing; turned off, nothing at all', async () => {
    const { org, payer, invoices } = await setup();
    await org.run((tx) =>
      recordPayment(tx, org.owner, {
        customerId: payer.id,
        date: '2026-03-20',
        amount: 12_000,
        accountId: org.account.bank,
        allocations: [{ invoiceId: invoices.payer.id, amount: 12_000 }],
      }),
    );
    await org.run((tx) => voidInvoice(tx, org.owner, invoices.silent.id, { date: '2026-03-20' }));
    const dry = await run(org, '2026-04-07', true);
    expect([dry.dryRun, summary(dry)]).toEqual([true, [['Refuser Ltd', 'due+7', 'skipped', 'opted_out']]]);
    expect(await logged(org)).toBe(0);
    expect(summary(await run(org, '2026-04-07'))).toEqual([['Refuser Ltd', 'due+7', 'skipped', 'opted_out']]);
    // Only the current step after days without a run, never the ones it passed.
    expect(await logged(org)).toBe(1);

    await org.run((tx) => updateReminderSettings(tx, org.owner, { enabled: false, steps: STEPS }));
    expect(await run(org, '2026-05-30')).toEqual({
      date: '2026-05-30',
      enabled: false,
      dryRun: false,
      items: [],
    });
  });

  it('refuses an unknown placeholder or two steps on one day by field, leaving the settings as they were', async () => {
    const org = await createSalesOrg(store);
    const before = await org.run((tx) => reminderSettingsOf(tx, org.orgId));
    expect(before.enabled).toBe(false);
    const typo = [STEPS[0]!, { offsetDays: 0, subject: 'x', body: 'Owed: {{invoice.amountOwed}}' }];
    const error = await refusal(
      org.run((tx) => updateReminderSettings(tx, org.owner, { enabled: true, steps: typo })),
    );
    expect([error.code, error.details]).toEqual([
      'UNKNOWN_PLACEHOLDER',
      { field: 'steps.1.body', placeholder: 'invoice.amountOwed' },
    ]);
    const twice = await refusal(
      org.run((tx) =>
        updateReminderSettings(tx, org.owner, { enabled: true, steps: [STEPS[0]!, STEPS[0]!] }),
      ),
    );
    expect([twice.code, twice.details.field]).toEqual(['DUPLICATE_REMINDER_STEP', 'steps.1.offsetDays']);
    expect(await org.run((tx) => reminderSettingsOf(tx, org.orgId))).toEqual(before);
    const member = await refusal(
      org.run((tx) => updateReminderSettings(tx, org.as('manager'), { enabled: true, steps: STEPS })),
    );
    expect(member.code).toBe('FORBIDDEN');
  });

  it('the daily job catching up several missed days sends the current step once', async () => {
    const { org, invoices } = await setup();
    await store.db.delete(jobRun);
    await store.db.delete(jobSchedule);
    let now = new Date('2026-03-27T07:00:00Z');
    const scheduler = createScheduler(store, {
      handlers: salesJobHandlers(store, { now: () => now }),
      now: () => now,
    });
    for (const job of SALES_SCHEDULES) await scheduler.upsertSchedule({ ...job, startsAt: now });
    now = new Date('2026-04-09T07:00:00Z'); // down from 27 March to 9 April
    await scheduler.tick();
    const log = await org.run((tx) => listInvoiceReminders(tx, org.orgId, invoices.payer.id));
    expect(log.map((r) => [r.step, r.runDate, r.status])).toEqual([['due+7', '2026-04-09', 'sent']]);
    expect((await scheduler.list()).find((s) => s.name === 'sales.reminders')).toMatchObject({
      lastStatus: 'succeeded',
      missedCount: 13,
    });
  });
});
