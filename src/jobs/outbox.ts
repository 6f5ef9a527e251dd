import type { SQL } from 'drizzle-orm';
import { newId } from '../core/ids.ts';
import { sql, type Tx } from '../db/client.ts';
import { outboxEvent } from './jobs.table.ts';

/**
 * Writes a domain event in the caller's transaction: it exists if and only if the change committed.
 * Event types are `<entity>.<past-tense verb>`, e.g. `member.role_changed`.
 */
export async function emitEvent(
  tx: Tx,
  orgId: string,
  type: string,
  payload: Record<string, unknown>,
): Promise<string> {
  const id = newId('evt');
  await tx.insert(outboxEvent).values({ orgId, id, type, payload });
  return id;
}

/**
 * `emitEvent`'s INSERT without running it, for a writer that sends it together with its own
 * statements in one round trip (the ledger's posting); `when` (an SQL condition) skips the event
 * when the writer's own change does not happen.
 */
export function eventInsertStatement(
  orgId: string,
  type: string,
  payload: Record<string, unknown>,
  options: { when?: SQL } = {},
): { id: string; statement: SQL } {
  const id = newId('evt');
  return {
    id,
    statement: sql`insert into outbox_event (org_id, id, type, payload)
      select ${orgId}, ${id}, ${type}, ${JSON.stringify(payload)}::jsonb
      ${options.when ? sql`where ${options.when}` : sql``}`,
  };
}
