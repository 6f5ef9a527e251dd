import type { z } from '@hono/zod-openapi';
import { and, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { RecurrencePreset } from './recurring.contracts.ts';
import { describeRule } from './recurring.domain.ts';
import { lastRunsOf, nextDateOf, type RecurringRow, type RecurringRun } from './recurring.service.ts';
import { customer } from './sales.table.ts';

// Recurring invoice schedules as the API and the CLI show them: the template's amounts as JSON
// integers, the rule in words, status (active, paused or ended), last and next run.

const num = (v: string | null) => (v === null ? null : Number(v));

export function runView(r: RecurringRun) {
  return {
    occurrenceDate: r.occurrenceDate,
    status: r.status as 'succeeded' | 'failed',
    documentId: r.documentId,
    errorCode: r.errorCode,
    errorMessage: r.errorMessage,
    attempts: r.attempts,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function recurringView(
  s: RecurringRow,
  customerName: string,
  lastRun: RecurringRun | undefined,
  on: string,
) {
  const t = s.template;
  const ended = s.nextDate === null;
  // A paused schedule shows where it would pick up if resumed today.
  const upcoming = s.status === 'paused' ? nextDateOf(s, on) : s.nextDate;
  return {
    id: s.id,
    name: s.name,
    customerId: s.customerId,
    customerName,
    ...t,
    discountAmount: num(t.discountAmount),
    lines: t.lines.map((l) => ({ ...l, unitPrice: num(l.unitPrice), discountAmount: num(l.discountAmount) })),
    rrule: s.rrule,
    preset: s.preset as z.infer<typeof RecurrencePreset> | null,
    ruleText: describeRule(s.rrule, s.startDate),
    startDate: s.startDate,
    endDate: s.endDate,
    count: s.count,
    mode: s.mode as 'draft' | 'issue' | 'issue_and_send',
    status: s.status === 'paused' ? ('paused' as const) : ended ? ('ended' as const) : ('active' as const),
    nextRunDate: s.status === 'active' ? s.nextDate : null,
    nextOccurrenceDate: upcoming,
    lastRunDate: s.lastDate,
    lastRun: lastRun ? runView(lastRun) : null,
    createdCount: s.createdCount,
    failedCount: s.failedCount,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

/** Schedules as the API shows them: with their customer's name and last run. */
export async function recurringViews(q: Queryable, orgId: string, rows: RecurringRow[], on: string) {
  const ids = [...new Set(rows.map((r) => r.customerId))];
  const names = ids.length
    ? await q
        .select({ id: customer.id, name: customer.name })
        .from(customer)
        .where(and(eq(customer.orgId, orgId), inArray(customer.id, ids)))
    : [];
  const last = await lastRunsOf(
    q,
    orgId,
    rows.map((r) => r.id),
  );
  return rows.map((r) =>
    recurringView(r, names.find((n) => n.id === r.customerId)?.name ?? '', last.get(r.id), on),
  );
}
