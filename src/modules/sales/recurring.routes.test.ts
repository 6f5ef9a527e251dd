import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../api/test-app.ts';
import { createCompanyTestApp, createOtherOrg, PROFILE, type Role } from '../company/company.test-kit.ts';
import { weekdayOf } from './recurring.domain.ts';
import { today } from './sales.kit.ts';

// Recurring invoices through HTTP: a schedule starting today makes today's invoice at once, the
// list shows the rule in words with last and next run, pause and resume, refusals as 4xx naming
// the field with nothing written, roles, and another organization's ids.

let t: TestApp;
let as: (role: Role) => { key: string };
let customer: string;

const call = (method: string, path: string, body?: unknown, role: Role = 'owner') =>
  t.call(method, `/api/sales/${path}`, body, as(role));
const DAY_NAMES: Record<string, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};
const plusDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  ({ t, as } = await createCompanyTestApp());
  await t.call('PUT', '/api/company', { ...PROFILE, fiscalYearStart: '01-01' }, as('owner'));
  await t.call('POST', '/api/ledger/chart/apply-template', { templateId: 'generic' }, as('owner'));
  const vat = (await call('POST', 'tax-rates', { name: 'VAT 20%', category: 'S', percent: '20' })).body.id;
  customer = (
    await call('POST', 'customers', {
      name: 'Initech GmbH',
      email: 'ap@initech.test',
      paymentTermsDays: 14,
      defaultTaxRateId: vat,
    })
  ).body.id;
}, 60_000);
afterAll(() => t.close());

const weekly = (extra: Record<string, unknown> = {}) => ({
  customerId: customer,
  lines: [{ name: 'Cleaning', quantity: '2', unitPrice: 4500 }],
  preset: { kind: 'weekly' },
  startDate: today(),
  notes: 'Weekly cleaning',
  ...extra,
});

