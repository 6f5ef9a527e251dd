import { and, asc, eq, inArray, isNull, like, or, sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { invalid } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { Queryable, Tx } from '../../db/client.ts';
import { pgError, UNIQUE_VIOLATION } from '../../db/errors.ts';
import { emitEvent } from '../../jobs/outbox.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { assertCan } from '../identity/permissions.ts';
import {
  ACCOUNT_CODE,
  type AccountSubtype,
  type AccountType,
  accountNameProblem,
  ancestorNames,
  DEFAULT_SUBTYPE,
  isAccountType,
  isSameOrBelow,
  isSubtypeOf,
  parentIdOf,
  renamedBelow,
} from './account.domain.ts';
import {
  accountCodeTaken,
  accountHasPostings,
  accountInDrafts,
  accountNameTaken,
  accountNotFound,
  accountWithSubtypeMissing,
} from './errors.ts';
import { journalDraftLine, journalLine, ledgerAccount } from './ledger.table.ts';

/** An account of the chart, as other modules and the API see it. */
export interface Account {
  id: string;
  /** Full colon-separated name, e.g. `assets:bank:checking`. */
  name: string;
  code: string | null;
  type: AccountType;
  subtype: AccountSubtype;
  description: string | null;
  /** The account named by the longest existing prefix of this one's name, if any. */
  parentId: string | null;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewAccount {
  name: string;
  type: AccountType;
  /** Defaults by type: current_asset, current_liability, equity, revenue, expense. */
  subtype?: AccountSubtype;
  code?: string | null;
  description?: string | null;
}

/** Fields left out stay as they are. Renaming an account renames the accounts below it too. */
export interface AccountPatch {
  name?: string;
  code?: string | null;
  /** Type and subtype: type only while the account has no postings. */
  type?: AccountType;
  subtype?: AccountSubtype;
  description?: string | null;
}

type AccountRow = typeof ledgerAccount.$inferSelect;

const toAccount = (row: AccountRow, parentId: string | null): Account => ({
  id: row.id,
  name: row.name,
  code: row.code,
  type: row.type as AccountType,
  subtype: row.subtype as AccountSubtype,
  description: row.description,
  parentId,
  archivedAt: row.archivedAt,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/** The chart of accounts ordered by name (so parents come before their children). */
export async function listAccounts(
  q: Queryable,
  orgId: string,
  options: { includeArchived?: boolean } = {},
): Promise<Account[]> {
  const rows = await q
    .select()
    .from(ledgerAccount)
    .where(eq(ledgerAccount.orgId, orgId))
    .orderBy(asc(ledgerAccount.name));
  const idByName = new Map(rows.map((r) => [r.name, r.id]));
  return rows
    .filter((r) => options.includeArchived !== false || r.archivedAt === null)
    .map((r) => toAccount(r, parentIdOf(r.name, idByName)));
}

async function withParent(q: Queryable, orgId: string, row: AccountRow): Promise<Account> {
  const ancestors = ancestorNames(row.name);
  const found = ancestors.length
    ? await q
        .select({ id: ledgerAccount.id, name: ledgerAccount.name })
        .from(ledgerAccount)
        .where(and(eq(ledgerAccount.orgId, orgId), inArray(ledgerAccount.name, ancestors)))
    : [];
  return toAccount(row, parentIdOf(row.name, new Map(found.map((a) => [a.name, a.id]))));
}

/** One account by id; ACCOUNT_NOT_FOUND when the organization has none with it. */
export async function getAccount(q: Queryable, orgId: string, id: string): Promise<Account> {
  const [row] = await q
    .select()
    .from(ledgerAccount)
    .where(and(eq(ledgerAccount.orgId, orgId), eq(ledgerAccount.id, id)));
  if (!row) throw accountNotFound(id);
  return withParent(q, orgId, row);
}

/** One account by its full name (exact, case-sensitive), if there is one. */
export async function findAccountByName(
  q: Queryable,
  orgId: string,
  name: string,
): Promise<Account | undefined> {
  const [row] = await q
    .select()
    .from(ledgerAccount)
    .where(and(eq(ledgerAccount.orgId, orgId), eq(ledgerAccount.name, name)));
  return row ? withParent(q, orgId, row) : undefined;
}

/**
 * The account modules post to for a role: the first open account of `subtype` (`receivable`,
 * `retained_earnings`, `fx_gain_loss`…) by code, then name. ACCOUNT_MISSING when there is none.
 */
export async function accountForSubtype(
  q: Queryable,
  orgId: string,
  subtype: AccountSubtype,
  what: string = subtype.replaceAll('_', ' '),
): Promise<Account> {
  const [row] = await q
    .select()
    .from(ledgerAccount)
    .where(
      and(
        eq(ledgerAccount.orgId, orgId),
        eq(ledgerAccount.subtype, subtype),
        isNull(ledgerAccount.archivedAt),
      ),
    )
    .orderBy(sql`${ledgerAccount.code} asc nulls last`, asc(ledgerAccount.name))
    .limit(1);
  if (!row) throw accountWithSubtypeMissing(subtype, what);
  return withParent(q, orgId, row);
}

/** True when any posted line uses the account. */
export async function accountHasPostingsInLedger(q: Queryable, orgId: string, id: string): Promise<boolean> {
  const [row] = await q
    .select({ one: sql<number>`1` })
    .from(journalLine)
    .where(and(eq(journalLine.orgId, orgId), eq(journalLine.accountId, id)))
    .limit(1);
  return row !== undefined;
}

function checkName(name: unknown): string {
  const text = typeof name === 'string' ? name : '';
  const problem = accountNameProblem(text);
  if (problem) throw invalid('INVALID_ACCOUNT_NAME', `name: ${problem}`, { field: 'name' });
  return text;
}

function checkCode(code: unknown): string | null {
  if (code === null || code === undefined || code === '') return null;
  if (typeof code !== 'string' || !ACCOUNT_CODE.test(code))
    throw invalid('INVALID_ACCOUNT_CODE', 'code: use 1–20 letters, digits, dots and hyphens, such as 1000.', {
      field: 'code',
    });
  return code;
}

function checkTypes(type: unknown, subtype: unknown): { type: AccountType; subtype: AccountSubtype } {
  if (!isAccountType(type))
    throw invalid('INVALID_ACCOUNT_TYPE', 'type: use asset, liability, equity, income or expense.', {
      field: 'type',
    });
  const chosen = subtype ?? DEFAULT_SUBTYPE[type];
  if (!isSubtypeOf(type, chosen))
    throw invalid(
      'INVALID_ACCOUNT_SUBTYPE',
      `subtype: ${String(chosen)} is not a subtype of ${type} accounts.`,
      {
        field: 'subtype',
      },
    );
  return { type, subtype: chosen };
}

function checkDescription(description: unknown): string | null {
  if (description === null || description === undefined || description === '') return null;
  if (typeof description !== 'string' || description.length > 1000)
    throw invalid('VALIDATION_FAILED', 'description: use at most 1000 characters.', { field: 'description' });
  return description;
}

/** Unique violations of the name or code index become the errors a form can show. */
function mapUniqueViolation(error: unknown, name: string, code: string | null): never {
  const pg = pgError(error);
  if (pg?.code === UNIQUE_VIOLATION && pg.constraint === 'ledger_account_name_uq')
    throw accountNameTaken(name);
  if (pg?.code === UNIQUE_VIOLATION && pg.constraint === 'ledger_account_code_uq' && code)
    throw accountCodeTaken(code);
  throw error;
}

async function requireFree(tx: Tx, orgId: string, name: string, code: string | null, exceptId?: string) {
  const clash = await tx
    .select({ id: ledgerAccount.id, name: ledgerAccount.name, code: ledgerAccount.code })
    .from(ledgerAccount)
    .where(
      and(
        eq(ledgerAccount.orgId, orgId),
        code === null
          ? eq(ledgerAccount.name, name)
          : or(eq(ledgerAccount.name, name), eq(ledgerAccount.code, code)),
      ),
    );
  for (const other of clash) {
    if (other.id === exceptId) continue;
    if (other.name === name) throw accountNameTaken(name);
    if (code !== null && other.code === code) throw accountCodeTaken(code);
  }
}

/** Adds an account to the chart. Needs `ledger:chart`. */
export async function createAccount(tx: Tx, actor: Actor, input: NewAccount): Promise<Account> {
  assertCan(actor, 'ledger:chart');
  return addAccount(tx, actor, input);
}

/** `createAccount` without the permission check: for accounts the ledger makes itself as it posts. */
export async function addAccount(tx: Tx, actor: Actor, input: NewAccount): Promise<Account> {
  const name = checkName(input.name);
  const code = checkCode(input.code);
  const { type, subtype } = checkTypes(input.type, input.subtype);
  const description = checkDescription(input.description);
  await requireFree(tx, actor.orgId, name, code);
  const row = await tx
    .insert(ledgerAccount)
    .values({ orgId: actor.orgId, id: newId('acc'), name, code, type, subtype, description })
    .returning()
    .catch((error: unknown) => mapUniqueViolation(error, name, code));
  const account = await withParent(tx, actor.orgId, row[0]!);
  await recordAudit(tx, actor, {
    entity: 'ledger_account',
    entityId: account.id,
    action: 'create',
    after: account,
  });
  await emitEvent(tx, actor.orgId, 'ledger.account_created', { id: account.id, name, type, subtype });
  return account;
}

async function lockedRow(tx: Tx, orgId: string, id: string): Promise<AccountRow> {
  const [row] = await tx
    .select()
    .from(ledgerAccount)
    .where(and(eq(ledgerAccount.orgId, orgId), eq(ledgerAccount.id, id)))
    .for('update');
  if (!row) throw accountNotFound(id);
  return row;
}

/**
 * Changes an account: name (the accounts below it are renamed with it), code, description, subtype,
 * and type while it has no postings. Needs `ledger:chart`.
 */
export async function updateAccount(tx: Tx, actor: Actor, id: string, patch: AccountPatch): Promise<Account> {
  assertCan(actor, 'ledger:chart');
  const before = await lockedRow(tx, actor.orgId, id);
  const name = patch.name === undefined ? before.name : checkName(patch.name);
  const code = patch.code === undefined ? before.code : checkCode(patch.code);
  const types = checkTypes(
    patch.type ?? before.type,
    patch.subtype ?? (patch.type && patch.type !== before.type ? undefined : before.subtype),
  );
  const description =
    patch.description === undefined ? before.description : checkDescription(patch.description);
  if (types.type !== before.type && (await accountHasPostingsInLedger(tx, actor.orgId, id)))
    throw accountHasPostings(before.name, `moved to another type (${types.type})`);
  await requireFree(tx, actor.orgId, name, code, id);
  if (name !== before.name) await renameBelow(tx, actor.orgId, before.name, name);
  const [row] = await tx
    .update(ledgerAccount)
    .set({ name, code, ...types, description, updatedAt: new Date() })
    .where(and(eq(ledgerAccount.orgId, actor.orgId), eq(ledgerAccount.id, id)))
    .returning()
    .catch((error: unknown) => mapUniqueViolation(error, name, code));
  const after = await withParent(tx, actor.orgId, row!);
  await recordAudit(tx, actor, { entity: 'ledger_account', entityId: id, action: 'update', before, after });
  await emitEvent(tx, actor.orgId, 'ledger.account_updated', { id, name, previousName: before.name });
  return after;
}

/** Moves the accounts below `from` to below `to`, refusing when one of the new names is taken. */
async function renameBelow(tx: Tx, orgId: string, from: string, to: string): Promise<void> {
  const below = await tx
    .select({ id: ledgerAccount.id, name: ledgerAccount.name })
    .from(ledgerAccount)
    .where(and(eq(ledgerAccount.orgId, orgId), like(ledgerAccount.name, `${escapeLike(from)}:%`)));
  const moves = below.filter((a) => isSameOrBelow(a.name, from) && a.name !== from);
  if (moves.length === 0) return;
  const targets = moves.map((a) => renamedBelow(a.name, from, to));
  for (const target of targets) {
    const problem = accountNameProblem(target);
    if (problem)
      throw invalid('INVALID_ACCOUNT_NAME', `name: renaming would make "${target}": ${problem}`, {
        field: 'name',
      });
  }
  const taken = await tx
    .select({ name: ledgerAccount.name })
    .from(ledgerAccount)
    .where(and(eq(ledgerAccount.orgId, orgId), inArray(ledgerAccount.name, targets)));
  const movingIds = new Set(moves.map((m) => m.name));
  const clash = taken.find((t) => !movingIds.has(t.name));
  if (clash) throw accountNameTaken(clash.name);
  // Two steps so a rename within the subtree never collides with itself on the unique index; the
  // interim name has a semicolon, which no real account name has.
  for (const move of moves)
    await tx
      .update(ledgerAccount)
      .set({ name: `;moving;${move.id}`, updatedAt: new Date() })
      .where(and(eq(ledgerAccount.orgId, orgId), eq(ledgerAccount.id, move.id)));
  for (const [i, move] of moves.entries())
    await tx
      .update(ledgerAccount)
      .set({ name: targets[i]! })
      .where(and(eq(ledgerAccount.orgId, orgId), eq(ledgerAccount.id, move.id)));
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

async function setArchived(tx: Tx, actor: Actor, id: string, archived: boolean): Promise<Account> {
  assertCan(actor, 'ledger:chart');
  const before = await lockedRow(tx, actor.orgId, id);
  if ((before.archivedAt !== null) === archived) return withParent(tx, actor.orgId, before);
  const [row] = await tx
    .update(ledgerAccount)
    .set({ archivedAt: archived ? new Date() : null, updatedAt: new Date() })
    .where(and(eq(ledgerAccount.orgId, actor.orgId), eq(ledgerAccount.id, id)))
    .returning();
  const after = await withParent(tx, actor.orgId, row!);
  const action = archived ? 'archive' : 'unarchive';
  await recordAudit(tx, actor, { entity: 'ledger_account', entityId: id, action, before, after });
  await emitEvent(tx, actor.orgId, `ledger.account_${action}d`, { id, name: after.name });
  return after;
}

/** Archives an account: nothing more can be posted to it; its history stays. Needs `ledger:chart`. */
export const archiveAccount = (tx: Tx, actor: Actor, id: string) => setArchived(tx, actor, id, true);

/** Opens an archived account again. Needs `ledger:chart`. */
export const unarchiveAccount = (tx: Tx, actor: Actor, id: string) => setArchived(tx, actor, id, false);

/** Deletes an account that was never posted to (and no draft uses). Needs `ledger:chart`. */
export async function deleteAccount(tx: Tx, actor: Actor, id: string): Promise<void> {
  assertCan(actor, 'ledger:chart');
  const before = await lockedRow(tx, actor.orgId, id);
  if (await accountHasPostingsInLedger(tx, actor.orgId, id)) throw accountHasPostings(before.name, 'deleted');
  const [draft] = await tx
    .select({ one: sql<number>`1` })
    .from(journalDraftLine)
    .where(and(eq(journalDraftLine.orgId, actor.orgId), eq(journalDraftLine.accountId, id)))
    .limit(1);
  if (draft) throw accountInDrafts(before.name);
  await tx.delete(ledgerAccount).where(and(eq(ledgerAccount.orgId, actor.orgId), eq(ledgerAccount.id, id)));
  await recordAudit(tx, actor, { entity: 'ledger_account', entityId: id, action: 'delete', before });
  await emitEvent(tx, actor.orgId, 'ledger.account_deleted', { id, name: before.name });
}
