import { AppError } from '../../core/errors.ts';

// Payment reminders (dunning), pure: the steps of an organization's schedule, which step is due
// for an invoice on a date, and the templates' placeholders. A step is keyed by what it is
// (`due-3`, `due+0`, `due+7`, `repeat-2`), not by its position, so editing the settings never makes
// a step already sent look new.

export interface OffsetStep {
  /** Days from the due date: negative before, 0 on the day, positive after. */
  offsetDays: number;
  subject: string;
  body: string;
}

export interface RepeatStep {
  /** After the last offset step (or the due date), again every this many days. */
  repeatEveryDays: number;
  /** At most this many repeats; null: until the invoice is settled. */
  maxRepeats: number | null;
  subject: string;
  body: string;
}

export type ReminderStep = OffsetStep | RepeatStep;

export const isRepeat = (step: ReminderStep): step is RepeatStep => 'repeatEveryDays' in step;

/** Every placeholder a template may use, with what it stands for. */
export const PLACEHOLDERS = {
  'customer.name': "The customer's name",
  'invoice.number': 'The invoice number',
  'invoice.issueDate': 'The issue date',
  'invoice.dueDate': 'The due date',
  'invoice.total': 'The invoice total with its currency',
  'invoice.amountDue': 'What is still owed, with its currency',
  'company.name': 'Your company name',
  daysOverdue: 'Days past the due date (0 before it)',
  daysUntilDue: 'Days until the due date (0 after it)',
} as const;
export type Placeholder = keyof typeof PLACEHOLDERS;

const TAG = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Refuses a template with an unknown placeholder or an unclosed `{{`, naming the field. */
export function checkTemplate(template: string, field: string): void {
  for (const match of template.matchAll(TAG)) {
    const name = match[1]!;
    if (!(name in PLACEHOLDERS))
      throw new AppError(
        'unprocessable',
        'UNKNOWN_PLACEHOLDER',
        `{{${name}}} is not a placeholder; use one of ${Object.keys(PLACEHOLDERS)
          .map((p) => `{{${p}}}`)
          .join(', ')}.`,
        { field, placeholder: name },
      );
  }
  const rest = template.replace(TAG, '');
  if (rest.includes('{{') || rest.includes('}}'))
    throw new AppError('unprocessable', 'UNCLOSED_PLACEHOLDER', 'A placeholder is missing its {{ or }}.', {
      field,
    });
}

/** Fills a checked template. */
export function renderTemplate(template: string, values: Record<Placeholder, string>): string {
  return template.replace(TAG, (_, name: string) => values[name as Placeholder] ?? '');
}

export const stepKey = (step: OffsetStep) =>
  `due${step.offsetDays < 0 ? '-' : '+'}${Math.abs(step.offsetDays)}`;

/**
 * Validates and orders a schedule: offset steps by offset (each offset once), then at most one
 * repeat step. Errors name the step's field as sent (`steps.2.offsetDays`).
 */
export function normalizeSteps(steps: readonly ReminderStep[]): ReminderStep[] {
  const seen = new Map<number, number>();
  let repeat: RepeatStep | null = null;
  const offsets: OffsetStep[] = [];
  for (const [i, step] of steps.entries()) {
    checkTemplate(step.subject, `steps.${i}.subject`);
    checkTemplate(step.body, `steps.${i}.body`);
    if (isRepeat(step)) {
      if (repeat)
        throw new AppError('unprocessable', 'ONE_REPEAT_STEP', 'Only one step may repeat.', {
          field: `steps.${i}.repeatEveryDays`,
        });
      repeat = step;
      continue;
    }
    if (seen.has(step.offsetDays))
      throw new AppError(
        'unprocessable',
        'DUPLICATE_REMINDER_STEP',
        `Steps ${seen.get(step.offsetDays)} and ${i} are both ${step.offsetDays} days from the due date.`,
        { field: `steps.${i}.offsetDays` },
      );
    seen.set(step.offsetDays, i);
    offsets.push(step);
  }
  offsets.sort((a, b) => a.offsetDays - b.offsetDays);
  return repeat ? [...offsets, repeat] : offsets;
}

export const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** What the dunning rule needs of an invoice. */
export interface DunnedInvoice {
  status: string;
  issueDate: string;
  dueDate: string | null;
  /** What is still owed, in minor units. */
  amountDue: bigint;
}

export interface DueStep {
  key: string;
  /** The date the step falls on. */
  date: string;
  step: ReminderStep;
}

const OPEN = new Set(['issued', 'partially_paid']);

