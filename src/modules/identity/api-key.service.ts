import { and, desc, eq, isNull, lt, or } from 'drizzle-orm';
import { type Actor, isRole, type Role } from '../../core/actor.ts';
import { invalid, notFound } from '../../core/errors.ts';
import { randomToken, sha256Hex } from '../../core/hash.ts';
import { newId } from '../../core/ids.ts';
import type { Db } from '../../db/client.ts';
import { readInOrg, withOrg } from '../../db/tenancy.ts';
import { emitEvent } from '../../jobs/outbox.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { cannotAssignRole, invalidApiKey } from './errors.ts';
import { apiKey } from './identity.table.ts';
import { assertCan, canAssignRole } from './permissions.ts';

export const API_KEY_PREFIX = 'ordo_';
/** last_used_at is refreshed at most this often, so reads do not turn every GET into a write. */
const LAST_USED_GRANULARITY_MS = 60_000;

export type ApiKeyView = Omit<typeof apiKey.$inferSelect, 'keyHash'>;

const viewColumns = {
  orgId: apiKey.orgId,
  id: apiKey.id,
  name: apiKey.name,
  role: apiKey.role,
  prefix: apiKey.prefix,
  createdBy: apiKey.createdBy,
  createdAt: apiKey.createdAt,
  lastUsedAt: apiKey.lastUsedAt,
  revokedAt: apiKey.revokedAt,
};

/** Creates a key acting with `role` in the actor's organization. The key is returned once, never stored. */
export async function createApiKey(
  db: Db,
  actor: Actor,
  input: { name: string; role: Role },
): Promise<{ apiKey: ApiKeyView; key: string }> {
  assertCan(actor, 'api_key:manage');
  if (!canAssignRole(actor, input.role)) throw cannotAssignRole(input.role);
  const name = input.name.trim();
  if (!name)
    throw invalid('INVALID_NAME', 'Give the key a name, e.g. the system that will use it.', {
      field: 'name',
    });
  const key = `${API_KEY_PREFIX}${randomToken(30)}`;
  return withOrg(db, actor.orgId, async (tx) => {
    const [row] = await tx
      .insert(apiKey)
      .values({
        orgId: actor.orgId,
        id: newId('key'),
        name,
        role: input.role,
        prefix: key.slice(0, API_KEY_PREFIX.length + 6),
        keyHash: sha256Hex(key),
        createdBy: actor.id,
      })
      .returning(viewColumns);
    await recordAudit(tx, actor, { entity: 'api_key', entityId: row!.id, action: 'create', after: row });
    await emitEvent(tx, actor.orgId, 'api_key.created', { id: row!.id, role: input.role });
    return { apiKey: row!, key };
  });
}

export async function listApiKeys(db: Db, actor: Actor): Promise<ApiKeyView[]> {
  assertCan(actor, 'api_key:read');
  return readInOrg(db, actor.orgId, (tx) =>
    tx.select(viewColumns).from(apiKey).orderBy(desc(apiKey.createdAt)),
  );
}

export async function revokeApiKey(db: Db, actor: Actor, id: string): Promise<ApiKeyView> {
  assertCan(actor, 'api_key:manage');
  const revoked = await withOrg(db, actor.orgId, async (tx) => {
    const [row] = await tx
      .update(apiKey)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKey.id, id), isNull(apiKey.revokedAt)))
      .returning(viewColumns);
    if (!row) throw notFound('api_key', id);
    await recordAudit(tx, actor, { entity: 'api_key', entityId: id, action: 'revoke', after: row });
    await emitEvent(tx, actor.orgId, 'api_key.revoked', { id });
    return row;
  });
  // After the commit: a lookup running meanwhile may have read the key as it was before.
  forgetKey(id);
  return revoked;
}

/**
 * Recently verified keys, so an API client's burst of requests costs one lookup, not one each.
 * A revocation clears its key here at once; another server sharing the database notices within
 * CACHE_TTL_MS.
 */
const verified = new Map<string, { actor: Actor; until: number }>();
const CACHE_TTL_MS = 10_000;
const CACHE_MAX = 5_000;
/**
 * Counts revocations in this process. A lookup that a revocation overtook does not fill the cache:
 * it may have read the key before the revocation committed.
 */
let revocations = 0;

function forgetKey(id: string) {
  revocations++;
  for (const [hash, entry] of verified) if (entry.actor.id === id) verified.delete(hash);
}

/** Platform lookup: the actor a presented key stands for, or an error if unknown or revoked. */
export async function authenticateApiKey(db: Db, key: string): Promise<Actor> {
  if (!key.startsWith(API_KEY_PREFIX)) throw invalidApiKey();
  const hash = sha256Hex(key);
  const cached = verified.get(hash);
  if (cached && cached.until > Date.now()) return cached.actor;
  const seen = revocations;
  const actor = await lookupApiKey(db, hash);
  if (seen === revocations) {
    if (verified.size >= CACHE_MAX) verified.clear();
    verified.set(hash, { actor, until: Date.now() + CACHE_TTL_MS });
  }
  return actor;
}

async function lookupApiKey(db: Db, hash: string): Promise<Actor> {
  const [row] = await db
    .select({ id: apiKey.id, orgId: apiKey.orgId, role: apiKey.role, lastUsedAt: apiKey.lastUsedAt })
    .from(apiKey)
    .where(and(eq(apiKey.keyHash, hash), isNull(apiKey.revokedAt)));
  if (!row || !isRole(row.role)) throw invalidApiKey();
  const now = Date.now();
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    const stale = new Date(now - LAST_USED_GRANULARITY_MS);
    await db
      .update(apiKey)
      .set({ lastUsedAt: new Date(now) })
      .where(
        and(
          eq(apiKey.orgId, row.orgId),
          eq(apiKey.id, row.id),
          or(isNull(apiKey.lastUsedAt), lt(apiKey.lastUsedAt, stale)),
        ),
      );
  }
  return { kind: 'api_key', id: row.id, orgId: row.orgId, role: row.role };
}
