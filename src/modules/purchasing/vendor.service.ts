import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { newId } from '../../core/ids.ts';
import { minorToDecimalString } from '../../core/money.ts';
import type { Queryable, Tx } from '../../db/client.ts';
import type { TaxId } from '../company/index.ts';
import { assertCan } from '../identity/permissions.ts';
import { getAccount } from '../ledger/index.ts';
import type { PostalAddress } from '../sales/sales.table.ts';
import { requireTaxRate } from '../sales/tax.service.ts';
import { type BankAccountInput, checkBankAccount } from './bank-account.domain.ts';
import { accountRefused, vendorArchived, vendorNotFound } from './errors.ts';
import { recordChange } from './purchasing.kit.ts';
import { vendor } from './vendor.table.ts';

// Vendors: who the business buys from, how they are paid (their bank account, checked), and the
// defaults a bill takes from them (currency, payment terms, expense account, tax rate).

export type Vendor = Omit<typeof vendor.$inferSelect, 'orgId'>;

export interface VendorInput {
  kind?: 'company' | 'person';
  name: string;
  legalName?: string | null;
  email?: string | null;
  phone?: string | null;
  website?: string | null;
  address?: Partial<PostalAddress> | null;
  taxIds?: { scheme: string; value: string }[];
  currency?: string | null;
  paymentTermsDays?: number | null;
  defaultExpenseAccountId?: string | null;
  defaultTaxRateId?: string | null;
  bankAccount?: BankAccountInput | null;
  isContractor?: boolean;
  notes?: string | null;
}

const address = (a: Partial<PostalAddress> | null | undefined): PostalAddress | null =>
  a
    ? {
        line1: a.line1 || null,
        line2: a.line2 || null,
        city: a.city || null,
        region: a.region || null,
        postalCode: a.postalCode || null,
        country: a.country || null,
      }
    : null;

const view = ({ orgId: _o, ...row }: typeof vendor.$inferSelect): Vendor => row;

/** An account a bill line may be booked to: an open expense account, or an asset bought (stock, equipment, a prepayment). */
export async function requireExpenseAccount(q: Queryable, orgId: string, id: string, field: string) {
  const account = await getAccount(q, orgId, id).catch(() => {
    throw accountRefused(field, `No account with id ${id}.`);
  });
  if (account.archivedAt) throw accountRefused(field, `${account.name} is archived.`);
  const allowed =
    account.type === 'expense' ||
    (account.type === 'asset' &&
      ['inventory', 'prepayment', 'fixed_asset', 'current_asset', 'other_asset'].includes(account.subtype));
  if (!allowed)
    throw accountRefused(
      field,
      `${account.name} is not an expense account (or an asset bought: stock, equipment, a prepayment).`,
    );
  return account;
}

async function values(q: Queryable, orgId: string, input: VendorInput) {
  if (input.currency) minorToDecimalString(0n, input.currency); // refuses an unknown currency
  if (input.defaultExpenseAccountId)
    await requireExpenseAccount(q, orgId, input.defaultExpenseAccountId, 'defaultExpenseAccountId');
  if (input.defaultTaxRateId) await requireTaxRate(q, orgId, input.defaultTaxRateId, 'defaultTaxRateId');
  return {
    kind: input.kind ?? 'company',
    name: input.name.trim(),
    legalName: input.legalName?.trim() || null,
    email: input.email?.trim() || null,
    phone: input.phone?.trim() || null,
    website: input.website?.trim() || null,
    address: address(input.address),
    taxIds: (input.taxIds ?? []) as TaxId[],
    currency: input.currency ?? null,
    paymentTermsDays: input.paymentTermsDays ?? null,
    defaultExpenseAccountId: input.defaultExpenseAccountId ?? null,
    defaultTaxRateId: input.defaultTaxRateId ?? null,
    bankAccount: input.bankAccount ? checkBankAccount(input.bankAccount) : null,
    isContractor: input.isContractor ?? false,
    notes: input.notes?.trim() || null,
  };
}

