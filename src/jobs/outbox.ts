import { newId } from '../core/ids.ts';
import type { Tx } from '../db/client.ts';
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
