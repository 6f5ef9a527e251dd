import { and, eq, inArray, sql } from 'drizzle-orm';
import { type Actor, systemActor } from '../../core/actor.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { formatDate, formatMoney } from '../../core/money.ts';
import type { Db, Tx } from '../../db/client.ts';
import { readInOrg, withOrg } from '../../db/tenancy.ts';
import { companyProfileOf } from '../company/index.ts';
import { type Customer, getCustomer } from './customer.service.ts';
import { type DocumentRow, loadDocument } from './document.repo.ts';
import { sendSalesDocument } from './document-mail.service.ts';
import { type DueStep, daysBetween, dueStep, type Placeholder, renderTemplate } from './reminder.domain.ts';
import { optedOutCustomers, reminderSettingsOf } from './reminder.service.ts';
import { salesReminder, salesReminderOptOut, salesReminderSettings } from './reminder.table.ts';
import { recordChange } from './sales.kit.ts';
import { customer as customerTable, salesDocument } from './sales.table.ts';

// Sending the reminders due on a date. Each invoice is handled in its own transaction under its
// row lock (the lock payments take too): the due step is decided again there, the message queued
// through the outbox (mailed with the PDF after commit) and the step logged, unique per invoice, so
// runs racing or repeated on one day send a step once. Opted-out customers and customers without
// an address get the step logged as skipped, with the reason.

export interface ReminderRunItem {
  invoiceId: string;
  number: string | null;
  customerId: string;
  customerName: string;
  step: string;
  stepDate: string;
  status: 'sent' | 'skipped';
  /** Why a step was skipped: `opted_out`, `no_email` or the refusal's code. */
  reason: string | null;
  to: string[];
  subject: string;
  messageId: string | null;
}

export interface ReminderRunResult {
  date: string;
  enabled: boolean;
  dryRun: boolean;
  items: ReminderRunItem[];
}

export const remindersActor = (orgId: string) => systemActor(orgId, 'reminders');

const OPEN = ['issued', 'partially_paid'];
const BILLING_ROLE = /bill|account|invoic|financ|payable/i;

/** Where a reminder goes: the customer's address, else a billing contact's (as documents are sent). */
export const recipientOf = (c: Pick<Customer, 'email' | 'contacts'>) =>
  c.email ?? c.contacts.find((x) => x.email && x.role && BILLING_ROLE.test(x.role))?.email ?? null;

const amountDue = (d: Pick<DocumentRow, 'taxInclusiveAmount' | 'paidAmount' | 'creditedAmount'>) =>
  d.taxInclusiveAmount - d.paidAmount - d.creditedAmount;

function templateValues(doc: DocumentRow, customerName: string, companyName: string, date: string) {
  const values: Record<Placeholder, string> = {
    'customer.name': customerName,
    'invoice.number': doc.number ?? '',
    'invoice.issueDate': formatDate(doc.issueDate, 'en-GB'),
    'invoice.dueDate': doc.dueDate ? formatDate(doc.dueDate, 'en-GB') : '',
    'invoice.total': formatMoney(doc.taxInclusiveAmount, doc.currency, 'en-GB'),
    'invoice.amountDue': formatMoney(amountDue(doc), doc.currency, 'en-GB'),
    'company.name': companyName,
    daysOverdue: String(doc.dueDate ? Math.max(0, daysBetween(doc.dueDate, date)) : 0),
    daysUntilDue: String(doc.dueDate ? Math.max(0, daysBetween(date, doc.dueDate)) : 0),
  };
  return values;
}

async function loggedSteps(q: Tx, orgId: string, invoiceIds: string[]): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  if (invoiceIds.length === 0) return out;
  const rows = await q
    .select({ invoiceId: salesReminder.invoiceId, step: salesReminder.step })
    .from(salesReminder)
    .where(and(eq(salesReminder.orgId, orgId), inArray(salesReminder.invoiceId, invoiceIds)));
  for (const r of rows) out.set(r.invoiceId, (out.get(r.invoiceId) ?? new Set()).add(r.step));
  return out;
}

/** What a run would do for one invoice, decided from what it read. */
interface Plan {
  doc: DocumentRow;
  customer: Customer;
  due: DueStep;
  optedOut: boolean;
  subject: string;
  body: string;
}

function itemOf(plan: Plan, status: 'sent' | 'skipped', reason: string | null, messageId: string | null) {
  const to = recipientOf(plan.customer);
  return {
    invoiceId: plan.doc.id,
    number: plan.doc.number,
    customerId: plan.customer.id,
    customerName: plan.customer.name,
    step: plan.due.key,
    stepDate: plan.due.date,
    status,
    reason,
    to: status === 'sent' && to ? [to] : [],
    subject: plan.subject,
    messageId,
  } satisfies ReminderRunItem;
}

