import { and, asc, desc, eq, gt } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { canonicalJson, sha256Hex } from '../../core/hash.ts';
import { type Queryable, sql, type Tx } from '../../db/client.ts';
import { auditLog } from './audit.table.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditChange {
  entity: string;
  entityId: string;
  action: string;
  before?: unknown;
  after?: unknown;
}

type AuditRow = typeof auditLog.$inferSelect;

/** The bytes each link's hash covers: everything in the row except the hash itself. */
function rowHash(row: Omit<AuditRow, 'hash'>): string {
  const { prevHash, at, ...rest } = row;
  return sha256Hex(prevHash + canonicalJson({ ...rest, at: at.toISOString() }));
}

/**
 * Takes the organization's audit lock until the transaction ends. Code that takes its own lock and
 * then audits (the ledger's posting chain) takes this one first, so the two are always taken in the
 * same order and writers never deadlock.
 */
export async function lockAuditChain(tx: Tx, orgId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`audit:${orgId}`}))`);
}

/**
 * Appends one audit row in the caller's transaction, chained to the organization's previous row.
 * The per-organization advisory lock serializes writers so the chain never forks.
 */
export async function recordAudit(tx: Tx, actor: Actor, change: AuditChange): Promise<void> {
  await lockAuditChain(tx, actor.orgId);
  const [last] = await tx
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .where(eq(auditLog.orgId, actor.orgId))
    .orderBy(desc(auditLog.seq))
    .limit(1);
  const row = {
    orgId: actor.orgId,
    seq: (last?.seq ?? 0) + 1,
    // Millisecond precision: the value must survive the round trip through timestamptz unchanged.
    at: new Date(Math.floor(Date.now())),
    actorKind: actor.kind,
    actorId: actor.id,
    entity: change.entity,
    entityId: change.entityId,
    action: change.action,
    before: toJson(change.before),
    after: toJson(change.after),
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  await tx.insert(auditLog).values({ ...row, hash: rowHash(row) });
}

/** JSON-safe copy (dates as ISO strings, bigints as strings) so the stored value hashes the same when read back. */
function toJson(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(canonicalJson(value));
}

export type VerifyResult =
  | { ok: true; rows: number }
  | { ok: false; rows: number; brokenAt: number; reason: string };

/** Recomputes an organization's chain from the first row; reports the first row that does not match. */
export async function verifyAuditChain(q: Queryable, orgId: string): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let afterSeq = 0;
  const pageSize = 1000;
  for (;;) {
    const page = await q
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, orgId), gt(auditLog.seq, afterSeq)))
      .orderBy(asc(auditLog.seq))
      .limit(pageSize);
    for (const row of page) {
      const { hash, ...rest } = row;
      if (row.seq !== expectedSeq) return broken(row.seq, `sequence gap: expected ${expectedSeq}`);
      if (row.prevHash !== prevHash) return broken(row.seq, 'previous hash does not match the row before');
      if (rowHash(rest) !== hash) return broken(row.seq, 'row content does not match its hash');
      prevHash = hash;
      expectedSeq++;
    }
    if (page.length < pageSize) return { ok: true, rows: expectedSeq - 1 };
    afterSeq = page[page.length - 1]!.seq;
  }
  function broken(seq: number, reason: string): VerifyResult {
    return { ok: false, rows: expectedSeq - 1, brokenAt: seq, reason };
  }
}
