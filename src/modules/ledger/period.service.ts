import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { AppError, invalid } from '../../core/errors.ts';
import type { Queryable, Tx } from '../../db/client.ts';
import { emitEvent } from '../../jobs/outbox.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { fiscalYearContaining } from '../company/company.domain.ts';
import { companyProfileOf } from '../company/company.service.ts';
import { assertCan } from '../identity/permissions.ts';
import { accountForSubtype, getAccount, listAccounts } from './account.service.ts';
import { sumPostings } from './balance.query.ts';
import { checkBusinessDate } from './journal.domain.ts';
import { type PostedEntry, reversalsOf } from './journal.repo.ts';
import { ensureSettingsRow, type LedgerSettings, ledgerSettingsOf, lockLedger } from './ledger.repo.ts';
import { journalEntry, ledgerSettings } from './ledger.table.ts';
import { addDays, closingLines, todayUtc } from './period.domain.ts';
import { booksCurrency, postEntry } from './posting.service.ts';

/** Source type of year-end closing entries; the source id is the fiscal year's last day. */
export const YEAR_CLOSE_SOURCE = 'ledger.year_close';

export interface LockDatesInput {
  /** Nobody posts on or before it; null unlocks. */
  lockDate: string | null;
  /** Roles other than owner, admin and accountant do not post on or before it; null unlocks. */
  nonAccountantLockDate: string | null;
}

/** Sets both lock dates (moving one back reopens the period; it is audited). Needs `ledger:settings`. */
export async function setLockDates(tx: Tx, actor: Actor, input: LockDatesInput): Promise<LedgerSettings> {
  assertCan(actor, 'ledger:settings');
  if (input.lockDate !== null) checkBusinessDate(input.lockDate, 'lockDate');
  if (input.nonAccountantLockDate !== null)
    checkBusinessDate(input.nonAccountantLockDate, 'nonAccountantLockDate');
  // Under the posting lock: a posting in flight either finishes before the new dates apply or sees them.
  await lockLedger(tx, actor.orgId);
  const before = await ledgerSettingsOf(tx, actor.orgId);
  await ensureSettingsRow(tx, actor.orgId);
  await tx
    .update(ledgerSettings)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(ledgerSettings.orgId, actor.orgId));
  const after = await ledgerSettingsOf(tx, actor.orgId);
  await recordAudit(tx, actor, {
    entity: 'ledger_settings',
    entityId: actor.orgId,
    action: 'set_lock_dates',
    before,
    after,
  });
  await emitEvent(tx, actor.orgId, 'ledger.lock_dates_changed', { ...input });
  return after;
}

export interface FiscalYear {
  start: string;
  end: string;
  /** The closing entry, while it stands (not reversed). */
  closingEntryId: string | null;
}

/** The fiscal year containing `date`, by the company profile's fiscal year start. */
export async function fiscalYearOf(
  q: Queryable,
  orgId: string,
  date: string,
): Promise<{ start: string; end: string }> {
  checkBusinessDate(date);
  return fiscalYearContaining(date, (await companyProfileOf(q, orgId)).fiscalYearStart);
}

/** Fiscal years from the first posting (or today) to the year containing today, newest first, with their closing entries. */
export async function listFiscalYears(q: Queryable, orgId: string): Promise<FiscalYear[]> {
  const { fiscalYearStart } = await companyProfileOf(q, orgId);
  const [first] = await q
    .select({ date: journalEntry.date })
    .from(journalEntry)
    .where(and(eq(journalEntry.orgId, orgId), isNotNull(journalEntry.seq)))
    .orderBy(asc(journalEntry.date))
    .limit(1);
  const closings = await standingClosings(q, orgId);
  const today = todayUtc();
  const years: FiscalYear[] = [];
  let year = fiscalYearContaining(first && first.date < today ? first.date : today, fiscalYearStart);
  for (;;) {
    years.push({ ...year, closingEntryId: closings.get(year.end) ?? null });
    if (year.end >= today || years.length > 200) break;
    year = fiscalYearContaining(addDays(year.end, 1), fiscalYearStart);
  }
  // Closed years beyond today (closed early) are shown too.
  for (const [end, id] of closings)
    if (!years.some((y) => y.end === end))
      years.push({ ...fiscalYearContaining(end, fiscalYearStart), closingEntryId: id });
  return years.sort((a, b) => (a.start < b.start ? 1 : -1));
}

