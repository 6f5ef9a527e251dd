import { and, asc, desc, eq, lte, sql } from 'drizzle-orm';
import { type Actor, systemActor } from '../../core/actor.ts';
import { AppError } from '../../core/errors.ts';
import type { Db, Tx } from '../../db/client.ts';
import { withOrg } from '../../db/tenancy.ts';
import { assertCan } from '../identity/permissions.ts';
import { loadDocument } from './document.repo.ts';
import { createDocument } from './document.service.ts';
import { sendSalesDocument } from './document-mail.service.ts';
import { issueDocument } from './invoice.service.ts';
import { lockSequence } from './numbering.service.ts';
import { occurrenceAfter } from './recurring.domain.ts';
import {
  documentInputOf,
  lockSchedule,
  type RecurringRow,
  type RecurringRun,
  seriesOf,
} from './recurring.service.ts';
import { salesRecurringInvoice, salesRecurringRun } from './recurring.table.ts';
import { recordChange } from './sales.kit.ts';

// Creating a schedule's occurrences. One occurrence per transaction, under the schedule's row lock:
// a concurrent tick waits, then finds the occurrence done and the next date moved on; the run's
// primary key (schedule, date) refuses a second row even so. A refusal (a locked period, a customer
// without email) is kept in the run log and the schedule moves on, so it never blocks later
// occurrences; an outage (the database gone) rolls everything back and the job tries again.

/** Sends an issued invoice to its customer in the caller's transaction (delivered after commit). */
export type SendInvoice = (tx: Tx, actor: Actor, invoiceId: string) => Promise<unknown>;

const sendInvoice: SendInvoice = (tx, actor, invoiceId) => sendSalesDocument(tx, actor, 'invoice', invoiceId);

export interface RecurringDeps {
  /** Default: the invoice emailed to the customer with its PDF (sendSalesDocument). */
  send?: SendInvoice;
}

/** Who the scheduler acts as when it creates recurring invoices. */
export const recurringActor = (orgId: string) => systemActor(orgId, 'recurring-invoices');

interface Outcome {
  status: 'succeeded' | 'failed';
  documentId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
}

/** Runs `work` in a savepoint; returns its error (the savepoint rolled back) or null. */
async function inSavepoint(tx: Tx, work: (sp: Tx) => Promise<unknown>): Promise<unknown> {
  try {
    await tx.transaction(async (sp) => {
      await work(sp);
    });
    return null;
  } catch (error) {
    return error ?? new Error('unknown error');
  }
}

const failed = (error: unknown, documentId: string | null): Outcome => ({
  status: 'failed',
  documentId,
  errorCode: error instanceof AppError ? error.code : 'UNEXPECTED',
  errorMessage: (error instanceof Error ? error.message : String(error)).slice(0, 2000),
});

/**
 * Takes an occurrence as far as the mode says: draft, issued, sent. `existing` is the invoice an
 * earlier failed attempt left (a retry continues from where it stopped).
 */
async function carryOut(
  tx: Tx,
  actor: Actor,
  s: RecurringRow,
  date: string,
  existing: string | null,
  deps: RecurringDeps,
): Promise<Outcome> {
  const orgId = actor.orgId;
  const found = existing ? await loadDocument(tx, orgId, 'invoice', existing).catch(() => null) : null;
  const issuing = s.mode !== 'draft' && (!found || found.status === 'draft');
  // The sequence's lock before the audit lock that creating takes (the order every issue keeps).
  if (issuing) await lockSequence(tx, orgId, 'invoice', found?.issueDate ?? date);
  let documentId = found?.id ?? null;
  if (!documentId) {
    const error = await inSavepoint(tx, async (sp) => {
      documentId = (await createDocument(sp, actor, 'invoice', documentInputOf(s, date))).id;
    });
    if (error) return failed(error, null);
  }
  const id = documentId!;
  if (issuing) {
    const error = await inSavepoint(tx, (sp) => issueDocument(sp, actor, 'invoice', id));
    if (error) return failed(error, id);
  }
  if (s.mode === 'issue_and_send') {
    const send = deps.send ?? sendInvoice;
    const error = await inSavepoint(tx, (sp) => send(sp, actor, id));
    if (error) return failed(error, id);
  }
  return { status: 'succeeded', documentId: id, errorCode: null, errorMessage: null };
}