/** Sends (or logs as skipped) the step due for one invoice, in the caller's transaction. */
async function remindOne(
  tx: Tx,
  actor: Actor,
  invoiceId: string,
  date: string,
): Promise<ReminderRunItem | null> {
  const orgId = actor.orgId;
  const settings = await reminderSettingsOf(tx, orgId);
  const doc = await loadDocument(tx, orgId, 'invoice', invoiceId, true);
  const logged = (await loggedSteps(tx, orgId, [invoiceId])).get(invoiceId) ?? new Set<string>();
  const due = dueStep({ ...doc, amountDue: amountDue(doc) }, settings.steps, date, logged);
  if (!due) return null;
  const customer = await getCustomer(tx, orgId, doc.customerId);
  const [optOut] = await tx
    .select({ customerId: salesReminderOptOut.customerId })
    .from(salesReminderOptOut)
    .where(and(eq(salesReminderOptOut.orgId, orgId), eq(salesReminderOptOut.customerId, customer.id)));
  const company = await companyProfileOf(tx, orgId);
  const values = templateValues(doc, customer.name, company.tradingName || company.legalName, date);
  const plan: Plan = {
    doc,
    customer,
    due,
    optedOut: Boolean(optOut),
    subject: renderTemplate(due.step.subject, values),
    body: renderTemplate(due.step.body, values),
  };
  let item = itemOf(plan, 'skipped', 'opted_out', null);
  if (!plan.optedOut) {
    try {
      // A savepoint: a refused send leaves nothing of its own behind, the skip is still logged.
      const message = await tx.transaction((sp) =>
        sendSalesDocument(sp, actor, 'invoice', invoiceId, {
          subject: plan.subject,
          message: plan.body,
          reminderStep: due.key,
        }),
      );
      item = { ...itemOf(plan, 'sent', null, message.id), to: message.toAddresses };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      item = itemOf(plan, 'skipped', error.code === 'RECIPIENT_REQUIRED' ? 'no_email' : error.code, null);
    }
  }
  const inserted = await tx
    .insert(salesReminder)
    .values({
      orgId,
      id: newId('rem'),
      invoiceId,
      step: due.key,
      stepDate: due.date,
      runDate: date,
      status: item.status,
      reason: item.reason,
      messageId: item.messageId,
      createdBy: actor.id,
    })
    .onConflictDoNothing()
    .returning({ id: salesReminder.id });
  // The invoice's lock makes this unreachable; should it happen, the message must not go out twice.
  if (inserted.length === 0) throw new Error(`reminder ${due.key} of ${invoiceId} was logged meanwhile`);
  if (item.status === 'skipped')
    await recordChange(
      tx,
      actor,
      {
        entity: 'invoice',
        entityId: invoiceId,
        action: 'reminder_skipped',
        after: { step: due.key, reason: item.reason },
      },
      'invoice.reminder_skipped',
      { step: due.key, reason: item.reason },
    );
  return item;
}

/**
 * The reminders due on `date` (UTC) for one organization's open invoices. `dryRun` says what would
 * be sent or skipped without writing anything. Does nothing while reminders are off.
 */
export async function runReminders(
  db: Db,
  orgId: string,
  options: { date: string; dryRun?: boolean },
): Promise<ReminderRunResult> {
  const { date } = options;
  const dryRun = options.dryRun ?? false;
  const planned = await readInOrg(db, orgId, async (q) => {
    const settings = await reminderSettingsOf(q, orgId);
    if (!settings.enabled) return null;
    const open = await q
      .select()
      .from(salesDocument)
      .where(
        and(
          eq(salesDocument.orgId, orgId),
          eq(salesDocument.type, 'invoice'),
          inArray(salesDocument.status, OPEN),
          sql`${salesDocument.dueDate} is not null`,
        ),
      )
      .orderBy(salesDocument.dueDate, salesDocument.id);
    const logged = await loggedSteps(
      q,
      orgId,
      open.map((d) => d.id),
    );
    const due = open.flatMap((doc) => {
      const step = dueStep(
        { ...doc, amountDue: amountDue(doc) },
        settings.steps,
        date,
        logged.get(doc.id) ?? new Set(),
      );
      return step ? [{ doc, step }] : [];
    });
    if (!dryRun) return { due, plans: [] as Plan[] };
    const optedOut = await optedOutCustomers(q, orgId);
    const ids = [...new Set(due.map((d) => d.doc.customerId))];
    const customers = ids.length
      ? await q
          .select()
          .from(customerTable)
          .where(and(eq(customerTable.orgId, orgId), inArray(customerTable.id, ids)))
      : [];
    const company = await companyProfileOf(q, orgId);
    const plans = due.map(({ doc, step }): Plan => {
      const customer = customers.find((c) => c.id === doc.customerId)! as Customer;
      const values = templateValues(doc, customer.name, company.tradingName || company.legalName, date);
      return {
        doc,
        customer,
        due: step,
        optedOut: optedOut.has(customer.id),
        subject: renderTemplate(step.step.subject, values),
        body: renderTemplate(step.step.body, values),
      };
    });
    return { due, plans };
  });
  if (!planned) return { date, enabled: false, dryRun, items: [] };
  if (dryRun)
    return {
      date,
      enabled: true,
      dryRun,
      items: planned.plans.map((p) =>
        p.optedOut
          ? itemOf(p, 'skipped', 'opted_out', null)
          : recipientOf(p.customer)
            ? itemOf(p, 'sent', null, null)
            : itemOf(p, 'skipped', 'no_email', null),
      ),
    };
  const actor = remindersActor(orgId);
  const items: ReminderRunItem[] = [];
  for (const { doc } of planned.due) {
    const item = await withOrg(db, orgId, (tx) => remindOne(tx, actor, doc.id, date));
    if (item) items.push(item);
  }
  return { date, enabled: true, dryRun, items };
}

/**
 * The scheduler's daily job: reminders for every organization that has them on, as of `date`.
 * One organization's failure does not stop the others; the job fails at the end to be retried.
 */
export async function runAllReminders(db: Db, date: string): Promise<ReminderRunResult[]> {
  const orgs = await db
    .select({ orgId: salesReminderSettings.orgId })
    .from(salesReminderSettings)
    .where(eq(salesReminderSettings.enabled, true));
  const results: ReminderRunResult[] = [];
  let firstError: unknown;
  for (const { orgId } of orgs) {
    try {
      results.push(await runReminders(db, orgId, { date }));
    } catch (error) {
      firstError ??= error;
    }
  }
  if (firstError) throw firstError;
  return results;
}
