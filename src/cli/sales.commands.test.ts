import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomer } from '../modules/sales/customer.service.ts';
import { createRecurringInvoice } from '../modules/sales/recurring.service.ts';
import { runAllDueRecurringInvoices } from '../modules/sales/recurring-run.service.ts';
import { DEFAULT_STEPS } from '../modules/sales/reminder.domain.ts';
import { updateReminderSettings } from '../modules/sales/reminder.service.ts';
import { createSalesOrg, type SalesOrg } from '../modules/sales/sales.test-kit.ts';
import type { Services } from '../services.ts';
import { createCliTestServices, runCli } from './cli.test-kit.ts';

// `ordo recurring list` and `ordo reminders run` against a real store: what a bookkeeper reads.

let svc: Services;
let org: SalesOrg;

beforeAll(async () => {
  svc = await createCliTestServices();
  org = await createSalesOrg(svc.store);
  const lines = [{ name: 'Retainer', quantity: '1', unitPrice: 100_000 }];
  await org.run((tx) =>
    createRecurringInvoice(
      tx,
      org.owner,
      {
        customerId: org.customer.id,
        lines,
        preset: { kind: 'monthly', dayOfMonth: 1 },
        startDate: '2026-01-01',
        mode: 'issue',
      },
      '2026-01-01',
    ),
  );
  await org.run((tx) =>
    createRecurringInvoice(
      tx,
      org.owner,
      {
        name: 'Month-end hosting',
        customerId: org.customer.id,
        lines,
        preset: { kind: 'last_business_day' },
        startDate: '2026-01-01',
        count: 2,
      },
      '2026-01-01',
    ),
  );
  await runAllDueRecurringInvoices(svc.store.db, '2026-03-15', {}, { orgId: org.orgId });
}, 60_000);
afterAll(() => svc.close());

describe('ordo recurring list', () => {
  it('shows each schedule with its rule in words, last run, next run and status', async () => {
    const run = await runCli(svc, ['recurring', 'list', '--org', org.slug]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^SCHEDULE\s+CUSTOMER\s+RULE\s+MODE\s+LAST RUN\s+NEXT RUN\s+STATUS\s+INVOICES$/);
    expect(lines.slice(1).map((l) => l.split(/\s{2,}/))).toEqual([
      [
        'Globex Ltd: monthly on the 1st',
        'Globex Ltd',
        'monthly on the 1st',
        'issue',
        '2026-03-01 succeeded',
        '2026-04-01',
        'active',
        '3',
      ],
      [
        'Month-end hosting',
        'Globex Ltd',
        'last business day of the month',
        'draft',
        '2026-02-27 succeeded',
        '-',
        'ended',
        '2',
      ],
    ]);
    const json = await runCli(svc, ['recurring', 'list', '--org', org.slug, '--json']);
    expect(JSON.parse(json.stdout).map((s: { status: string }) => s.status)).toEqual(['active', 'ended']);
  });
});

describe('ordo reminders run', () => {
  it('says when reminders are off, lists with --dry-run, then sends once', async () => {
    const off = await runCli(svc, ['reminders', 'run', '--org', org.slug, '--date', '2026-03-29']);
    expect(off.stdout).toMatch(/^Reminders are off for /);
    const payer = await org.run((tx) =>
      createCustomer(tx, org.owner, {
        name: 'Payer plc',
        email: 'ap@payer.test',
        paymentTermsDays: 30,
        defaultTaxRateId: org.standard.id,
      }),
    );
    const invoice = await org.issue('2026-03-01', [['1', 10_000]], { customerId: payer.id });
    await org.run((tx) => updateReminderSettings(tx, org.owner, { enabled: true, steps: DEFAULT_STEPS }));

    const dry = await runCli(svc, [
      'reminders',
      'run',
      '--org',
      org.slug,
      '--date',
      '2026-03-28',
      '--dry-run',
    ]);
    expect(dry.code).toBe(0);
    const table = (stdout: string) =>
      stdout
        .split('\n')
        .slice(1, -1)
        .map((l) => l.split(/\s{2,}/));
    // The recurring invoices to Globex (no email) are due too: each at its own step, skipped.
    expect(table(dry.stdout)).toEqual([
      ['INV-2026-0001', 'Globex Ltd', 'repeat-3', 'skipped (no_email)', '-'],
      ['INV-2026-0002', 'Globex Ltd', 'repeat-1', 'skipped (no_email)', '-'],
      ['INV-2026-0003', 'Globex Ltd', 'due-3', 'skipped (no_email)', '-'],
      [invoice.number, 'Payer plc', 'due-3', 'would send', 'ap@payer.test'],
    ]);
    expect(dry.stdout.split('\n').at(-1)).toBe(
      'Dry run for 2026-03-28: would send 1 reminder, skip 3; nothing written.',
    );

    const sent = await runCli(svc, ['reminders', 'run', '--org', org.slug, '--date', '2026-03-28']);
    expect(table(sent.stdout).map((r) => r[3])).toEqual([
      'skipped (no_email)',
      'skipped (no_email)',
      'skipped (no_email)',
      'sent',
    ]);
    expect(sent.stdout.split('\n').at(-1)).toBe(
      '2026-03-28: sent 1 reminder (mailed after commit through the outbox), skipped 3.',
    );
    const again = await runCli(svc, ['reminders', 'run', '--org', org.slug, '--date', '2026-03-28']);
    expect(again.stdout).toBe(`No reminders due on 2026-03-28 in ${org.slug}.`);
  });

  it('refuses a date that is not one, naming it', async () => {
    const run = await runCli(svc, ['reminders', 'run', '--org', org.slug, '--date', '2026-02-30']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--date must be a date like 2026-03-31, not "2026-02-30"');
  });
});
