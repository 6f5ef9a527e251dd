import { eq } from 'drizzle-orm';
import { type Actor, isRole, type Role, systemActor } from '../../core/actor.ts';
import { invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { Db } from '../../db/client.ts';
import { pgError, UNIQUE_VIOLATION } from '../../db/errors.ts';
import { preparedRead } from '../../db/prepared-read.ts';
import { readInOrg, withOrg } from '../../db/tenancy.ts';
import { emitEvent } from '../../jobs/outbox.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { slugTaken } from './errors.ts';
import { member, organization } from './identity.table.ts';
import { assertCan } from './permissions.ts';

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

export type Organization = typeof organization.$inferSelect;

export interface NewOrganization {
  name: string;
  slug: string;
}

function checkSlug(slug: string) {
  if (!SLUG_PATTERN.test(slug))
    throw invalid('INVALID_SLUG', 'Use 1–40 lower-case letters, digits and inner hyphens for the address.', {
      field: 'slug',
    });
}

/** Creates an organization; `ownerUserId` (when given) becomes its first owner. */
export async function createOrganization(
  db: Db,
  input: NewOrganization,
  ownerUserId?: string,
): Promise<Organization> {
  checkSlug(input.slug);
  const orgId = newId('org');
  const actor: Actor = ownerUserId
    ? { kind: 'user', id: ownerUserId, orgId, role: 'owner' }
    : systemActor(orgId);
  try {
    return await withOrg(db, orgId, async (tx) => {
      const [org] = await tx
        .insert(organization)
        .values({ id: orgId, name: input.name, slug: input.slug })
        .returning();
      if (ownerUserId)
        await tx
          .insert(member)
          .values({ organizationId: orgId, id: newId('mem'), userId: ownerUserId, role: 'owner' });
      await recordAudit(tx, actor, { entity: 'organization', entityId: orgId, action: 'create', after: org });
      await emitEvent(tx, orgId, 'organization.created', { id: orgId, slug: input.slug });
      return org!;
    });
  } catch (error) {
    if (pgError(error)?.code === UNIQUE_VIOLATION) throw slugTaken(input.slug);
    throw error;
  }
}

// Row-level security picks the organization: the statement is the same for every caller. Built
// once: it is the hot read of GET /api/org (bench/RESULTS.md).
const currentOrganization = preparedRead((q) => q.select().from(organization));

export async function getOrganization(db: Db, actor: Actor): Promise<Organization> {
  assertCan(actor, 'org:read');
  const [org] = await readInOrg(db, actor.orgId, (tx) => currentOrganization(tx));
  if (!org) throw notFound('organization', actor.orgId);
  return org;
}

export async function updateOrganization(
  db: Db,
  actor: Actor,
  patch: { name?: string },
): Promise<Organization> {
  assertCan(actor, 'org:update');
  return withOrg(db, actor.orgId, async (tx) => {
    const [before] = await tx.select().from(organization);
    if (!before) throw notFound('organization', actor.orgId);
    const [after] = await tx
      .update(organization)
      .set({ name: patch.name ?? before.name })
      .where(eq(organization.id, actor.orgId))
      .returning();
    await recordAudit(tx, actor, {
      entity: 'organization',
      entityId: actor.orgId,
      action: 'update',
      before,
      after,
    });
    await emitEvent(tx, actor.orgId, 'organization.updated', { id: actor.orgId });
    return after!;
  });
}

/** Platform lookup (no tenant context yet): an organization by slug. */
export async function findOrganizationBySlug(db: Db, slug: string): Promise<Organization | undefined> {
  const [org] = await db.select().from(organization).where(eq(organization.slug, slug));
  return org;
}

export interface Membership {
  orgId: string;
  slug: string;
  name: string;
  role: Role;
  memberId: string;
}

/** Platform lookup: the organizations a user belongs to, oldest membership first. */
export async function listMemberships(db: Db, userId: string): Promise<Membership[]> {
  const rows = await db
    .select({
      orgId: organization.id,
      slug: organization.slug,
      name: organization.name,
      role: member.role,
      memberId: member.id,
    })
    .from(member)
    .innerJoin(organization, eq(member.organizationId, organization.id))
    .where(eq(member.userId, userId))
    .orderBy(member.createdAt);
  return rows.flatMap((r) => (isRole(r.role) ? [{ ...r, role: r.role }] : []));
}
