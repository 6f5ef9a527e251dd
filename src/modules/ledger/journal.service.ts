import { and, eq } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { invalid } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { Tx } from '../../db/client.ts';
import { pgError, UNIQUE_VIOLATION } from '../../db/errors.ts';
import { emitEvent } from '../../jobs/outbox.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { requireBaseCurrency } from '../company/company.service.ts';
import { assertCan } from '../identity/permissions.ts';
import { accountForSubtype } from './account.service.ts';
import { baseCurrencyChanged, entryAlreadyPosted, entryAlreadyReversed, entryNotPosted } from './errors.ts';
import {
  checkBalanced,
  checkBusinessDate,
  checkEntry,
  checkNotLocked,
  entryHash,
  type HashedEntry,
  type JournalEntryInput,
  type JournalLineInput,
  parseRate,
  priceLines,
  TEXT_LIMITS,
} from './journal.domain.ts';
import {
  addToRollups,
  checkAccountsOpen,
  type EntryKind,
  entryRow,
  getEntry,
  type PostedEntry,
  reversalsOf,
  tableRatesFor,
} from './journal.repo.ts';
import { chainHeadAndSettings, lockLedger } from './ledger.repo.ts';
import { journalDraftLine, journalEntry, journalLine, ledgerSettings } from './ledger.table.ts';

interface PostPlan {
  kind: EntryKind;
  reversesEntryId?: string;
  /** Posting an existing draft: its row is updated instead of a new one inserted. */
  draft?: { id: string; createdAt: Date; createdBy: string };
}

/**
 * Posts a journal entry in the caller's transaction: THE way any module records money moving.
 *
 * Validates (two or more lines, non-zero bigint amounts, open accounts of this organization, ISO
 * currencies, balanced per currency, a real date outside the period locked for `actor`'s role),
 * computes base amounts (rate 1 in the base currency; otherwise the line's rate or the exchange
 * rate on or before the date, rounded half away from zero, residue on the largest line), numbers
 * the entry and chains its hash, updates the balance rollups, audits and emits
 * `ledger.entry_posted`. It checks no permission: the calling use case decides who may post
 * (an invoice posted by a manager still posts). Errors are AppErrors naming the field and line.
 */
export async function postJournal(tx: Tx, actor: Actor, entry: JournalEntryInput): Promise<PostedEntry> {
  return postEntry(tx, actor, entry, { kind: 'standard' });
}

/** `postJournal` for people: needs `ledger:post` (manual journal entries from the API and CLI). */
export async function postManualEntry(tx: Tx, actor: Actor, entry: JournalEntryInput): Promise<PostedEntry> {
  assertCan(actor, 'ledger:post');
  return postJournal(tx, actor, entry);
}