describe('recurring invoices over HTTP', () => {
  let id: string;

  it('a schedule starting today creates today’s invoice at once and shows its last and next run', async () => {
    const now = today();
    const created = await call('POST', 'recurring-invoices', weekly());
    expect(created.status).toBe(201);
    id = created.body.id;
    expect(created.body).toMatchObject({
      name: `Initech GmbH: weekly on ${DAY_NAMES[weekdayOf(now)]}`,
      customerName: 'Initech GmbH',
      ruleText: `weekly on ${DAY_NAMES[weekdayOf(now)]}`,
      rrule: `FREQ=WEEKLY;BYDAY=${weekdayOf(now)}`,
      mode: 'draft',
      status: 'active',
      lastRunDate: now,
      nextRunDate: plusDays(now, 7),
      createdCount: 1,
      failedCount: 0,
      lines: [{ name: 'Cleaning', quantity: '2', unitPrice: 4500 }],
    });
    expect(created.body.lastRun).toMatchObject({ occurrenceDate: now, status: 'succeeded', errorCode: null });
    const invoice = await call('GET', `invoices/${created.body.lastRun.documentId}`);
    expect(invoice.body).toMatchObject({
      status: 'draft',
      issueDate: now,
      dueDate: plusDays(now, 14),
      notes: 'Weekly cleaning',
      taxInclusiveAmount: 10_800,
    });

    const list = await call('GET', 'recurring-invoices');
    expect(
      list.body.items.map((s: { id: string; lastRun: { documentId: string } }) => [
        s.id,
        s.lastRun.documentId,
      ]),
    ).toEqual([[id, invoice.body.id]]);
    const runs = await call('GET', `recurring-invoices/${id}/runs`);
    expect(runs.body.items).toMatchObject([
      { occurrenceDate: now, status: 'succeeded', documentId: invoice.body.id },
    ]);
    // Nothing more is due today: run now and a second run add nothing.
    const ran = await call('POST', `recurring-invoices/${id}/run`);
    expect([ran.status, ran.body.runs, ran.body.schedule.createdCount]).toEqual([200, [], 1]);
  });

  it('pauses and resumes; edits apply to later occurrences', async () => {
    const paused = await call('POST', `recurring-invoices/${id}/pause`);
    expect(paused.body).toMatchObject({
      status: 'paused',
      nextRunDate: null,
      nextOccurrenceDate: plusDays(today(), 7),
    });
    const resumed = await call('POST', `recurring-invoices/${id}/resume`);
    expect(resumed.body).toMatchObject({
      status: 'active',
      nextRunDate: plusDays(today(), 7),
      createdCount: 1,
    });
    const edited = await call('PATCH', `recurring-invoices/${id}`, {
      notes: 'Fortnightly now',
      preset: { kind: 'weekly', interval: 2 },
    });
    expect(edited.body).toMatchObject({
      notes: 'Fortnightly now',
      ruleText: `every 2 weeks on ${DAY_NAMES[weekdayOf(today())]}`,
    });
    expect(edited.body.lines).toHaveLength(1);
    expect((await call('PATCH', `recurring-invoices/${id}`, { mode: 'issue' }, 'member')).status).toBe(403);
  });

  it('refuses bad input with 4xx naming the field, nothing written', async () => {
    const before = (await call('GET', 'recurring-invoices')).body.items;
    const cases: [Record<string, unknown>, number, string, string][] = [
      [weekly({ preset: null, rrule: 'FREQ=SECONDLY' }), 422, 'INVALID_RRULE', 'rrule'],
      [weekly({ rrule: 'FREQ=DAILY' }), 400, 'PRESET_OR_RRULE', 'rrule'],
      [
        weekly({ preset: { kind: 'monthly', dayOfMonth: 32 } }),
        400,
        'VALIDATION_FAILED',
        'json.preset.dayOfMonth',
      ],
      [weekly({ lines: [] }), 400, 'VALIDATION_FAILED', 'json.lines'],
      [
        weekly({ lines: [{ name: 'x', quantity: '1', unitPrice: 1, taxRateId: 'txr_x' }] }),
        400,
        'UNKNOWN_TAX_RATE',
        'lines.0.taxRateId',
      ],
      [weekly({ count: 0 }), 400, 'VALIDATION_FAILED', 'json.count'],
      [weekly({ endDate: '2000-01-01' }), 400, 'END_BEFORE_START', 'endDate'],
      [weekly({ startDate: '2026-02-30' }), 400, 'VALIDATION_FAILED', 'json.startDate'],
    ];
    for (const [body, status, code, field] of cases) {
      const res = await call('POST', 'recurring-invoices', body);
      expect([res.status, res.body.error.code, res.body.error.details.field]).toEqual([status, code, field]);
    }
    expect((await call('GET', 'recurring-invoices')).body.items).toEqual(before);
    const retry = await call('POST', `recurring-invoices/${id}/retry`, { occurrenceDate: today() });
    expect([retry.status, retry.body.error.code]).toEqual([409, 'RECURRING_RUN_NOT_FAILED']);
    const none = await call('POST', `recurring-invoices/${id}/retry`, {});
    expect([none.status, none.body.error.code]).toEqual([404, 'RECURRING_RUN_NOT_FOUND']);
    const bad = await call('POST', `recurring-invoices/${id}/retry`, { occurrenceDate: 'not-a-date' });
    expect([bad.status, bad.body.error.details.field]).toEqual([400, 'json.occurrenceDate']);
  });

  it('deletes only a schedule that made no invoice; another organization sees none', async () => {
    const used = await call('DELETE', `recurring-invoices/${id}`);
    expect([used.status, used.body.error.code]).toEqual([409, 'RECURRING_INVOICE_HAS_INVOICES']);
    const later = await call('POST', 'recurring-invoices', weekly({ startDate: plusDays(today(), 30) }));
    expect(later.body).toMatchObject({ createdCount: 0, lastRun: null, nextRunDate: plusDays(today(), 30) });
    expect((await call('DELETE', `recurring-invoices/${later.body.id}`)).status).toBe(204);
    expect((await call('GET', `recurring-invoices/${later.body.id}`)).status).toBe(404);

    const other = await createOtherOrg(t);
    const peek = await t.call('GET', `/api/sales/recurring-invoices/${id}`, undefined, { key: other.key });
    expect([peek.status, peek.body.error.code]).toEqual([404, 'RECURRING_INVOICE_NOT_FOUND']);
    expect(
      (await t.call('GET', '/api/sales/recurring-invoices', undefined, { key: other.key })).body.items,
    ).toEqual([]);
    const paused = await t.call('POST', `/api/sales/recurring-invoices/${id}/pause`, undefined, {
      key: other.key,
    });
    expect(paused.status).toBe(404);
  });
});
