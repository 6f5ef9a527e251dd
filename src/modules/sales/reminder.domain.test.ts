import { describe, expect, it } from 'vitest';
import {
  checkTemplate,
  DEFAULT_STEPS,
  type DunnedInvoice,
  dueStep,
  normalizeSteps,
  type ReminderStep,
  renderTemplate,
} from './reminder.domain.ts';

const t = { subject: 's', body: 'b' };
const steps: ReminderStep[] = normalizeSteps([
  { offsetDays: 7, ...t },
  { offsetDays: -3, ...t },
  { offsetDays: 0, ...t },
  { repeatEveryDays: 14, maxRepeats: 2, ...t },
]);
const invoice: DunnedInvoice = {
  status: 'issued',
  issueDate: '2026-03-01',
  dueDate: '2026-03-31',
  amountDue: 12_000n,
};
const due = (date: string, logged: string[] = [], inv = invoice) =>
  dueStep(inv, steps, date, new Set(logged))?.key ?? null;

describe('which reminder is due', () => {
  it('before, on and after the due date, then repeating until the repeats run out', () => {
    expect(steps.map((s) => ('offsetDays' in s ? s.offsetDays : 'repeat'))).toEqual([-3, 0, 7, 'repeat']);
    expect(due('2026-03-27')).toBeNull();
    expect(due('2026-03-28')).toBe('due-3');
    expect(due('2026-03-29', ['due-3'])).toBeNull();
    expect(due('2026-03-31', ['due-3'])).toBe('due+0');
    expect(due('2026-04-07', ['due-3', 'due+0'])).toBe('due+7');
    expect(due('2026-04-20', ['due-3', 'due+0', 'due+7'])).toBeNull();
    expect(due('2026-04-21', ['due-3', 'due+0', 'due+7'])).toBe('repeat-1');
    expect(due('2026-05-05', ['due-3', 'due+0', 'due+7', 'repeat-1'])).toBe('repeat-2');
    expect(due('2026-06-30', ['due-3', 'due+0', 'due+7', 'repeat-1', 'repeat-2'])).toBeNull(); // maxRepeats
  });

  it('after days without a run, only the latest step goes out, once', () => {
    expect(due('2026-04-10')).toBe('due+7');
    expect(due('2026-04-10', ['due+7'])).toBeNull();
    // An earlier step is never sent after a later one.
    expect(due('2026-03-31', ['due+7'])).toBeNull();
  });

  it('nothing for paid, voided, draft or undated invoices, or on the issue day', () => {
    expect(due('2026-04-07', [], { ...invoice, status: 'paid', amountDue: 0n })).toBeNull();
    expect(due('2026-04-07', [], { ...invoice, status: 'void' })).toBeNull();
    expect(due('2026-04-07', [], { ...invoice, status: 'draft' })).toBeNull();
    expect(due('2026-04-07', [], { ...invoice, dueDate: null })).toBeNull();
    expect(due('2026-04-07', [], { ...invoice, status: 'partially_paid', amountDue: 1n })).toBe('due+7');
    // Issued two days before it is due: the "3 days before" step fell before the invoice existed.
    const late = { ...invoice, issueDate: '2026-03-29' };
    expect(due('2026-03-29', [], late)).toBeNull();
    expect(due('2026-03-30', [], late)).toBeNull();
    expect(due('2026-03-31', [], late)).toBe('due+0');
  });

  it('a repeat-only schedule counts from the due date', () => {
    const only = normalizeSteps([{ repeatEveryDays: 10, maxRepeats: null, ...t }]);
    expect(dueStep(invoice, only, '2026-04-09', new Set())).toBeNull();
    expect(dueStep(invoice, only, '2026-04-10', new Set())).toMatchObject({
      key: 'repeat-1',
      date: '2026-04-10',
    });
    expect(dueStep(invoice, only, '2026-05-01', new Set(['repeat-1']))).toMatchObject({ key: 'repeat-3' });
  });
});

describe('templates', () => {
  it('renders the placeholders, spaces allowed inside the braces', () => {
    const values = {
      'customer.name': 'Globex',
      'invoice.number': 'INV-1',
      'invoice.issueDate': '2026-03-01',
      'invoice.dueDate': '2026-03-31',
      'invoice.total': '£120.00',
      'invoice.amountDue': '£100.00',
      'company.name': 'Acme',
      daysOverdue: '7',
      daysUntilDue: '0',
    };
    expect(
      renderTemplate('{{ customer.name }} owes {{invoice.amountDue}} on {{invoice.number}}', values),
    ).toBe('Globex owes £100.00 on INV-1');
    for (const step of DEFAULT_STEPS) {
      checkTemplate(step.subject, 'subject');
      expect(renderTemplate(step.body, values)).not.toContain('{{');
    }
  });

  it('refuses unknown placeholders and stray braces, naming the field', () => {
    expect(() => checkTemplate('Hello {{customer.nme}}', 'steps.1.body')).toThrow(
      expect.objectContaining({
        code: 'UNKNOWN_PLACEHOLDER',
        details: { field: 'steps.1.body', placeholder: 'customer.nme' },
      }),
    );
    expect(() => checkTemplate('Hello {{customer.name', 'steps.0.subject')).toThrow(
      expect.objectContaining({ code: 'UNCLOSED_PLACEHOLDER', details: { field: 'steps.0.subject' } }),
    );
  });

  it('refuses two steps on the same day and two repeating steps', () => {
    expect(() =>
      normalizeSteps([
        { offsetDays: 0, ...t },
        { offsetDays: 0, ...t },
      ]),
    ).toThrow(
      expect.objectContaining({ code: 'DUPLICATE_REMINDER_STEP', details: { field: 'steps.1.offsetDays' } }),
    );
    expect(() =>
      normalizeSteps([
        { repeatEveryDays: 7, maxRepeats: null, ...t },
        { repeatEveryDays: 14, maxRepeats: null, ...t },
      ]),
    ).toThrow(
      expect.objectContaining({ code: 'ONE_REPEAT_STEP', details: { field: 'steps.1.repeatEveryDays' } }),
    );
  });
});
