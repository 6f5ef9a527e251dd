import { eq, sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { type Queryable, queryOne, type Tx } from '../../db/client.ts';
import { assertCan } from '../identity/permissions.ts';
import { invalidPattern } from './errors.ts';
import { recordChange } from './sales.kit.ts';
import { salesNumberSequence, salesSettings } from './sales.table.ts';
import type { TaxRounding } from './tax.domain.ts';

// Document numbers from gapless sequences. The counter row is locked (SELECT … FOR UPDATE through
// the upsert) by the issuing transaction until it commits: a concurrent issue waits, and a
// transaction that rolls back gives its number back, so issued numbers have no holes.

export type SequenceKind = 'invoice' | 'credit_note' | 'quote';

export interface SalesSettings {
  taxRounding: TaxRounding;
  invoicePattern: string;
  creditNotePattern: string;
  quotePattern: string;
}

const DEFAULTS: SalesSettings = {
  taxRounding: 'line',
  invoicePattern: 'INV-{YYYY}-{0000}',
  creditNotePattern: 'CN-{YYYY}-{0000}',
  quotePattern: 'QUO-{YYYY}-{0000}',
};

export async function salesSettingsOf(q: Queryable, orgId: string): Promise<SalesSettings> {
  const [row] = await q.select().from(salesSettings).where(eq(salesSettings.orgId, orgId));
  if (!row) return DEFAULTS;
  return {
    taxRounding: row.taxRounding as TaxRounding,
    invoicePattern: row.invoicePattern,
    creditNotePattern: row.creditNotePattern,
    quotePattern: row.quotePattern,
  };
}

const COUNTER = /\{(0+)\}/g;

/** A pattern has exactly one counter `{000…}` and otherwise only {YYYY}, {YY}, {MM} and plain text. */
export function checkPattern(pattern: string, field: string): void {
  const counters = pattern.match(COUNTER) ?? [];
  const rest = pattern.replace(COUNTER, '').replace(/\{(YYYY|YY|MM)\}/g, '');
  if (counters.length !== 1 || /[{}]/.test(rest) || pattern.length > 40 || /[\s/\\]/.test(rest))
    throw invalidPattern(field);
}

/** The counter's period: numbering restarts each year (or month) the pattern shows. */
export function periodOf(pattern: string, date: string): string {
  if (pattern.includes('{MM}')) return date.slice(0, 7);
  if (pattern.includes('{YYYY}') || pattern.includes('{YY}')) return date.slice(0, 4);
  return '';
}

export function formatNumber(pattern: string, date: string, n: number): string {
  return pattern
    .replace('{YYYY}', date.slice(0, 4))
    .replace('{YY}', date.slice(2, 4))
    .replace('{MM}', date.slice(5, 7))
    .replace(COUNTER, (_m, zeros: string) => String(n).padStart(zeros.length, '0'));
}

/**
 * The next number of `kind` for a document dated `date`, in the caller's transaction, which holds
 * the counter's row lock until it ends. Take it before auditing or posting (the audit and ledger
 * locks come after it everywhere), so that issuers never wait on each other in a cycle.
 */
export async function nextNumber(tx: Tx, orgId: string, kind: SequenceKind, date: string): Promise<string> {
  const settings = await salesSettingsOf(tx, orgId);
  const pattern =
    kind === 'invoice'
      ? settings.invoicePattern
      : kind === 'credit_note'
        ? settings.creditNotePattern
        : settings.quotePattern;
  const period = periodOf(pattern, date);
  // INSERT … ON CONFLICT DO UPDATE locks the row like SELECT … FOR UPDATE and increments it at once.
  const row = await queryOne<{ last_number: string }>(
    tx,
    sql`insert into ${salesNumberSequence} (org_id, kind, period, last_number) values (${orgId}, ${kind}, ${period}, 1)
      on conflict (org_id, kind, period) do update set last_number = ${salesNumberSequence.lastNumber} + 1
      returning last_number::text`,
  );
  return formatNumber(pattern, date, Number(row!.last_number));
}

/**
 * Takes the counter's row lock without using a number, for a use case that audits before it
 * numbers (voiding writes the credit note, then issues it): the lock order stays sequence first.
 */
export async function lockSequence(tx: Tx, orgId: string, kind: SequenceKind, date: string): Promise<void> {
  const settings = await salesSettingsOf(tx, orgId);
  const pattern =
    kind === 'invoice'
      ? settings.invoicePattern
      : kind === 'credit_note'
        ? settings.creditNotePattern
        : settings.quotePattern;
  await tx.execute(
    sql`insert into ${salesNumberSequence} (org_id, kind, period, last_number) values (${orgId}, ${kind}, ${periodOf(pattern, date)}, 0)
      on conflict (org_id, kind, period) do update set last_number = ${salesNumberSequence.lastNumber}`,
  );
}

export async function updateSalesSettings(
  tx: Tx,
  actor: Actor,
  input: Partial<SalesSettings>,
): Promise<SalesSettings> {
  assertCan(actor, 'sales:settings');
  const before = await salesSettingsOf(tx, actor.orgId);
  const after = {
    ...before,
    ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
  };
  checkPattern(after.invoicePattern, 'invoicePattern');
  checkPattern(after.creditNotePattern, 'creditNotePattern');
  checkPattern(after.quotePattern, 'quotePattern');
  await tx
    .insert(salesSettings)
    .values({ orgId: actor.orgId, ...after })
    .onConflictDoUpdate({ target: salesSettings.orgId, set: { ...after, updatedAt: new Date() } });
  await recordChange(
    tx,
    actor,
    { entity: 'sales_settings', entityId: actor.orgId, action: 'update', before, after },
    'sales_settings.updated',
  );
  return after;
}
