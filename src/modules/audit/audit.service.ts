import { and, asc, desc, eq, gt, type SQL } from 'drizzle-orm';
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
  await tx.execute(sql`select ${auditLockCall(orgId)}`);
}

/** The call that takes the audit lock, to take it in one statement with other locks (first). */
export const auditLockCall = (orgId: string) => sql`pg_advisory_xact_lock(hashtext(${`audit:${orgId}`}))`;

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

/**
 * `recordAudit` as one INSERT … SELECT that reads the chain's last row itself and computes the
 * sequence number and hash in SQL, for a writer that sends it together with its own writes in one
 * statement (the ledger posts in one round trip this way). The hash is the same as `rowHash`'s:
 * the canonical JSON sorts keys, `seq` sorts last, so the text is a prefix, the number and `}`.
 * Run it while holding `lockAuditChain`, in a statement after the one that took the lock; `when`
 * (an SQL condition) lets the writer skip the row when its own writes do not happen.
 */
export function auditAppendStatement(actor: Actor, change: AuditChange, options: { when?: SQL } = {}): SQL {
  const at = new Date(Math.floor(Date.now()));
  const row = {
    orgId: actor.orgId,
    actorKind: actor.kind,
    actorId: actor.id,
    entity: change.entity,
    entityId: change.entityId,
    action: change.action,
    before: toJson(change.before),
    after: toJson(change.after),
  };
  const text = canonicalJson({ ...row, at: at.toISOString(), seq: 0 });
  if (!text.endsWith('"seq":0}')) throw new Error('audit rows must hash with seq as their last key');
  const prefix = text.slice(0, -2);
  const json = (value: unknown) => (value === null ? null : JSON.stringify(value));
  return sql`insert into audit_log
      (org_id, seq, at, actor_kind, actor_id, entity, entity_id, action, before, after, prev_hash, hash)
    select ${row.orgId}, h.seq + 1, ${at.toISOString()}::timestamptz, ${row.actorKind}, ${row.actorId},
      ${row.entity}, ${row.entityId}, ${row.action}, ${json(row.before)}::jsonb, ${json(row.after)}::jsonb, h.hash,
      encode(sha256(convert_to(h.hash || ${prefix} || (h.seq + 1)::text || '}', 'UTF8')), 'hex')
    from (select coalesce(max(seq), 0) as seq,
            coalesce((select hash from audit_log where org_id = ${row.orgId} order by seq desc limit 1), ${GENESIS_HASH}) as hash
          from audit_log where org_id = ${row.orgId}) h
    ${options.when ? sql`where ${options.when}` : sql``}`;
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