export async function getVendor(q: Queryable, orgId: string, id: string, field?: string): Promise<Vendor> {
  const [row] = await q
    .select()
    .from(vendor)
    .where(and(eq(vendor.orgId, orgId), eq(vendor.id, id)));
  if (!row) throw vendorNotFound(id, field);
  return view(row);
}

/** A vendor a new bill may name: not archived. */
export async function getActiveVendor(q: Queryable, orgId: string, id: string, field = 'vendorId') {
  const found = await getVendor(q, orgId, id, field);
  if (found.archivedAt) throw vendorArchived(found.name, field);
  return found;
}

export async function listVendors(
  q: Queryable,
  orgId: string,
  options: { limit: number; cursor?: string; q?: string; archived?: boolean },
): Promise<{ items: Vendor[]; nextCursor: string | null }> {
  const words = options.q?.trim() ? `%${options.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const rows = await q
    .select()
    .from(vendor)
    .where(
      and(
        eq(vendor.orgId, orgId),
        options.archived ? undefined : isNull(vendor.archivedAt),
        words
          ? sql`(${vendor.name} ilike ${words} or ${vendor.legalName} ilike ${words} or ${vendor.email} ilike ${words} or ${vendor.taxIds}::text ilike ${words})`
          : undefined,
        options.cursor ? gt(vendor.id, options.cursor) : undefined,
      ),
    )
    .orderBy(asc(vendor.id))
    .limit(options.limit + 1);
  const items = rows.slice(0, options.limit).map(view);
  return { items, nextCursor: rows.length > options.limit ? items.at(-1)!.id : null };
}

/** Every vendor of the organization, archived ones included (for matching imports). */
export async function allVendors(q: Queryable, orgId: string): Promise<Vendor[]> {
  const rows = await q.select().from(vendor).where(eq(vendor.orgId, orgId)).orderBy(asc(vendor.id));
  return rows.map(view);
}

export async function createVendor(tx: Tx, actor: Actor, input: VendorInput): Promise<Vendor> {
  assertCan(actor, 'vendor:write');
  const [row] = await tx
    .insert(vendor)
    .values({ orgId: actor.orgId, id: newId('ven'), ...(await values(tx, actor.orgId, input)) })
    .returning();
  const created = view(row!);
  await recordChange(
    tx,
    actor,
    { entity: 'vendor', entityId: created.id, action: 'create', after: created },
    'vendor.created',
  );
  return created;
}

/** Changes the fields the patch names (the others stay); `archived` archives or restores. */
export async function updateVendor(
  tx: Tx,
  actor: Actor,
  id: string,
  patch: Partial<VendorInput> & { archived?: boolean },
): Promise<Vendor> {
  assertCan(actor, 'vendor:write');
  const before = await getVendor(tx, actor.orgId, id);
  const { archived, ...fields } = patch;
  const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  // The stored bank account is already checked; only a new one is checked again.
  const merged = { ...before, bankAccount: null, ...defined } as VendorInput;
  const next = await values(tx, actor.orgId, merged);
  const [row] = await tx
    .update(vendor)
    .set({
      ...next,
      bankAccount: 'bankAccount' in defined ? next.bankAccount : before.bankAccount,
      archivedAt: archived === undefined ? before.archivedAt : archived ? new Date() : null,
      updatedAt: new Date(),
    })
    .where(and(eq(vendor.orgId, actor.orgId), eq(vendor.id, id)))
    .returning();
  const after = view(row!);
  const action =
    archived === true && !before.archivedAt
      ? 'archive'
      : archived === false && before.archivedAt
        ? 'unarchive'
        : 'update';
  await recordChange(
    tx,
    actor,
    { entity: 'vendor', entityId: id, action, before, after },
    `vendor.${action === 'update' ? 'updated' : `${action}d`}`,
  );
  return after;
}