/** Shared by direct posting, drafts, reversals and the year-end close. */
export async function postEntry(
  tx: Tx,
  actor: Actor,
  entry: JournalEntryInput,
  plan: PostPlan,
): Promise<PostedEntry> {
  const orgId = actor.orgId;
  const baseCurrency = await requireBaseCurrency(tx, orgId);
  const lines = checkEntry(entry, baseCurrency);
  checkBalanced(lines);
  await checkAccountsOpen(tx, orgId, lines);
  const tableRates = await tableRatesFor(tx, orgId, lines, baseCurrency, entry.date);
  const priced = priceLines(lines, baseCurrency, (line) =>
    line.rate !== undefined ? parseRate(line.rate)! : tableRates.get(line.currency)!,
  );

  // From here to commit, postings of this organization go one at a time: the number and the hash
  // chain need the previous entry, and the lock dates are read under the same lock that moves them.
  await lockLedger(tx, orgId);
  const head = await chainHeadAndSettings(tx, orgId);
  if (head.settings.baseCurrency && head.settings.baseCurrency !== baseCurrency)
    throw baseCurrencyChanged(head.settings.baseCurrency, baseCurrency);
  checkNotLocked(entry.date, actor.role, head.settings);

  const id = plan.draft?.id ?? newId('je');
  const hashed: HashedEntry = {
    seq: head.seq + 1,
    id,
    kind: plan.kind,
    date: entry.date,
    description: entry.description ?? '',
    payee: entry.payee ?? null,
    code: entry.code ?? null,
    sourceType: entry.source?.type ?? null,
    sourceId: entry.source?.id ?? null,
    reversesEntryId: plan.reversesEntryId ?? null,
    // Millisecond precision: the value must survive the round trip through timestamptz unchanged.
    postedAt: new Date(Date.now()),
    postedBy: actor.id,
    lines: priced.map((l, i) => ({
      lineNo: i + 1,
      accountId: l.accountId,
      currency: l.currency,
      amount: l.amount,
      baseAmount: l.baseAmount,
      rate: l.rate,
      memo: l.memo,
    })),
  };
  const { lines: hashedLines, ...header } = hashed;
  const sealed = {
    ...header,
    status: 'posted' as const,
    lineCount: hashedLines.length,
    prevHash: head.hash,
    hash: entryHash(head.hash, hashed),
  };
  try {
    if (plan.draft) {
      const updated = await tx
        .update(journalEntry)
        .set({ ...sealed, updatedAt: sealed.postedAt })
        .where(and(eq(journalEntry.orgId, orgId), eq(journalEntry.id, id), eq(journalEntry.status, 'draft')))
        .returning({ id: journalEntry.id });
      if (updated.length === 0) throw entryAlreadyPosted(id, null);
      await tx
        .delete(journalDraftLine)
        .where(and(eq(journalDraftLine.orgId, orgId), eq(journalDraftLine.entryId, id)));
    } else {
      await tx.insert(journalEntry).values({
        ...sealed,
        orgId,
        createdBy: actor.id,
        createdAt: sealed.postedAt,
        updatedAt: sealed.postedAt,
      });
    }
  } catch (error) {
    const pg = pgError(error);
    if (
      pg?.code === UNIQUE_VIOLATION &&
      pg.constraint === 'journal_entry_reverses_uq' &&
      plan.reversesEntryId
    ) {
      const reversals = await reversalsOf(tx, orgId, [plan.reversesEntryId]).catch(() => new Map());
      throw entryAlreadyReversed(plan.reversesEntryId, reversals.get(plan.reversesEntryId) ?? '');
    }
    throw error;
  }
  await tx
    .insert(journalLine)
    .values(hashedLines.map((l) => ({ ...l, orgId, entryId: id, date: entry.date })));
  await addToRollups(tx, orgId, entry.date, plan.kind, priced);
  if (!head.settings.baseCurrency)
    await tx
      .insert(ledgerSettings)
      .values({ orgId, baseCurrency })
      .onConflictDoUpdate({ target: ledgerSettings.orgId, set: { baseCurrency, updatedAt: new Date() } });

  await recordAudit(tx, actor, {
    entity: 'journal_entry',
    entityId: id,
    action: 'post',
    after: {
      seq: sealed.seq,
      date: entry.date,
      kind: plan.kind,
      description: sealed.description,
      lines: hashedLines,
    },
  });
  await emitEvent(tx, orgId, 'ledger.entry_posted', {
    id,
    seq: sealed.seq,
    date: entry.date,
    kind: plan.kind,
    sourceType: sealed.sourceType,
    sourceId: sealed.sourceId,
    reversesEntryId: sealed.reversesEntryId,
  });
  const { lineCount: _n, sourceType, sourceId, ...rest } = sealed;
  return {
    ...rest,
    kind: plan.kind,
    source: sourceType && sourceId ? { type: sourceType, id: sourceId } : null,
    reversedByEntryId: null,
    createdAt: plan.draft?.createdAt ?? sealed.postedAt,
    createdBy: plan.draft?.createdBy ?? actor.id,
    updatedAt: sealed.postedAt,
    lines: hashedLines,
  };
}

export interface ReverseOptions {
  /** The reversal's date: on or after the original's, outside the locked period. */
  date: string;
  /** Default: "Reversal of #N: <original description>". */
  description?: string;
}

/**
 * Posts the reversal of a posted entry on `date`: the same lines with opposite amounts and the same
 * base amounts and rates, linked to the original (`reversesEntryId`) and to its source document.
 * Refused when the entry is a draft, already reversed, or the date is locked for `actor`. Checks no
 * permission (a module voiding its document reverses its entry); see `reverseManualEntry`.
 */
