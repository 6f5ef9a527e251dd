import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../api/test-app.ts';
import { createCompanyTestApp, createOtherOrg, PROFILE, type Role } from '../company/company.test-kit.ts';

// Payment reminders through HTTP: settings with template validation (422 naming the field, nothing
// changed), a customer's opt-out, a run on demand and the reminders logged on the invoice.

let t: TestApp;
let as: (role: Role) => { key: string };
let payer: string;
let quiet: string;
let invoice: { id: string; number: string };

const call = (method: string, path: string, body?: unknown, role: Role = 'owner') =>
  t.call(method, `/api/sales/${path}`, body, as(role));

beforeAll(async () => {
  ({ t, as } = await createCompanyTestApp());
  await t.call('PUT', '/api/company', { ...PROFILE, fiscalYearStart: '01-01' }, as('owner'));
  await t.call('POST', '/api/ledger/chart/apply-template', { templateId: 'generic' }, as('owner'));
  const vat = (await call('POST', 'tax-rates', { name: 'VAT 20%', category: 'S', percent: '20' })).body.id;
  const customer = async (name: string) =>
    (
      await call('POST', 'customers', {
        name,
        email: `ap@${name.split(' ')[0]!.toLowerCase()}.test`,
        paymentTermsDays: 30,
        defaultTaxRateId: vat,
      })
    ).body.id as string;
  payer = await customer('Payer plc');
  quiet = await customer('Quiet Ltd');
  const issue = async (customerId: string) => {
    const draft = await call('POST', 'invoices', {
      customerId,
      issueDate: '2026-03-01',
      lines: [{ name: 'Design', quantity: '1', unitPrice: 25_000 }],
    });
    return (await call('POST', `invoices/${draft.body.id}/issue`, {})).body as { id: string; number: string };
  };
  invoice = await issue(payer);
  await issue(quiet);
}, 60_000);
afterAll(() => t.close());

const step = (offsetDays: number) => ({
  offsetDays,
  subject: 'Invoice {{invoice.number}}: {{invoice.amountDue}} due {{invoice.dueDate}}',
  body: 'Dear {{customer.name}},\n\nplease pay.\n\n{{company.name}}',
});

describe('payment reminders over HTTP', () => {
  it('starts off with default steps and the placeholders it knows', async () => {
    const settings = await call('GET', 'reminder-settings');
    expect(settings.status).toBe(200);
    expect(settings.body.enabled).toBe(false);
    expect(settings.body.steps.map((s: { offsetDays?: number }) => s.offsetDays ?? 'repeat')).toEqual([
      -3,
      0,
      7,
      'repeat',
    ]);
    expect(Object.keys(settings.body.placeholders)).toContain('invoice.amountDue');
  });

  it('refuses unknown placeholders and bad steps by field, nothing changed; roles', async () => {
    const before = (await call('GET', 'reminder-settings')).body;
    const typo = await call('PUT', 'reminder-settings', {
      enabled: true,
      steps: [step(-3), { ...step(0), body: 'Hi {{customer.nam}}' }],
    });
    expect([typo.status, typo.body.error.code, typo.body.error.details.field]).toEqual([
      422,
      'UNKNOWN_PLACEHOLDER',
      'steps.1.body',
    ]);
    const twice = await call('PUT', 'reminder-settings', { enabled: true, steps: [step(0), step(0)] });
    expect([twice.status, twice.body.error.details.field]).toEqual([422, 'steps.1.offsetDays']);
    const far = await call('PUT', 'reminder-settings', { enabled: true, steps: [step(400)] });
    expect([far.status, far.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await call('GET', 'reminder-settings')).body).toEqual(before);
    const admin = await call('PUT', 'reminder-settings', { enabled: true, steps: [step(0)] }, 'admin');
    expect(admin.status).toBe(200);
    expect((await call('PUT', 'reminder-settings', { enabled: true, steps: [] }, 'member')).status).toBe(403);
  });

  it('opts a customer out and back in', async () => {
    const out = await call('PUT', `customers/${quiet}/reminder-opt-out`, { reason: 'Direct debit' });
    expect(out.body).toMatchObject({ customerId: quiet, optedOut: true, reason: 'Direct debit' });
    expect((await call('GET', `customers/${quiet}/reminder-opt-out`)).body.optedOut).toBe(true);
    expect((await call('GET', `customers/${payer}/reminder-opt-out`)).body).toMatchObject({
      optedOut: false,
      since: null,
    });
    expect((await call('PUT', 'customers/cus_nope/reminder-opt-out', {})).status).toBe(404);
  });

  it('a run sends due reminders, logs them on the invoice, and sends nothing twice', async () => {
    const saved = await call('PUT', 'reminder-settings', {
      enabled: true,
      steps: [
        step(-3),
        step(0),
        { repeatEveryDays: 7, subject: 'Still open: {{invoice.number}}', body: 'Please pay.' },
      ],
    });
    expect(saved.body.steps.at(-1)).toMatchObject({ repeatEveryDays: 7, maxRepeats: null });
    const dry = await call('POST', 'reminders/run', { date: '2026-03-28', dryRun: true });
    expect(
      dry.body.items.map((i: { customerName: string; status: string }) => [i.customerName, i.status]),
    ).toEqual([
      ['Payer plc', 'sent'],
      ['Quiet Ltd', 'skipped'],
    ]);
    expect((await call('GET', `invoices/${invoice.id}/reminders`)).body.items).toEqual([]);

    const ran = await call('POST', 'reminders/run', { date: '2026-03-28' });
    expect(ran.body.items[0]).toMatchObject({
      number: invoice.number,
      step: 'due-3',
      status: 'sent',
      to: ['ap@payer.test'],
      subject: `Invoice ${invoice.number}: £300.00 due 31 Mar 2026`,
    });
    expect((await call('POST', 'reminders/run', { date: '2026-03-28' })).body.items).toEqual([]);
    const log = await call('GET', `invoices/${invoice.id}/reminders`);
    expect(log.body.items).toMatchObject([
      {
        step: 'due-3',
        stepDate: '2026-03-28',
        runDate: '2026-03-28',
        status: 'sent',
        delivery: 'queued',
        to: ['ap@payer.test'],
      },
    ]);
    const messages = await call('GET', `invoices/${invoice.id}/messages`);
    expect(messages.body.items).toMatchObject([{ kind: 'reminder', reminderStep: 'due-3' }]);
    expect((await call('POST', 'reminders/run', { date: '2026-03-28' }, 'member')).status).toBe(403);
    expect((await call('POST', 'reminders/run', { date: '28/03/2026' })).status).toBe(400);
  });

  it('another organization sees none of it', async () => {
    const other = await createOtherOrg(t);
    const peek = await t.call('GET', `/api/sales/invoices/${invoice.id}/reminders`, undefined, {
      key: other.key,
    });
    expect(peek.status).toBe(404);
    const optOut = await t.call(
      'PUT',
      `/api/sales/customers/${payer}/reminder-opt-out`,
      {},
      { key: other.key },
    );
    expect(optOut.status).toBe(404);
    expect(
      (await t.call('GET', '/api/sales/reminder-settings', undefined, { key: other.key })).body.enabled,
    ).toBe(false);
  });
});
