import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { newId } from '../../core/ids.ts';
import type { Queryable, Tx } from '../../db/client.ts';
import { assertCan } from '../identity/permissions.ts';
import { getAccount } from '../ledger/index.ts';
import { taxRateMissing, taxRateNotFound } from './errors.ts';
import { recordChange } from './sales.kit.ts';
import { salesTaxRate } from './sales.table.ts';
import { checkTaxRate } from './tax.domain.ts';

export type TaxRate = Omit<typeof salesTaxRate.$inferSelect, 'orgId'>;

export interface TaxRateInput {
  name: string;
  category: string;
  percent: string;
  exemptionReasonCode?: string | null;
  exemptionReason?: string | null;
  accountId?: string | null;
}

export async function listTaxRates(q: Queryable, orgId: string): Promise<TaxRate[]> {
  const rows = await q
    .select()
    .from(salesTaxRate)
    .where(eq(salesTaxRate.orgId, orgId))
    .orderBy(asc(salesTaxRate.name));
  return rows.map(({ orgId: _, ...r }) => r);
}

/** The rate, or UNKNOWN_TAX_RATE naming `field` (a document line naming a rate that does not exist). */
export async function requireTaxRate(
  q: Queryable,
  orgId: string,
  id: string,
  field: string,
): Promise<TaxRate> {
  const [row] = await q
    .select()
    .from(salesTaxRate)
    .where(and(eq(salesTaxRate.orgId, orgId), eq(salesTaxRate.id, id), isNull(salesTaxRate.archivedAt)));
  if (!row) throw taxRateNotFound(id, field);
  const { orgId: _, ...rate } = row;
  return rate;
}

export async function getTaxRate(q: Queryable, orgId: string, id: string): Promise<TaxRate> {
  const [row] = await q
    .select()
    .from(salesTaxRate)
    .where(and(eq(salesTaxRate.orgId, orgId), eq(salesTaxRate.id, id)));
  if (!row) throw taxRateMissing(id);
  const { orgId: _, ...rate } = row;
  return rate;
}

export async function createTaxRate(tx: Tx, actor: Actor, input: TaxRateInput): Promise<TaxRate> {
  assertCan(actor, 'tax_rate:write');
  const { category, percent } = checkTaxRate(input);
  if (input.accountId) await getAccount(tx, actor.orgId, input.accountId);
  const [row] = await tx
    .insert(salesTaxRate)
    .values({
      orgId: actor.orgId,
      id: newId('tax'),
      name: input.name,
      category,
      percent: percent.text,
      exemptionReasonCode: input.exemptionReasonCode || null,
      exemptionReason: input.exemptionReason || null,
      accountId: input.accountId ?? null,
    })
    .returning();
  const { orgId: _, ...rate } = row!;
  await recordChange(
    tx,
    actor,
    { entity: 'tax_rate', entityId: rate.id, action: 'create', after: rate },
    'tax_rate.created',
  );
  return rate;
}

/** Changes or archives a rate; issued documents keep the category and percent they were issued with. */
export async function updateTaxRate(
  tx: Tx,
  actor: Actor,
  id: string,
  patch: Partial<TaxRateInput> & { archived?: boolean },
): Promise<TaxRate> {
  assertCan(actor, 'tax_rate:write');
  const before = await getTaxRate(tx, actor.orgId, id);
  const merged = {
    ...before,
    ...patch,
    category: patch.category ?? before.category,
    percent: patch.percent ?? before.percent,
  };
  const { category, percent } = checkTaxRate(merged);
  if (patch.accountId) await getAccount(tx, actor.orgId, patch.accountId);
  const [row] = await tx
    .update(salesTaxRate)
    .set({
      name: merged.name,
      category,
      percent: percent.text,
      exemptionReasonCode: merged.exemptionReasonCode || null,
      exemptionReason: merged.exemptionReason || null,
      accountId: merged.accountId ?? null,
      archivedAt: patch.archived === undefined ? before.archivedAt : patch.archived ? new Date() : null,
      updatedAt: new Date(),
    })
    .where(and(eq(salesTaxRate.orgId, actor.orgId), eq(salesTaxRate.id, id)))
    .returning();
  const { orgId: _, ...after } = row!;
  await recordChange(
    tx,
    actor,
    { entity: 'tax_rate', entityId: id, action: 'update', before, after },
    'tax_rate.updated',
  );
  return after;
}
