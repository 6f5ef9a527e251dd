import { z } from '@hono/zod-openapi';
import { BusinessDate } from './contracts.ts';
import { PLACEHOLDERS } from './reminder.domain.ts';

// Payment reminders' API shapes. A step is either days from the due date or a repeat after the last
// of those; its subject and body may use the placeholders listed in the settings' description.

const placeholders = Object.keys(PLACEHOLDERS)
  .map((p) => `{{${p}}}`)
  .join(', ');
const Subject = z.string().trim().min(1).max(300);
const Body = z.string().trim().min(1).max(10_000);

const OffsetStep = z.object({
  offsetDays: z
    .number()
    .int()
    .min(-365)
    .max(365)
    .openapi({ description: 'Days from the due date: -3 before, 0 on the day, 7 after' }),
  subject: Subject,
  body: Body,
});
const RepeatStep = z.object({
  repeatEveryDays: z
    .number()
    .int()
    .min(1)
    .max(365)
    .openapi({ description: 'After the last offset step, again every N days until paid' }),
  maxRepeats: z.number().int().min(1).max(100).nullable().default(null),
  subject: Subject,
  body: Body,
});
export const ReminderStepSchema = z.union([OffsetStep, RepeatStep]).openapi('ReminderStep');

export const ReminderSettingsInput = z
  .object({
    enabled: z.boolean(),
    steps: z.array(ReminderStepSchema).max(20),
  })
  .openapi('ReminderSettingsInput', {
    description: `Subjects and bodies may use ${placeholders}; anything else is refused (422, field steps.N.subject or body).`,
  });

export const ReminderSettingsSchema = z
  .object({
    enabled: z.boolean(),
    steps: z.array(ReminderStepSchema),
    placeholders: z.record(z.string(), z.string()),
    updatedAt: z.string().nullable(),
  })
  .openapi('ReminderSettings');

export const ReminderOptOutInput = z
  .object({ reason: z.string().trim().max(500).nullable().optional() })
  .openapi('ReminderOptOutInput');
export const ReminderOptOutSchema = z
  .object({
    customerId: z.string(),
    optedOut: z.boolean(),
    reason: z.string().nullable(),
    since: z.string().nullable(),
  })
  .openapi('ReminderOptOut');

export const InvoiceReminderSchema = z
  .object({
    id: z.string(),
    step: z.string().openapi({ example: 'due+7', description: 'due-3, due+0, due+7, repeat-1, …' }),
    stepDate: z.string(),
    runDate: z.string(),
    status: z.enum(['sent', 'skipped']),
    reason: z
      .string()
      .nullable()
      .openapi({ description: 'Why it was skipped: opted_out, no_email, or a code' }),
    messageId: z.string().nullable(),
    to: z.array(z.string()),
    subject: z.string().nullable(),
    delivery: z.enum(['queued', 'sent', 'failed']).nullable(),
    sentAt: z.string().nullable(),
    error: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('InvoiceReminder');

export const ReminderRunInput = z
  .object({
    date: BusinessDate.openapi({ description: 'The day to run for (UTC), usually today' }),
    dryRun: z.boolean().default(false),
  })
  .openapi('ReminderRunInput');

export const ReminderRunSchema = z
  .object({
    date: z.string(),
    enabled: z.boolean(),
    dryRun: z.boolean(),
    items: z.array(
      z.object({
        invoiceId: z.string(),
        number: z.string().nullable(),
        customerId: z.string(),
        customerName: z.string(),
        step: z.string(),
        stepDate: z.string(),
        status: z.enum(['sent', 'skipped']),
        reason: z.string().nullable(),
        to: z.array(z.string()),
        subject: z.string(),
        messageId: z.string().nullable(),
      }),
    ),
  })
  .openapi('ReminderRun');
