import { and, asc, eq } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import type { Queryable, Tx } from '../../db/client.ts';
import { assertCan } from '../identity/permissions.ts';
import { getCustomer } from './customer.service.ts';
import { loadDocument } from './document.repo.ts';
import { salesDocumentMessage } from './document-message.table.ts';
import { DEFAULT_STEPS, normalizeSteps, type ReminderStep } from './reminder.domain.ts';
import { salesReminder, salesReminderOptOut, salesReminderSettings } from './reminder.table.ts';
import { recordChange } from './sales.kit.ts';

// Payment reminder settings, customers' opt-outs and each invoice's reminder log. Sending is in
// reminder-run.service.ts.

export interface ReminderSettings {
  enabled: boolean;
  steps: ReminderStep[];
  updatedAt: Date | null;
}

/** The organization's settings; until saved: off, with the default steps to start from. */
export async function reminderSettingsOf(q: Queryable, orgId: string): Promise<ReminderSettings> {
  const [row] = await q.select().from(salesReminderSettings).where(eq(salesReminderSettings.orgId, orgId));
  return row
    ? { enabled: row.enabled, steps: row.steps, updatedAt: row.updatedAt }
    : { enabled: false, steps: DEFAULT_STEPS, updatedAt: null };
}

/** Saves the settings; templates with an unknown placeholder or steps on the same day are refused by field. */
export async function updateReminderSettings(
  tx: Tx,
  actor: Actor,
  input: { enabled: boolean; steps: ReminderStep[] },
): Promise<ReminderSettings> {
  assertCan(actor, 'sales:settings');
  const steps = normalizeSteps(input.steps);
  const before = await reminderSettingsOf(tx, actor.orgId);
  const values = { enabled: input.enabled, steps, updatedAt: new Date() };
  await tx
    .insert(salesReminderSettings)
    .values({ orgId: actor.orgId, ...values })
    .onConflictDoUpdate({ target: salesReminderSettings.orgId, set: values });
  const after = await reminderSettingsOf(tx, actor.orgId);
  await recordChange(
    tx,
    actor,
    { entity: 'reminder_settings', entityId: actor.orgId, action: 'update', before, after },
    'reminder_settings.updated',
    { enabled: after.enabled },
  );
  return after;
}

export interface ReminderOptOut {
  customerId: string;
  optedOut: boolean;
  reason: string | null;
  since: Date | null;
}

export async function reminderOptOutOf(
  q: Queryable,
  orgId: string,
  customerId: string,
): Promise<ReminderOptOut> {
  await getCustomer(q, orgId, customerId);
  const [row] = await q
    .select()
    .from(salesReminderOptOut)
    .where(and(eq(salesReminderOptOut.orgId, orgId), eq(salesReminderOptOut.customerId, customerId)));
  return { customerId, optedOut: Boolean(row), reason: row?.reason ?? null, since: row?.createdAt ?? null };
}

/** Opts a customer out of payment reminders (or back in); their invoices are still sent on request. */
export async function setReminderOptOut(
  tx: Tx,
  actor: Actor,
  customerId: string,
  optOut: boolean,
  reason: string | null = null,
): Promise<ReminderOptOut> {
  assertCan(actor, 'customer:write');
  const before = await reminderOptOutOf(tx, actor.orgId, customerId);
  const key = and(eq(salesReminderOptOut.orgId, actor.orgId), eq(salesReminderOptOut.customerId, customerId));
  if (optOut)
    await tx
      .insert(salesReminderOptOut)
      .values({ orgId: actor.orgId, customerId, reason: reason?.trim() || null, createdBy: actor.id })
      .onConflictDoUpdate({
        target: [salesReminderOptOut.orgId, salesReminderOptOut.customerId],
        set: { reason: reason?.trim() || null },
      });
  else await tx.delete(salesReminderOptOut).where(key);
  const after = await reminderOptOutOf(tx, actor.orgId, customerId);
  await recordChange(
    tx,
    actor,
    {
      entity: 'customer',
      entityId: customerId,
      action: optOut ? 'reminders_off' : 'reminders_on',
      before,
      after,
    },
    optOut ? 'customer.reminders_opted_out' : 'customer.reminders_opted_in',
  );
  return after;
}

/** Customers opted out, by id. */
export async function optedOutCustomers(q: Queryable, orgId: string): Promise<Set<string>> {
  const rows = await q
    .select({ customerId: salesReminderOptOut.customerId })
    .from(salesReminderOptOut)
    .where(eq(salesReminderOptOut.orgId, orgId));
  return new Set(rows.map((r) => r.customerId));
}

/** The reminders of one invoice, oldest first, with their message's delivery. */
export async function listInvoiceReminders(q: Queryable, orgId: string, invoiceId: string) {
  await loadDocument(q, orgId, 'invoice', invoiceId);
  return q
    .select({
      id: salesReminder.id,
      step: salesReminder.step,
      stepDate: salesReminder.stepDate,
      runDate: salesReminder.runDate,
      status: salesReminder.status,
      reason: salesReminder.reason,
      messageId: salesReminder.messageId,
      createdAt: salesReminder.createdAt,
      to: salesDocumentMessage.toAddresses,
      subject: salesDocumentMessage.subject,
      delivery: salesDocumentMessage.status,
      sentAt: salesDocumentMessage.sentAt,
      error: salesDocumentMessage.error,
    })
    .from(salesReminder)
    .leftJoin(
      salesDocumentMessage,
      and(
        eq(salesDocumentMessage.orgId, salesReminder.orgId),
        eq(salesDocumentMessage.id, salesReminder.messageId),
      ),
    )
    .where(and(eq(salesReminder.orgId, orgId), eq(salesReminder.invoiceId, invoiceId)))
    .orderBy(asc(salesReminder.stepDate), asc(salesReminder.createdAt));
}
export type InvoiceReminder = Awaited<ReturnType<typeof listInvoiceReminders>>[number];
