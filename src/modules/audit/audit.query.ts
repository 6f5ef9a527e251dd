import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { invalidCursor } from '../../core/cursor.ts';
import type { Db } from '../../db/client.ts';
import { readInOrg, withOrg } from '../../db/tenancy.ts';
import { assertCan } from '../identity/permissions.ts';
import { verifyAuditChain } from './audit.service.ts';
import { auditLog } from './audit.table.ts';

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  /** Inclusive instants. */
  from?: Date;
  to?: Date;
}

export type AuditRow = typeof auditLog.$inferSelect;

const encodeCursor = (seq: number) => Buffer.from(`seq:${seq}`).toString('base64url');

function decodeCursor(cursor: string): number {
  const match = /^seq:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw invalidCursor();
  return Number(match[1]);
}

/** Newest first, filtered, one page at a time. */
export async function listAudit(
  db: Db,
  actor: Actor,
  filter: AuditFilter,
  pageRequest: { limit: number; cursor?: string },
): Promise<{ items: AuditRow[]; nextCursor: string | null }> {
  assertCan(actor, 'audit:read');
  const conditions: SQL[] = [eq(auditLog.orgId, actor.orgId)];
  if (filter.entity) conditions.push(eq(auditLog.entity, filter.entity));
  if (filter.entityId) conditions.push(eq(auditLog.entityId, filter.entityId));
  if (filter.actorId) conditions.push(eq(auditLog.actorId, filter.actorId));
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
  if (filter.from) conditions.push(gte(auditLog.at, filter.from));
  if (filter.to) conditions.push(lte(auditLog.at, filter.to));
  if (pageRequest.cursor) conditions.push(lt(auditLog.seq, decodeCursor(pageRequest.cursor)));
  const rows = await readInOrg(db, actor.orgId, (tx) =>
    tx
      .select()
      .from(auditLog)
      .where(and(...conditions))
      .orderBy(desc(auditLog.seq))
      .limit(pageRequest.limit + 1),
  );
  const items = rows.slice(0, pageRequest.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > pageRequest.limit && last ? encodeCursor(last.seq) : null };
}

export async function verifyOwnAuditChain(db: Db, actor: Actor) {
  assertCan(actor, 'audit:read');
  return withOrg(db, actor.orgId, (tx) => verifyAuditChain(tx, actor.orgId));
}
