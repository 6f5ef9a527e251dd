import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { newId } from '../../core/ids.ts';
import type { Queryable, Tx } from '../../db/client.ts';
import type { TaxId } from '../company/index.ts';
import { assertCan } from '../identity/permissions.ts';
import { customerMerged, customerNotFound, mergeSelf } from './errors.ts';
import { salesRecurringInvoice } from './recurring.table.ts';
import { salesReminderOptOut } from './reminder.table.ts';
import { recordChange } from './sales.kit.ts';
import {
  type CustomerContact,
  customer,
  type PostalAddress,
  salesDocument,
  salesPayment,
} from './sales.table.ts';
import { requireTaxRate } from './tax.service.ts';

export type Customer = Omit<typeof customer.$inferSelect, 'orgId' | 'archivedAt'>;

export interface CustomerInput {
  kind?: 'company' | 'person';
  name: string;
  email?: string | null;
  phone?: string | null;
  contacts?: { name: string; email?: string | null; phone?: string | null; role?: string | null }[];
  billingAddress?: Partial<PostalAddress> | null;
  shippingAddress?: Partial<PostalAddress> | null;
  taxIds?: { scheme: string; value: string }[];
  currency?: string | null;
  paymentTermsDays?: number | null;
  defaultTaxRateId?: string | null;
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

function values(input: CustomerInput) {
  return {
    kind: input.kind ?? 'company',
    name: input.name,
    email: input.email || null,
    phone: input.phone || null,
    contacts: (input.contacts ?? []).map(
      (c): CustomerContact => ({
        name: c.name,
        email: c.email || null,
        phone: c.phone || null,
        role: c.role || null,
      }),
    ),
    billingAddress: address(input.billingAddress),
    shippingAddress: address(input.shippingAddress),
    taxIds: (input.taxIds ?? []) as TaxId[],
    currency: input.currency ?? null,
    paymentTermsDays: input.paymentTermsDays ?? null,
    defaultTaxRateId: input.defaultTaxRateId ?? null,
    notes: input.notes || null,
  };
}

const view = ({ orgId: _o, archivedAt: _a, ...row }: typeof customer.$inferSelect): Customer => row;

export async function getCustomer(
  q: Queryable,
  orgId: string,
  id: string,
  field?: string,
): Promise<Customer> {
  const [row] = await q
    .select()
    .from(customer)
    .where(and(eq(customer.orgId, orgId), eq(customer.id, id)));
  if (!row) throw customerNotFound(id, field);
  return view(row);
}

/** A customer documents and payments may name: not merged into another. */
export async function getActiveCustomer(
  q: Queryable,
  orgId: string,
  id: string,
  field: string,
): Promise<Customer> {
  const found = await getCustomer(q, orgId, id, field);
  if (found.mergedIntoId) throw customerMerged(found.mergedIntoId, field);
  return found;
}

export async function listCustomers(
  q: Queryable,
  orgId: string,
  options: { limit: number; cursor?: string; q?: string },
): Promise<{ items: Customer[]; nextCursor: string | null }> {
  const words = options.q?.trim() ? `%${options.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const rows = await q
    .select()
    .from(customer)
    .where(
      and(
        eq(customer.orgId, orgId),
        isNull(customer.mergedIntoId),
        words
          ? sql`(${customer.name} ilike ${words} or ${customer.email} ilike ${words} or ${customer.taxIds}::text ilike ${words})`
          : undefined,
        options.cursor ? gt(customer.id, options.cursor) : undefined,
      ),
    )
    .orderBy(asc(customer.id))
    .limit(options.limit + 1);
  const items = rows.slice(0, options.limit).map(view);
  return { items, nextCursor: rows.length > options.limit ? items.at(-1)!.id : null };
}

/**
 * The customer an e-invoice's buyer is: the first (oldest) one with the VAT id (compared without
 * spaces, dots and dashes, in any case), else the first whose name is one of `names` (trimmed,
 * single-spaced, in any case). Merged customers are not candidates. One indexed-size query each,
 * not a read of the whole list.
 */
export async function findCustomerByVatIdOrName(
  q: Queryable,
  orgId: string,
  buyer: { vatId?: string | null; names: string[] },
): Promise<{ customer: Customer; match: 'vat_id' | 'name' } | null> {
  const squeeze = (value: unknown) => sql`upper(regexp_replace(${value}, '[[:space:].-]', '', 'g'))`;
  if (buyer.vatId) {
    const [row] = await q
      .select()
      .from(customer)
      .where(
        and(
          eq(customer.orgId, orgId),
          isNull(customer.mergedIntoId),
          sql`exists (select 1 from jsonb_array_elements(${customer.taxIds}) t
            where t->>'scheme' = 'VAT' and ${squeeze(sql`t->>'value'`)} = ${squeeze(buyer.vatId)})`,
        ),
      )
      .orderBy(asc(customer.id))
      .limit(1);
    if (row) return { customer: view(row), match: 'vat_id' };
  }
  const names = buyer.names.map((n) => n.trim().replace(/\s+/g, ' ').toLowerCase()).filter(Boolean);
  if (names.length === 0) return null;
  const [row] = await q
    .select()
    .from(customer)
    .where(
      and(
        eq(customer.orgId, orgId),
        isNull(customer.mergedIntoId),
        sql`lower(regexp_replace(btrim(${customer.name}), '[[:space:]]+', ' ', 'g')) in (${sql.join(
          names.map((n) => sql`${n}`),
          sql`, `,
        )})`,
      ),
    )
    .orderBy(asc(customer.id))
    .limit(1);
  return row ? { customer: view(row), match: 'name' } : null;
}

export async function createCustomer(tx: Tx, actor: Actor, input: CustomerInput): Promise<Customer> {
  assertCan(actor, 'customer:write');
  if (input.defaultTaxRateId)
    await requireTaxRate(tx, actor.orgId, input.defaultTaxRateId, 'defaultTaxRateId');
  const [row] = await tx
    .insert(customer)
    .values({ orgId: actor.orgId, id: newId('cus'), ...values(input) })
    .returning();
  const created = view(row!);
  await recordChange(
    tx,
    actor,
    { entity: 'customer', entityId: created.id, action: 'create', after: created },
    'customer.created',
  );
  return created;
}

export async function updateCustomer(
  tx: Tx,
  actor: Actor,
  id: string,
  patch: Partial<CustomerInput>,
): Promise<Customer> {
  assertCan(actor, 'customer:write');
  const before = await getCustomer(tx, actor.orgId, id);
  if (patch.defaultTaxRateId)
    await requireTaxRate(tx, actor.orgId, patch.defaultTaxRateId, 'defaultTaxRateId');
  const merged = { ...before, ...patch } as CustomerInput;
  const [row] = await tx
    .update(customer)
    .set({ ...values(merged), updatedAt: new Date() })
    .where(and(eq(customer.orgId, actor.orgId), eq(customer.id, id)))
    .returning();
  const after = view(row!);
  await recordChange(
    tx,
    actor,
    { entity: 'customer', entityId: id, action: 'update', before, after },
    'customer.updated',
  );
  return after;
}

/**
 * Merges a duplicate into `id`: its documents and payments move over, its contacts and tax ids are
 * added where missing, and it stays (archived, `mergedIntoId` set) so old links still resolve.
 */
export async function mergeCustomers(
  tx: Tx,
  actor: Actor,
  id: string,
  duplicateId: string,
): Promise<Customer> {
  assertCan(actor, 'customer:write');
  const target = await getCustomer(tx, actor.orgId, id);
  if (id === duplicateId) throw mergeSelf();
  const duplicate = await getCustomer(tx, actor.orgId, duplicateId, 'duplicateId');
  if (target.mergedIntoId) throw customerMerged(target.mergedIntoId, 'id');
  if (duplicate.mergedIntoId) throw customerMerged(duplicate.mergedIntoId, 'duplicateId');
  const where = (table: typeof salesDocument | typeof salesPayment) =>
    and(eq(table.orgId, actor.orgId), eq(table.customerId, duplicateId));
  const documents = await tx
    .update(salesDocument)
    .set({ customerId: id })
    .where(where(salesDocument))
    .returning({ id: salesDocument.id });
  const payments = await tx
    .update(salesPayment)
    .set({ customerId: id })
    .where(where(salesPayment))
    .returning({ id: salesPayment.id });
  // Repeating invoices go on for the customer that stays; a wish not to be reminded carries over.
  const schedules = await tx
    .update(salesRecurringInvoice)
    .set({ customerId: id, updatedAt: new Date() })
    .where(
      and(eq(salesRecurringInvoice.orgId, actor.orgId), eq(salesRecurringInvoice.customerId, duplicateId)),
    )
    .returning({ id: salesRecurringInvoice.id });
  const optOut = and(
    eq(salesReminderOptOut.orgId, actor.orgId),
    eq(salesReminderOptOut.customerId, duplicateId),
  );
  const [optedOut] = await tx.delete(salesReminderOptOut).where(optOut).returning();
  if (optedOut)
    await tx
      .insert(salesReminderOptOut)
      .values({ ...optedOut, customerId: id })
      .onConflictDoNothing();
  const contacts = [
    ...target.contacts,
    ...duplicate.contacts.filter((c) => !target.contacts.some((t) => t.name === c.name)),
  ];
  const taxIds = [
    ...target.taxIds,
    ...duplicate.taxIds.filter((d) => !target.taxIds.some((t) => t.value === d.value)),
  ];
  const [row] = await tx
    .update(customer)
    .set({
      contacts,
      taxIds,
      email: target.email ?? duplicate.email,
      phone: target.phone ?? duplicate.phone,
      billingAddress: target.billingAddress ?? duplicate.billingAddress,
      shippingAddress: target.shippingAddress ?? duplicate.shippingAddress,
      updatedAt: new Date(),
    })
    .where(and(eq(customer.orgId, actor.orgId), eq(customer.id, id)))
    .returning();
  await tx
    .update(customer)
    .set({ mergedIntoId: id, archivedAt: sql`now()`, updatedAt: new Date() })
    .where(and(eq(customer.orgId, actor.orgId), eq(customer.id, duplicateId)));
  const after = view(row!);
  await recordChange(
    tx,
    actor,
    { entity: 'customer', entityId: id, action: 'merge', before: { target, duplicate }, after },
    'customer.merged',
    {
      duplicateId,
      documents: documents.length,
      payments: payments.length,
      recurringSchedules: schedules.length,
      reminderOptOut: Boolean(optedOut),
    },
  );
  return after;
}