const isDue = (s: { status: string; nextDate: string | null }, today: string) =>
  s.status === 'active' && s.nextDate !== null && s.nextDate <= today;

export interface OccurrenceResult extends Outcome {
  scheduleId: string;
  occurrenceDate: string;
}

/** Creates the schedule's next occurrence if it is due by `today`; null when none is. */
async function runNextOccurrence(
  db: Db,
  orgId: string,
  scheduleId: string,
  today: string,
  deps: RecurringDeps,
): Promise<OccurrenceResult | null> {
  return withOrg(db, orgId, async (tx) => {
    const s = await lockSchedule(tx, orgId, scheduleId).catch(() => null);
    if (!s || !isDue(s, today)) return null;
    const date = s.nextDate!;
    const actor = recurringActor(orgId);
    const [done] = await tx
      .select({ status: salesRecurringRun.status })
      .from(salesRecurringRun)
      .where(runKey(orgId, scheduleId, date));
    // Already made (the rule was edited back onto a past date): only move on.
    const outcome = done ? null : await carryOut(tx, actor, s, date, null, deps);
    if (outcome)
      await tx.insert(salesRecurringRun).values({ orgId, scheduleId, occurrenceDate: date, ...outcome });
    await tx
      .update(salesRecurringInvoice)
      .set({
        nextDate: occurrenceAfter(seriesOf(s), date),
        lastDate: date,
        ...(outcome
          ? {
              lastStatus: outcome.status,
              createdCount: sql`${salesRecurringInvoice.createdCount} + ${outcome.documentId ? 1 : 0}`,
              failedCount: sql`${salesRecurringInvoice.failedCount} + ${outcome.status === 'failed' ? 1 : 0}`,
            }
          : {}),
        updatedAt: new Date(),
      })
      .where(and(eq(salesRecurringInvoice.orgId, orgId), eq(salesRecurringInvoice.id, scheduleId)));
    if (!outcome) return null;
    await recordChange(
      tx,
      actor,
      {
        entity: 'recurring_invoice',
        entityId: scheduleId,
        action: 'run',
        after: { occurrenceDate: date, ...outcome },
      },
      outcome.status === 'succeeded' ? 'recurring_invoice.ran' : 'recurring_invoice.failed',
      { occurrenceDate: date, documentId: outcome.documentId, errorCode: outcome.errorCode },
    );
    return { scheduleId, occurrenceDate: date, ...outcome };
  });
}

const runKey = (orgId: string, scheduleId: string, date: string) =>
  and(
    eq(salesRecurringRun.orgId, orgId),
    eq(salesRecurringRun.scheduleId, scheduleId),
    eq(salesRecurringRun.occurrenceDate, date),
  );

/** Every occurrence of one schedule due by `today`, oldest first. */
export async function runDueOccurrences(
  db: Db,
  orgId: string,
  scheduleId: string,
  today: string,
  deps: RecurringDeps = {},
): Promise<OccurrenceResult[]> {
  const results: OccurrenceResult[] = [];
  // Bounded so that a rule edited into something absurd cannot keep one call busy for ever.
  for (let i = 0; i < 1000; i++) {
    const result = await runNextOccurrence(db, orgId, scheduleId, today, deps);
    if (!result) {
      // An occurrence only skipped (already made) returns null too: look again unless nothing is due.
      const [s] = await withOrg(db, orgId, (tx) =>
        tx
          .select({ nextDate: salesRecurringInvoice.nextDate, status: salesRecurringInvoice.status })
          .from(salesRecurringInvoice)
          .where(and(eq(salesRecurringInvoice.orgId, orgId), eq(salesRecurringInvoice.id, scheduleId))),
      );
      if (!s || !isDue(s, today)) break;
      continue;
    }
    results.push(result);
  }
  return results;
}

/**
 * The scheduler's job: every active schedule of every organization (or of one) with an occurrence
 * due by `today`. Reads across organizations as the platform (owner) connection; each occurrence
 * is then created inside its organization. One schedule's outage does not stop the others; the
 * job fails at the end so the scheduler retries it.
 */
