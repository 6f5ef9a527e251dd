import type { Actor } from '../../core/actor.ts';
import { invalid } from '../../core/errors.ts';
import type { Tx } from '../../db/client.ts';
import { assertCan } from '../identity/permissions.ts';
import { accountForSubtype } from './account.service.ts';
import { entryAlreadyReversed, entryNotPosted } from './errors.ts';
import {
  checkBusinessDate,
  type JournalEntryInput,
  type JournalLineInput,
  TEXT_LIMITS,
} from './journal.domain.ts';
import { entryRow, getEntry, type PostedEntry } from './journal.repo.ts';
import { booksCurrency, postEntry } from './posting.service.ts';

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
  const baseCurrency = await booksCurrency(tx, actor.orgId);
  const fxAccountId =
    input.fxAccountId ?? (await accountForSubtype(tx, actor.orgId, 'fx_gain_loss', 'exchange gain/loss')).id;
  return postJournal(tx, actor, {
    date: input.date,
    description: input.description ?? 'Realized exchange difference',
    source: input.source ?? null,
    lines: fxDifferenceLines(input, fxAccountId, baseCurrency),
  });
}
