import { and, eq } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { newId } from '../../core/ids.ts';
import type { Tx } from '../../db/client.ts';
import { emitEvent } from '../../jobs/outbox.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { companyProfileOf, requireBaseCurrency } from '../company/company.service.ts';
import { assertCan } from '../identity/permissions.ts';
import { entryAlreadyPosted } from './errors.ts';
import { checkEntry, type JournalEntryInput } from './journal.domain.ts';
import {
  checkAccountsOpen,
  entryRow,
  getEntry,
  type JournalEntry,
  type PostedEntry,
} from './journal.repo.ts';
import { ledgerSettingsOf } from './ledger.repo.ts';
import { journalDraftLine, journalEntry } from './ledger.table.ts';
import { postEntry } from './posting.service.ts';

/** A draft's line: like a posted line, without a base amount (computed when it is posted). */
export interface DraftLineInput {
  accountId: string;
  amount: bigint;
  currency?: string;
  rate?: string;
  memo?: string | null;
}

/**
 * A draft journal entry: saved work in progress, numbered and checked for balance only when posted.
 * It may have any number of lines, but each must be well-formed and use an open account.
 */
export interface DraftInput extends Omit<JournalEntryInput, 'lines'> {
  lines: DraftLineInput[];
}

async function checkDraft(tx: Tx, orgId: string, draft: DraftInput) {
  const lines = draft.lines.map(({ accountId, amount, currency, rate, memo }) => ({
    accountId,
    amount,
    currency,
    rate,
    memo,
  }));
  // The base currency is needed only to fill in lines that leave the currency out.
  const settings = await ledgerSettingsOf(tx, orgId);
  const baseCurrency =
    settings.baseCurrency ??
    (lines.every((l) => l.currency !== undefined)
      ? ((await companyProfileOf(tx, orgId)).baseCurrency ?? 'XXX')
      : await requireBaseCurrency(tx, orgId));
  const checked = checkEntry({ ...draft, lines }, baseCurrency, { minLines: 0 });
  await checkAccountsOpen(tx, orgId, checked);
  return checked;
}

async function writeDraftLines(
  tx: Tx,
  orgId: string,
  entryId: string,
  lines: Awaited<ReturnType<typeof checkDraft>>,
) {
  await tx
    .delete(journalDraftLine)
    .where(and(eq(journalDraftLine.orgId, orgId), eq(journalDraftLine.entryId, entryId)));
  if (lines.length)
    await tx.insert(journalDraftLine).values(
      lines.map((l, i) => ({
        orgId,
        entryId,
        lineNo: i + 1,
        accountId: l.accountId,
        currency: l.currency,
        amount: l.amount,
        rate: l.rate ?? null,
        memo: l.memo,
      })),
    );
}

/** Saves a draft journal entry. Needs `ledger:post`. */
export async function createDraft(tx: Tx, actor: Actor, input: DraftInput): Promise<JournalEntry> {
  assertCan(actor, 'ledger:post');
  const lines = await checkDraft(tx, actor.orgId, input);
  const id = newId('je');
  await tx.insert(journalEntry).values({
    orgId: actor.orgId,
    id,
    status: 'draft',
    date: input.date,
    description: input.description ?? '',
    payee: input.payee ?? null,
    code: input.code ?? null,
    sourceType: input.source?.type ?? null,
    sourceId: input.source?.id ?? null,
    lineCount: lines.length,
    createdBy: actor.id,
  });
  await writeDraftLines(tx, actor.orgId, id, lines);
  const draft = await getEntry(tx, actor.orgId, id);
  await recordAudit(tx, actor, {
    entity: 'journal_entry',
    entityId: id,
    action: 'create_draft',
    after: draft,
  });
  await emitEvent(tx, actor.orgId, 'ledger.draft_created', { id, date: draft.date });
  return draft;
}

async function lockedDraft(tx: Tx, orgId: string, id: string) {
  const row = await entryRow(tx, orgId, id, true);
  if (row.status !== 'draft') throw entryAlreadyPosted(id, row.seq);
  return row;
}

/** Changes a draft; fields left out stay, `lines` (when given) replace all lines. Needs `ledger:post`. */
export async function updateDraft(
  tx: Tx,
  actor: Actor,
  id: string,
  patch: Partial<DraftInput>,
): Promise<JournalEntry> {
  assertCan(actor, 'ledger:post');
  await lockedDraft(tx, actor.orgId, id);
  const before = await getEntry(tx, actor.orgId, id);
  const merged: DraftInput = {
    date: patch.date ?? before.date,
    description: patch.description ?? before.description,
    payee: patch.payee === undefined ? before.payee : patch.payee,
    code: patch.code === undefined ? before.code : patch.code,
    source: patch.source === undefined ? before.source : patch.source,
    lines:
      patch.lines ??
      before.lines.map((l) => ({
        accountId: l.accountId,
        amount: l.amount,
        currency: l.currency,
        rate: l.rate ?? undefined,
        memo: l.memo,
      })),
  };
  const lines = await checkDraft(tx, actor.orgId, merged);
  await tx
    .update(journalEntry)
    .set({
      date: merged.date,
      description: merged.description ?? '',
      payee: merged.payee ?? null,
      code: merged.code ?? null,
      sourceType: merged.source?.type ?? null,
      sourceId: merged.source?.id ?? null,
      lineCount: lines.length,
      updatedAt: new Date(),
    })
    .where(and(eq(journalEntry.orgId, actor.orgId), eq(journalEntry.id, id)));
  if (patch.lines) await writeDraftLines(tx, actor.orgId, id, lines);
  const after = await getEntry(tx, actor.orgId, id);
  await recordAudit(tx, actor, {
    entity: 'journal_entry',
    entityId: id,
    action: 'update_draft',
    before,
    after,
  });
  await emitEvent(tx, actor.orgId, 'ledger.draft_updated', { id, date: after.date });
  return after;
}

/** Deletes a draft (a posted entry is never deleted: reverse it). Needs `ledger:post`. */
export async function deleteDraft(tx: Tx, actor: Actor, id: string): Promise<void> {
  assertCan(actor, 'ledger:post');
  await lockedDraft(tx, actor.orgId, id);
  const before = await getEntry(tx, actor.orgId, id);
  await tx.delete(journalEntry).where(and(eq(journalEntry.orgId, actor.orgId), eq(journalEntry.id, id)));
  await recordAudit(tx, actor, { entity: 'journal_entry', entityId: id, action: 'delete_draft', before });
  await emitEvent(tx, actor.orgId, 'ledger.draft_deleted', { id });
}

/** Posts a draft with every check `postJournal` makes; it keeps its id. Needs `ledger:post`. */
export async function postDraft(tx: Tx, actor: Actor, id: string): Promise<PostedEntry> {
  assertCan(actor, 'ledger:post');
  const row = await lockedDraft(tx, actor.orgId, id);
  const draft = await getEntry(tx, actor.orgId, id);
  // Its lines move to journal_line; should posting fail, the transaction brings them back.
  await tx
    .delete(journalDraftLine)
    .where(and(eq(journalDraftLine.orgId, actor.orgId), eq(journalDraftLine.entryId, id)));
  return postEntry(
    tx,
    actor,
    {
      date: draft.date,
      description: draft.description,
      payee: draft.payee,
      code: draft.code,
      source: draft.source,
      lines: draft.lines.map((l) => ({
        accountId: l.accountId,
        amount: l.amount,
        currency: l.currency,
        rate: l.rate ?? undefined,
        memo: l.memo,
      })),
    },
    { kind: 'standard', draft: { id, createdAt: row.createdAt, createdBy: row.createdBy } },
  );
}