/** Closing entries not reversed, by the fiscal year end they close. */
async function standingClosings(q: Queryable, orgId: string): Promise<Map<string, string>> {
  const rows = await q
    .select({ id: journalEntry.id, end: journalEntry.sourceId, reverses: journalEntry.reversesEntryId })
    .from(journalEntry)
    .where(
      and(
        eq(journalEntry.orgId, orgId),
        eq(journalEntry.kind, 'closing'),
        eq(journalEntry.sourceType, YEAR_CLOSE_SOURCE),
      ),
    );
  const originals = rows.filter((r) => r.reverses === null);
  const reversed = await reversalsOf(
    q,
    orgId,
    originals.map((r) => r.id),
  );
  return new Map(originals.filter((r) => !reversed.has(r.id) && r.end).map((r) => [r.end!, r.id]));
}

export interface CloseYearResult {
  /** The closing entry; null when no income or expense account had a balance. */
  entry: PostedEntry | null;
  lockDate: string;
}

/**
 * Closes a fiscal year: posts on its last day one entry moving every income and expense balance to
 * retained earnings (the figures `hledger close --retain` produces), then locks the books up to
 * that day for everyone. Refused when `fiscalYearEnd` is not the last day of a fiscal year (by the
 * company profile), the year is already closed, or the day is already locked. Needs `ledger:settings`.
 */
export async function closeYear(
  tx: Tx,
  actor: Actor,
  fiscalYearEnd: string,
  options: { retainedEarningsAccountId?: string } = {},
): Promise<CloseYearResult> {
  assertCan(actor, 'ledger:settings');
  checkBusinessDate(fiscalYearEnd, 'fiscalYearEnd');
  const year = await fiscalYearOf(tx, actor.orgId, fiscalYearEnd);
  if (year.end !== fiscalYearEnd)
    throw invalid(
      'NOT_FISCAL_YEAR_END',
      `${fiscalYearEnd} is not the last day of a fiscal year; the fiscal year containing it ends on ${year.end}.`,
      { field: 'fiscalYearEnd', fiscalYearEnd: year.end },
    );
  const baseCurrency = await booksCurrency(tx, actor.orgId);
  const retained = options.retainedEarningsAccountId
    ? await getAccount(tx, actor.orgId, options.retainedEarningsAccountId)
    : await accountForSubtype(tx, actor.orgId, 'retained_earnings', 'retained earnings');
  // Nothing may post between reading the balances and posting their reversal.
  await lockLedger(tx, actor.orgId);
  const closedBy = (await standingClosings(tx, actor.orgId)).get(fiscalYearEnd);
  if (closedBy)
    throw new AppError(
      'conflict',
      'YEAR_ALREADY_CLOSED',
      `The fiscal year ending ${fiscalYearEnd} is already closed.`,
      {
        field: 'fiscalYearEnd',
        closingEntryId: closedBy,
      },
    );
  const accounts = await listAccounts(tx, actor.orgId);
  const profitAndLoss = new Map(
    accounts.filter((a) => a.type === 'income' || a.type === 'expense').map((a, i) => [a.id, i]),
  );
  const balances = (await sumPostings(tx, actor.orgId, { to: fiscalYearEnd }))
    .filter((b) => profitAndLoss.has(b.accountId) && (b.amount !== 0n || b.baseAmount !== 0n))
    .sort((a, b) => profitAndLoss.get(a.accountId)! - profitAndLoss.get(b.accountId)!);
  const lines = closingLines(balances, retained.id, baseCurrency);
  const entry = lines.length
    ? await postEntry(
        tx,
        actor,
        {
          date: fiscalYearEnd,
          description: `Year-end close: retain earnings of the fiscal year ${year.start} – ${year.end}`,
          source: { type: YEAR_CLOSE_SOURCE, id: fiscalYearEnd },
          lines,
        },
        { kind: 'closing' },
      )
    : null;
  const settings = await ledgerSettingsOf(tx, actor.orgId);
  if (!entry && settings.lockDate && settings.lockDate >= fiscalYearEnd)
    throw new AppError(
      'unprocessable',
      'PERIOD_LOCKED',
      `The books are already locked up to ${settings.lockDate}.`,
      {
        field: 'fiscalYearEnd',
        lockDate: settings.lockDate,
      },
    );
  const lockDate = settings.lockDate && settings.lockDate > fiscalYearEnd ? settings.lockDate : fiscalYearEnd;
  await ensureSettingsRow(tx, actor.orgId);
  await tx
    .update(ledgerSettings)
    .set({ lockDate, updatedAt: new Date() })
    .where(eq(ledgerSettings.orgId, actor.orgId));
  await recordAudit(tx, actor, {
    entity: 'ledger_settings',
    entityId: actor.orgId,
    action: 'close_year',
    before: settings,
    after: { ...settings, lockDate, closedYear: year, closingEntryId: entry?.id ?? null },
  });
  await emitEvent(tx, actor.orgId, 'ledger.year_closed', {
    fiscalYearStart: year.start,
    fiscalYearEnd,
    closingEntryId: entry?.id ?? null,
    lockDate,
  });
  return { entry, lockDate };
}
