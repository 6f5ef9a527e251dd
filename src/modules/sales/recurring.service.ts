import { and, asc, desc, eq, gt, lt, or, sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { Queryable, Tx } from '../../db/client.ts';
import { assertCan } from '../identity/permissions.ts';
import { type Customer, getActiveCustomer } from './customer.service.ts';
import { createDocument, type DocumentInput, type LineInput } from './document.service.ts';
import {
  describeRule,
  nextOccurrenceOnOrAfter,
  occurrenceAfter,
  presetRule,
  type RecurrencePreset,
  type Series,
  scheduleRule,
} from './recurring.domain.ts';
import { type RecurringTemplate, salesRecurringInvoice, salesRecurringRun } from './recurring.table.ts';
import { recipientOf } from './reminder-run.service.ts';
import { recordChange } from './sales.kit.ts';

// Recurring invoice schedules: a template invoice, a rule, a start and an end. Creating and editing
// check the template exactly as an invoice would be checked (a draft made and rolled back), so a
// schedule that is accepted can create its invoices.

export type RecurringMode = 'draft' | 'issue' | 'issue_and_send';
export type RecurringRow = typeof salesRecurringInvoice.$inferSelect;
export type RecurringRun = typeof salesRecurringRun.$inferSelect;

export interface RecurringInput extends Omit<DocumentInput, 'issueDate' | 'dueDate' | 'relatedDocumentId'> {
  name?: string | null;
  /** Either a preset or an RRULE. */
  preset?: RecurrencePreset | null;
  rrule?: string | null;
  startDate: string;
  endDate?: string | null;
  count?: number | null;
  mode?: RecurringMode;
}

const notFound = (id: string) =>
  new AppError('not_found', 'RECURRING_INVOICE_NOT_FOUND', `No recurring invoice with id ${id}.`, { id });

const str = (v: number | bigint | null | undefined) => (v === null || v === undefined ? null : String(v));
const num = (v: string | null) => (v === null ? null : BigInt(v));

export function templateOf(input: Omit<RecurringInput, 'startDate'>): RecurringTemplate {
  return {
    currency: input.currency ?? null,
    paymentTermsDays: input.paymentTermsDays ?? null,
    paymentTerms: input.paymentTerms ?? null,
    buyerReference: input.buyerReference ?? null,
    pricesIncludeTax: input.pricesIncludeTax ?? false,
    discountPercent: input.discountPercent ?? null,
    discountAmount: str(input.discountAmount),
    discountReason: input.discountReason ?? null,
    notes: input.notes ?? null,
    terms: input.terms ?? null,
    lines: input.lines.map((l) => ({
      itemId: l.itemId ?? null,
      name: l.name ?? null,
      description: l.description ?? null,
      quantity: String(l.quantity),
      unitCode: l.unitCode ?? null,
      unitPrice: str(l.unitPrice),
      discountPercent: l.discountPercent ?? null,
      discountAmount: str(l.discountAmount),
      taxRateId: l.taxRateId ?? null,
      accountId: l.accountId ?? null,
    })),
  };
}

/** The invoice an occurrence on `issueDate` creates. */
export function documentInputOf(
  s: Pick<RecurringRow, 'customerId' | 'template'>,
  issueDate: string,
): DocumentInput {
  const t = s.template;
  const opt = <T>(v: T | null) => v ?? undefined;
  return {
    customerId: s.customerId,
    issueDate,
    currency: opt(t.currency),
    paymentTermsDays: t.paymentTermsDays,
    paymentTerms: t.paymentTerms,
    buyerReference: t.buyerReference,
    pricesIncludeTax: t.pricesIncludeTax,
    discountPercent: t.discountPercent,
    discountAmount: num(t.discountAmount),
    discountReason: t.discountReason,
    notes: t.notes,
    terms: t.terms,
    lines: t.lines.map(
      (l): LineInput => ({
        itemId: l.itemId,
        name: opt(l.name),
        description: l.description,
        quantity: l.quantity,
        unitCode: opt(l.unitCode),
        unitPrice: opt(num(l.unitPrice)),
        discountPercent: l.discountPercent,
        discountAmount: num(l.discountAmount),
        taxRateId: opt(l.taxRateId),
        accountId: opt(l.accountId),
      }),
    ),
  };
}

class DryRun extends Error {}

/** Makes the invoice an occurrence would make, then rolls it back: the same checks, the same fields. */
async function checkTemplate(
  tx: Tx,
  actor: Actor,
  s: Pick<RecurringRow, 'customerId' | 'template'>,
  date: string,
) {
  await tx
    .transaction(async (savepoint) => {
      await createDocument(savepoint, actor, 'invoice', documentInputOf(s, date));
      throw new DryRun();
    })
    .catch((error: unknown) => {
      if (!(error instanceof DryRun)) throw error;
    });
}

function ruleOf(input: Pick<RecurringInput, 'preset' | 'rrule'>, startDate: string) {
  if (input.preset && input.rrule)
    throw new AppError('invalid', 'PRESET_OR_RRULE', 'Give either a preset or an RRULE, not both.', {
      field: 'rrule',
    });
  if (!input.preset && !input.rrule)
    throw new AppError('invalid', 'RULE_REQUIRED', 'Choose a preset or write an RRULE.', { field: 'preset' });
  const rrule = input.preset
    ? presetRule(input.preset, startDate)
    : input.rrule!.trim().replace(/^RRULE:/i, '');
  scheduleRule(rrule, startDate);
  return { rrule, preset: input.preset ?? null };
}

function checkEnd(startDate: string, endDate: string | null) {
  if (endDate !== null && endDate < startDate)
    throw new AppError('invalid', 'END_BEFORE_START', 'The end date is before the start date.', {
      field: 'endDate',
    });
}

const permissionFor = (actor: Actor, mode: RecurringMode) =>
  assertCan(actor, mode === 'draft' ? 'invoice:write' : 'invoice:issue');

const seriesOf = (s: Pick<RecurringRow, 'rrule' | 'startDate' | 'endDate' | 'count'>): Series => ({
  rrule: s.rrule,
  startDate: s.startDate,
  endDate: s.endDate,
  count: s.count,
});

/**
 * The next occurrence to create: the first on or after `today` and after the last one created.
 * Occurrences before the day a schedule is made or resumed are not created; invoices for past
 * periods are made by hand.
 */
function nextDateOf(
  s: Pick<RecurringRow, 'rrule' | 'startDate' | 'endDate' | 'count' | 'lastDate'>,
  today: string,
) {
  const series = seriesOf(s);
  const next = nextOccurrenceOnOrAfter(series, today);
  if (!next || !s.lastDate || next > s.lastDate) return next;
  return occurrenceAfter(series, s.lastDate);
}

export async function createRecurringInvoice(
  tx: Tx,
  actor: Actor,
  input: RecurringInput,
  today: string,
): Promise<RecurringRow> {
  const mode = input.mode ?? 'draft';
  permissionFor(actor, mode);
  const { rrule, preset } = ruleOf(input, input.startDate);
  checkEnd(input.startDate, input.endDate ?? null);
  const customer = await getActiveCustomer(tx, actor.orgId, input.customerId, 'customerId');
  const base = {
    customerId: customer.id,
    template: templateOf(input),
    rrule,
    startDate: input.startDate,
    endDate: input.endDate ?? null,
    count: input.count ?? null,
    lastDate: null,
  };
  checkMode(customer, mode);
  const nextDate = nextDateOf(base, today);
  await checkTemplate(tx, actor, base, nextDate ?? input.startDate);
  const id = newId('rec');
  const [row] = await tx
    .insert(salesRecurringInvoice)
    .values({
      ...base,
      orgId: actor.orgId,
      id,
      name: input.name?.trim() || `${customer.name}: ${describeRule(rrule, input.startDate)}`,
      preset,
      mode,
      nextDate,
      createdBy: actor.id,
    })
    .returning();
  await recordChange(
    tx,
    actor,
    { entity: 'recurring_invoice', entityId: id, action: 'create', after: row },
    'recurring_invoice.created',
  );
  return row!;
}

function checkMode(customer: Customer, mode: RecurringMode) {
  if (mode === 'issue_and_send' && !recipientOf(customer))
    throw new AppError(
      'unprocessable',
      'CUSTOMER_EMAIL_REQUIRED',
      'The customer has no email address to send the invoices to.',
      { field: 'mode' },
    );
}

async function lockSchedule(tx: Tx, orgId: string, id: string): Promise<RecurringRow> {
  const [row] = await tx
    .select()
    .from(salesRecurringInvoice)
    .where(and(eq(salesRecurringInvoice.orgId, orgId), eq(salesRecurringInvoice.id, id)))
    .for('update');
  if (!row) throw notFound(id);
  return row;
}

export async function getRecurringInvoice(q: Queryable, orgId: string, id: string): Promise<RecurringRow> {
  const [row] = await q
    .select()
    .from(salesRecurringInvoice)
    .where(and(eq(salesRecurringInvoice.orgId, orgId), eq(salesRecurringInvoice.id, id)));
  if (!row) throw notFound(id);
  return row;
}

/** Changes a schedule; the template, rule, dates and mode apply from the next occurrence on. */
export async function updateRecurringInvoice(
  tx: Tx,
  actor: Actor,
  id: string,
  patch: Partial<RecurringInput>,
  today: string,
): Promise<RecurringRow> {
  const before = await lockSchedule(tx, actor.orgId, id);
  const mode = patch.mode ?? (before.mode as RecurringMode);
  permissionFor(actor, mode);
  const startDate = patch.startDate ?? before.startDate;
  let rule = { rrule: before.rrule, preset: before.preset };
  if (patch.preset || patch.rrule)
    rule = ruleOf({ preset: patch.preset ?? null, rrule: patch.rrule ?? null }, startDate);
  else if (before.preset && patch.startDate !== undefined)
    rule = ruleOf({ preset: before.preset }, startDate);
  else scheduleRule(rule.rrule, startDate);
  const { rrule, preset } = rule;
  const endDate = patch.endDate !== undefined ? patch.endDate : before.endDate;
  checkEnd(startDate, endDate);
  const customer = await getActiveCustomer(
    tx,
    actor.orgId,
    patch.customerId ?? before.customerId,
    'customerId',
  );
  const current = documentInputOf(before, before.nextDate ?? today);
  const template = templateOf({ ...current, ...stripUndefined(patch), customerId: customer.id });
  const next = {
    customerId: customer.id,
    template,
    rrule,
    startDate,
    endDate,
    count: patch.count !== undefined ? patch.count : before.count,
    lastDate: before.lastDate,
  };
  checkMode(customer, mode);
  const nextDate = before.status === 'paused' ? before.nextDate : nextDateOf(next, today);
  await checkTemplate(tx, actor, next, nextDate ?? startDate);
  const [after] = await tx
    .update(salesRecurringInvoice)
    .set({
      ...next,
      preset,
      mode,
      name: patch.name?.trim() || before.name,
      nextDate,
      updatedAt: new Date(),
    })
    .where(and(eq(salesRecurringInvoice.orgId, actor.orgId), eq(salesRecurringInvoice.id, id)))
    .returning();
  await recordChange(
    tx,
    actor,
    { entity: 'recurring_invoice', entityId: id, action: 'update', before, after },
    'recurring_invoice.updated',
  );
  return after!;
}

const stripUndefined = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/**
 * Pauses or resumes. Occurrences that fall while paused are not created; resuming continues with
 * the first occurrence on or after `today`.
 */
export async function setRecurringStatus(
  tx: Tx,
  actor: Actor,
  id: string,
  status: 'active' | 'paused',
  today: string,
): Promise<RecurringRow> {
  const before = await lockSchedule(tx, actor.orgId, id);
  permissionFor(actor, before.mode as RecurringMode);
  if (before.status === status) return before;
  const [after] = await tx
    .update(salesRecurringInvoice)
    .set({
      status,
      ...(status === 'active' ? { nextDate: nextDateOf(before, today) } : {}),
      updatedAt: new Date(),
    })
    .where(and(eq(salesRecurringInvoice.orgId, actor.orgId), eq(salesRecurringInvoice.id, id)))
    .returning();
  await recordChange(
    tx,
    actor,
    {
      entity: 'recurring_invoice',
      entityId: id,
      action: status === 'active' ? 'resume' : 'pause',
      before: { status: before.status, nextDate: before.nextDate },
      after: { status, nextDate: after!.nextDate },
    },
    status === 'active' ? 'recurring_invoice.resumed' : 'recurring_invoice.paused',
  );
  return after!;
}

/** Deletes a schedule that has not created an invoice yet; one that has is paused or ended instead. */
export async function deleteRecurringInvoice(tx: Tx, actor: Actor, id: string): Promise<void> {
  const before = await lockSchedule(tx, actor.orgId, id);
  permissionFor(actor, 'draft');
  const [made] = await tx
    .select({ documentId: salesRecurringRun.documentId })
    .from(salesRecurringRun)
    .where(
      and(
        eq(salesRecurringRun.orgId, actor.orgId),
        eq(salesRecurringRun.scheduleId, id),
        sql`${salesRecurringRun.documentId} is not null`,
      ),
    )
    .limit(1);
  if (made)
    throw new AppError(
      'conflict',
      'RECURRING_INVOICE_HAS_INVOICES',
      'This schedule has created invoices; pause it or give it an end date instead, so the invoices keep their link to it.',
    );
  await tx
    .delete(salesRecurringInvoice)
    .where(and(eq(salesRecurringInvoice.orgId, actor.orgId), eq(salesRecurringInvoice.id, id)));
  await recordChange(
    tx,
    actor,
    { entity: 'recurring_invoice', entityId: id, action: 'delete', before },
    'recurring_invoice.deleted',
  );
}

/** Schedules by name then id; the cursor is the last id. */
export async function listRecurringInvoices(
  q: Queryable,
  orgId: string,
  page: { limit: number; cursor?: string; customerId?: string },
): Promise<{ items: RecurringRow[]; nextCursor: string | null }> {
  const rows = await q
    .select()
    .from(salesRecurringInvoice)
    .where(
      and(
        eq(salesRecurringInvoice.orgId, orgId),
        page.customerId ? eq(salesRecurringInvoice.customerId, page.customerId) : undefined,
        page.cursor ? gt(salesRecurringInvoice.id, page.cursor) : undefined,
      ),
    )
    .orderBy(asc(salesRecurringInvoice.id))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  return { items, nextCursor: rows.length > page.limit ? items.at(-1)!.id : null };
}

/** A schedule's runs, newest occurrence first; the cursor is the last occurrence date. */
export async function listRecurringRuns(
  q: Queryable,
  orgId: string,
  scheduleId: string,
  page: { limit: number; cursor?: string },
): Promise<{ items: RecurringRun[]; nextCursor: string | null }> {
  const rows = await q
    .select()
    .from(salesRecurringRun)
    .where(
      and(
        eq(salesRecurringRun.orgId, orgId),
        eq(salesRecurringRun.scheduleId, scheduleId),
        page.cursor && /^\d{4}-\d{2}-\d{2}$/.test(page.cursor)
          ? lt(salesRecurringRun.occurrenceDate, page.cursor)
          : undefined,
      ),
    )
    .orderBy(desc(salesRecurringRun.occurrenceDate))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  return { items, nextCursor: rows.length > page.limit ? items.at(-1)!.occurrenceDate : null };
}

/** The latest run of each schedule, for lists. */
export async function lastRunsOf(
  q: Queryable,
  orgId: string,
  ids: string[],
): Promise<Map<string, RecurringRun>> {
  if (ids.length === 0) return new Map();
  const rows = await q
    .selectDistinctOn([salesRecurringRun.scheduleId])
    .from(salesRecurringRun)
    .where(
      and(eq(salesRecurringRun.orgId, orgId), or(...ids.map((id) => eq(salesRecurringRun.scheduleId, id)))),
    )
    .orderBy(salesRecurringRun.scheduleId, desc(salesRecurringRun.occurrenceDate));
  return new Map(rows.map((r) => [r.scheduleId, r]));
}

export { lockSchedule, nextDateOf, seriesOf };