export async function runAllDueRecurringInvoices(
  db: Db,
  today: string,
  deps: RecurringDeps = {},
  options: { orgId?: string } = {},
): Promise<OccurrenceResult[]> {
  const due = await db
    .select({ orgId: salesRecurringInvoice.orgId, id: salesRecurringInvoice.id })
    .from(salesRecurringInvoice)
    .where(
      and(
        eq(salesRecurringInvoice.status, 'active'),
        lte(salesRecurringInvoice.nextDate, today),
        options.orgId ? eq(salesRecurringInvoice.orgId, options.orgId) : undefined,
      ),
    )
    .orderBy(asc(salesRecurringInvoice.nextDate), asc(salesRecurringInvoice.id));
  const results: OccurrenceResult[] = [];
  let firstError: unknown;
  for (const s of due) {
    try {
      results.push(...(await runDueOccurrences(db, s.orgId, s.id, today, deps)));
    } catch (error) {
      firstError ??= error;
    }
  }
  if (firstError) throw firstError;
  return results;
}

/** "Run now": the schedule's due occurrences at once instead of at the next tick. */
export async function runRecurringNow(
  db: Db,
  actor: Actor,
  scheduleId: string,
  today: string,
  deps: RecurringDeps = {},
): Promise<OccurrenceResult[]> {
  const s = await withOrg(db, actor.orgId, (tx) => lockSchedule(tx, actor.orgId, scheduleId));
  assertCan(actor, s.mode === 'draft' ? 'invoice:write' : 'invoice:issue');
  return runDueOccurrences(db, actor.orgId, scheduleId, today, deps);
}

/**
 * Tries a failed occurrence again (by default the latest failed one), continuing from the invoice
 * it left, if any.
 */
export async function retryRecurringRun(
  tx: Tx,
  actor: Actor,
  scheduleId: string,
  date: string | null,
  deps: RecurringDeps = {},
): Promise<RecurringRun> {
  const orgId = actor.orgId;
  const s = await lockSchedule(tx, orgId, scheduleId);
  assertCan(actor, s.mode === 'draft' ? 'invoice:write' : 'invoice:issue');
  const [run] = await tx
    .select()
    .from(salesRecurringRun)
    .where(
      date
        ? runKey(orgId, scheduleId, date)
        : and(
            eq(salesRecurringRun.orgId, orgId),
            eq(salesRecurringRun.scheduleId, scheduleId),
            eq(salesRecurringRun.status, 'failed'),
          ),
    )
    .orderBy(desc(salesRecurringRun.occurrenceDate))
    .limit(1)
    .for('update');
  if (!run)
    throw new AppError(
      'not_found',
      'RECURRING_RUN_NOT_FOUND',
      date ? `No run of this schedule on ${date}.` : 'This schedule has no failed run.',
      { field: 'occurrenceDate' },
    );
  const occurrenceDate = run.occurrenceDate;
  if (run.status !== 'failed')
    throw new AppError('conflict', 'RECURRING_RUN_NOT_FAILED', 'Only a failed run can be tried again.', {
      status: run.status,
    });
  const outcome = await carryOut(tx, actor, s, occurrenceDate, run.documentId, deps);
  const [after] = await tx
    .update(salesRecurringRun)
    .set({ ...outcome, attempts: run.attempts + 1, updatedAt: new Date() })
    .where(runKey(orgId, scheduleId, occurrenceDate))
    .returning();
  const madeNow = !run.documentId && outcome.documentId ? 1 : 0;
  const fixed = outcome.status === 'succeeded' ? 1 : 0;
  await tx
    .update(salesRecurringInvoice)
    .set({
      createdCount: sql`${salesRecurringInvoice.createdCount} + ${madeNow}`,
      failedCount: sql`${salesRecurringInvoice.failedCount} - ${fixed}`,
      ...(s.lastDate === occurrenceDate ? { lastStatus: outcome.status } : {}),
      updatedAt: new Date(),
    })
    .where(and(eq(salesRecurringInvoice.orgId, orgId), eq(salesRecurringInvoice.id, scheduleId)));
  await recordChange(
    tx,
    actor,
    { entity: 'recurring_invoice', entityId: scheduleId, action: 'retry', before: run, after },
    outcome.status === 'succeeded' ? 'recurring_invoice.ran' : 'recurring_invoice.failed',
    { occurrenceDate, documentId: outcome.documentId, errorCode: outcome.errorCode },
  );
  return after!;
}
