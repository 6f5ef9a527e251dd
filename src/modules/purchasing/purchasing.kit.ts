import type { Actor } from '../../core/actor.ts';
import type { Db, Tx } from '../../db/client.ts';
import { readInOrg, withOrg } from '../../db/tenancy.ts';
import { emitEvent } from '../../jobs/outbox.ts';
import { recordAudit } from '../audit/index.ts';
import { assertCan, type Permission } from '../identity/permissions.ts';

// What every payables use case shares: its transaction, the permission check, and the audit row
// with the outbox event that every state change leaves.

/** One use case in one transaction in the actor's organization, after checking `permission`. */
export function purchasingTransaction<T>(
  db: Db,
  actor: Actor,
  permission: Permission,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  assertCan(actor, permission);
  return withOrg(db, actor.orgId, work);
}

/** Read-only work after checking `purchasing:read`. */
export function purchasingRead<T>(db: Db, actor: Actor, work: (q: Tx) => Promise<T>): Promise<T> {
  assertCan(actor, 'purchasing:read');
  return readInOrg(db, actor.orgId, work);
}

/** The audit row and the domain event of one change, in the caller's transaction. */
export async function recordChange(
  tx: Tx,
  actor: Actor,
  change: { entity: string; entityId: string; action: string; before?: unknown; after?: unknown },
  event: string,
  payload: Record<string, unknown> = {},
): Promise<void> {
  await recordAudit(tx, actor, change);
  await emitEvent(tx, actor.orgId, event, { id: change.entityId, ...payload });
}

/** Today's business date in UTC. */
export const today = () => new Date().toISOString().slice(0, 10);

/** `days` after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
