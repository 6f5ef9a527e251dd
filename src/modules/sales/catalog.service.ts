import { and, asc, eq, gt } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { newId } from '../../core/ids.ts';
import type { Queryable, Tx } from '../../db/client.ts';
import { pgError, UNIQUE_VIOLATION } from '../../db/errors.ts';
import { assertCan } from '../identity/permissions.ts';
import { getAccount } from '../ledger/index.ts';
import { itemNotFound, skuTaken } from './errors.ts';
import { recordChange } from './sales.kit.ts';
import { salesItem } from './sales.table.ts';
import { requireTaxRate } from './tax.service.ts';

export type Item = Omit<typeof salesItem.$inferSelect, 'orgId' | 'prices'> & {
  prices: Record<string, bigint>;
};

export interface ItemInput {
  name: string;
  sku?: string | null;
  kind?: 'product' | 'service';
  description?: string | null;
  unitCode?: string;
  prices?: Record<string, number | bigint>;
  taxRateId?: string | null;
  incomeAccountId?: string | null;
}

const view = ({ orgId: _, prices, ...row }: typeof salesItem.$inferSelect): Item => ({
  ...row,
  prices: Object.fromEntries(Object.entries(prices).map(([c, p]) => [c, BigInt(p)])),
});

export async function getItem(q: Queryable, orgId: string, id: string, field?: string): Promise<Item> {
  const [row] = await q
    .select()
    .from(salesItem)
    .where(and(eq(salesItem.orgId, orgId), eq(salesItem.id, id)));
  if (!row) throw itemNotFound(id, field);
  return view(row);
}

export async function listItems(q: Queryable, orgId: string, options: { limit: number; cursor?: string }) {
  const rows = await q
    .select()
    .from(salesItem)
    .where(and(eq(salesItem.orgId, orgId), options.cursor ? gt(salesItem.id, options.cursor) : undefined))
    .orderBy(asc(salesItem.id))
    .limit(options.limit + 1);
  const items = rows.slice(0, options.limit).map(view);
  return { items, nextCursor: rows.length > options.limit ? items.at(-1)!.id : null };
}

async function checkRefs(tx: Tx, orgId: string, input: Partial<ItemInput>) {
  if (input.taxRateId) await requireTaxRate(tx, orgId, input.taxRateId, 'taxRateId');
  if (input.incomeAccountId) await getAccount(tx, orgId, input.incomeAccountId);
}

const prices = (p: Record<string, number | bigint> | undefined) =>
  Object.fromEntries(Object.entries(p ?? {}).map(([c, v]) => [c, BigInt(v).toString()]));

async function uniqueSku<T>(sku: string | null | undefined, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (pgError(error)?.code === UNIQUE_VIOLATION && sku) throw skuTaken(sku);
    throw error;
  }
}

export async function createItem(tx: Tx, actor: Actor, input: ItemInput): Promise<Item> {
  assertCan(actor, 'catalog:write');
  await checkRefs(tx, actor.orgId, input);
  const [row] = await uniqueSku(
    input.sku,
    tx
      .insert(salesItem)
      .values({
        orgId: actor.orgId,
        id: newId('itm'),
        name: input.name,
        sku: input.sku || null,
        kind: input.kind ?? 'service',
        description: input.description || null,
        unitCode: input.unitCode ?? 'C62',
        prices: prices(input.prices),
        taxRateId: input.taxRateId ?? null,
        incomeAccountId: input.incomeAccountId ?? null,
      })
      .returning(),
  );
  const item = view(row!);
  await recordChange(
    tx,
    actor,
    { entity: 'sales_item', entityId: item.id, action: 'create', after: item },
    'sales_item.created',
  );
  return item;
}

export async function updateItem(
  tx: Tx,
  actor: Actor,
  id: string,
  patch: Partial<ItemInput> & { archived?: boolean },
): Promise<Item> {
  assertCan(actor, 'catalog:write');
  const before = await getItem(tx, actor.orgId, id);
  await checkRefs(tx, actor.orgId, patch);
  const [row] = await uniqueSku(
    patch.sku,
    tx
      .update(salesItem)
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.sku !== undefined ? { sku: patch.sku || null } : {}),
        ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
        ...(patch.description !== undefined ? { description: patch.description || null } : {}),
        ...(patch.unitCode !== undefined ? { unitCode: patch.unitCode } : {}),
        ...(patch.prices !== undefined ? { prices: prices(patch.prices) } : {}),
        ...(patch.taxRateId !== undefined ? { taxRateId: patch.taxRateId } : {}),
        ...(patch.incomeAccountId !== undefined ? { incomeAccountId: patch.incomeAccountId } : {}),
        ...(patch.archived !== undefined ? { archivedAt: patch.archived ? new Date() : null } : {}),
        updatedAt: new Date(),
      })
      .where(and(eq(salesItem.orgId, actor.orgId), eq(salesItem.id, id)))
      .returning(),
  );
  const after = view(row!);
  await recordChange(
    tx,
    actor,
    { entity: 'sales_item', entityId: id, action: 'update', before, after },
    'sales_item.updated',
  );
  return after;
}