/**
 * The reminder due for an invoice on `date`, or null. Only the latest step whose date has come is
 * due: after a few days without a run (downtime, reminders switched on late) the customer gets the
 * current reminder, not a backlog. A step already logged (sent or skipped) is never due again, nor
 * is one older than a step already logged. Steps on or before the issue date are not reminders.
 * Paid, credited and voided invoices get none.
 */
export function dueStep(
  invoice: DunnedInvoice,
  steps: readonly ReminderStep[],
  date: string,
  logged: ReadonlySet<string>,
): DueStep | null {
  if (!OPEN.has(invoice.status) || invoice.amountDue <= 0n || !invoice.dueDate) return null;
  const dueDate = invoice.dueDate;
  let current: DueStep | null = null;
  let lastOffsetDate = dueDate;
  for (const step of steps) {
    if (isRepeat(step)) continue;
    const on = addDays(dueDate, step.offsetDays);
    lastOffsetDate = on;
    if (on <= date) current = { key: stepKey(step), date: on, step };
  }
  const repeat = steps.find(isRepeat);
  if (repeat && repeat.repeatEveryDays > 0) {
    const elapsed = daysBetween(lastOffsetDate, date);
    let n = Math.floor(elapsed / repeat.repeatEveryDays);
    if (repeat.maxRepeats !== null) n = Math.min(n, repeat.maxRepeats);
    if (n >= 1)
      current = {
        key: `repeat-${n}`,
        date: addDays(lastOffsetDate, n * repeat.repeatEveryDays),
        step: repeat,
      };
  }
  if (!current || current.date <= invoice.issueDate || logged.has(current.key)) return null;
  // A later step already logged (the steps were edited since) must not be followed by an earlier one.
  const order = stepOrder(current.key, steps);
  for (const key of logged) if (stepOrder(key, steps) > order) return null;
  return current;
}

/** Where a logged key sits in time, so that reminders never go backwards. */
function stepOrder(key: string, steps: readonly ReminderStep[]): number {
  const offset = /^due([+-])(\d+)$/.exec(key);
  if (offset) return (offset[1] === '-' ? -1 : 1) * Number(offset[2]);
  const repeat = /^repeat-(\d+)$/.exec(key);
  if (!repeat) return Number.NEGATIVE_INFINITY;
  const last = steps.filter((s): s is OffsetStep => !isRepeat(s)).at(-1);
  const every = steps.find(isRepeat)?.repeatEveryDays ?? 0;
  // Repeats come after every offset step; measured in days from the due date like them.
  return (last?.offsetDays ?? 0) + Number(repeat[1]) * Math.max(every, 1);
}

/** The steps a new organization starts with: a nudge before, one on the day, one a week late, then fortnightly. */
export const DEFAULT_STEPS: ReminderStep[] = [
  {
    offsetDays: -3,
    subject: 'Invoice {{invoice.number}} is due on {{invoice.dueDate}}',
    body: 'Dear {{customer.name}},\n\nA friendly reminder that invoice {{invoice.number}} for {{invoice.amountDue}} is due on {{invoice.dueDate}}.\n\nIf you have already paid, thank you, and please ignore this message.\n\nKind regards,\n{{company.name}}',
  },
  {
    offsetDays: 0,
    subject: 'Invoice {{invoice.number}} is due today',
    body: 'Dear {{customer.name}},\n\nInvoice {{invoice.number}} for {{invoice.amountDue}} is due today.\n\nIf you have already paid, thank you, and please ignore this message.\n\nKind regards,\n{{company.name}}',
  },
  {
    offsetDays: 7,
    subject: 'Invoice {{invoice.number}} is {{daysOverdue}} days overdue',
    body: 'Dear {{customer.name}},\n\nInvoice {{invoice.number}}, due on {{invoice.dueDate}}, is {{daysOverdue}} days overdue; {{invoice.amountDue}} is still open.\n\nPlease arrange payment, or reply if something is wrong with the invoice.\n\nKind regards,\n{{company.name}}',
  },
  {
    repeatEveryDays: 14,
    maxRepeats: null,
    subject: 'Reminder: invoice {{invoice.number}} is {{daysOverdue}} days overdue',
    body: 'Dear {{customer.name}},\n\nInvoice {{invoice.number}}, due on {{invoice.dueDate}}, is still open: {{invoice.amountDue}}.\n\nPlease arrange payment, or reply if something is wrong with the invoice.\n\nKind regards,\n{{company.name}}',
  },
];