export async function reverseEntry(
  tx: Tx,
  actor: Actor,
  entryId: string,
  options: ReverseOptions,
): Promise<PostedEntry> {
  // Locked (a read lock; posted rows never change) so that two reversals of one entry go one after
  // the other, and the second sees the first.
  await entryRow(tx, actor.orgId, entryId, true);
  const original = await getEntry(tx, actor.orgId, entryId);
  if (original.status !== 'posted') throw entryNotPosted(entryId);
  if (original.reversedByEntryId) throw entryAlreadyReversed(entryId, original.reversedByEntryId);
  checkBusinessDate(options.date);
  if (options.date < original.date)
    throw invalid(
      'REVERSAL_BEFORE_ORIGINAL',
      `A reversal cannot be dated before the entry it reverses (${original.date}).`,
      { field: 'date', date: options.date, originalDate: original.date },
    );
  const description =
    options.description ??
    `Reversal of #${original.seq}${original.description ? `: ${original.description}` : ''}`;
  return postEntry(
    tx,
    actor,
    {
      date: options.date,
      description: description.slice(0, TEXT_LIMITS.description),
      payee: original.payee,
      code: original.code,
      source: original.source,
      lines: original.lines.map((l) => ({
        accountId: l.accountId,
        currency: l.currency,
        amount: -l.amount,
        baseAmount: -(l.baseAmount ?? 0n),
        rate: l.rate ?? undefined,
        memo: l.memo,
      })),
    },
    { kind: original.kind, reversesEntryId: original.id },
  );
}

/** `reverseEntry` for people: needs `ledger:post`. */
export async function reverseManualEntry(
  tx: Tx,
  actor: Actor,
  entryId: string,
  options: ReverseOptions,
): Promise<PostedEntry> {
  assertCan(actor, 'ledger:post');
  return reverseEntry(tx, actor, entryId, options);
}

export interface FxDifferenceInput {
  date: string;
  /** The monetary account being settled: the receivable, the payable, a foreign-currency bank account. */
  accountId: string;
  /**
   * The base amount the account carries for the settled foreign amount, signed as posted on it
   * (a receivable issued at 80.00 GBP: `8000n`; a payable: negative).
   */
  carryingBaseAmount: bigint;
  /** The base amount of the same foreign amount at the settlement's rate, signed the same way. */
  settlementBaseAmount: bigint;
  /** Where the gain or loss goes; default: the first open account of subtype `fx_gain_loss`. */
  fxAccountId?: string;
  description?: string;
  source?: { type: string; id: string } | null;
}

/**
 * The two base-currency lines that clear a realized exchange difference: the settled account moves
 * by (settlement − carrying), the gain/loss account by the opposite. A receivable settled for less
 * than it was issued at gives a debit (loss); a payable settled for less gives a credit (gain).
 * Empty when there is no difference. For modules that add them to their own settlement entry.
 */
export function fxDifferenceLines(
  input: Pick<FxDifferenceInput, 'accountId' | 'carryingBaseAmount' | 'settlementBaseAmount'>,
  fxAccountId: string,
  baseCurrency: string,
): JournalLineInput[] {
  const difference = input.settlementBaseAmount - input.carryingBaseAmount;
  if (difference === 0n) return [];
  return [
    {
      accountId: input.accountId,
      currency: baseCurrency,
      amount: difference,
      memo: 'Realized exchange difference',
    },
    {
      accountId: fxAccountId,
      currency: baseCurrency,
      amount: -difference,
      memo: 'Realized exchange difference',
    },
  ];
}

/**
 * Posts a realized exchange gain or loss as its own entry (see `fxDifferenceLines`); null when the
 * carrying and settlement base amounts are equal. Checks no permission, like `postJournal`.
 */
export async function postFxDifference(
  tx: Tx,
  actor: Actor,
  input: FxDifferenceInput,
): Promise<PostedEntry | null> {
  if (typeof input.carryingBaseAmount !== 'bigint' || typeof input.settlementBaseAmount !== 'bigint')
    throw invalid('INVALID_AMOUNT', 'Base amounts must be whole numbers of minor units.', {
      field: 'carryingBaseAmount',
    });
  if (input.carryingBaseAmount === input.settlementBaseAmount) return null;
  const baseCurrency = await requireBaseCurrency(tx, actor.orgId);
  const fxAccountId =
    input.fxAccountId ?? (await accountForSubtype(tx, actor.orgId, 'fx_gain_loss', 'exchange gain/loss')).id;
  return postJournal(tx, actor, {
    date: input.date,
    description: input.description ?? 'Realized exchange difference',
    source: input.source ?? null,
    lines: fxDifferenceLines(input, fxAccountId, baseCurrency),
  });
}
