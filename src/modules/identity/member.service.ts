import { eq } from 'drizzle-orm';
import type { Actor, Role } from '../../core/actor.ts';
import { notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { Db, Tx } from '../../db/client.ts';
import { readInOrg, withOrg } from '../../db/tenancy.ts';
import { emitEvent } from '../../jobs/outbox.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { alreadyMember, cannotAssignRole, lastOwner } from './errors.ts';
import { member, user } from './identity.table.ts';
import { assertCan, canAssignRole } from './permissions.ts';

export interface MemberView {
  id: string;
  userId: string;
  name: string;
  email: string;
  role: Role;
  createdAt: Date;
}

const memberColumns = {
  id: member.id,
  userId: member.userId,
  name: user.name,
  email: user.email,
  role: member.role,
  createdAt: member.createdAt,
};

export async function listMembers(db: Db, actor: Actor): Promise<MemberView[]> {
  assertCan(actor, 'member:read');
  const rows = await readInOrg(db, actor.orgId, (tx) =>
    tx
      .select(memberColumns)
      .from(member)
      .innerJoin(user, eq(user.id, member.userId))
      .orderBy(member.createdAt),
  );
  return rows as MemberView[];
}

async function loadMember(tx: Tx, memberId: string): Promise<MemberView> {
  const [row] = await tx
    .select(memberColumns)
    .from(member)
    .innerJoin(user, eq(user.id, member.userId))
    .where(eq(member.id, memberId));
  if (!row) throw notFound('member', memberId);
  return row as MemberView;
}

async function ownerCount(tx: Tx): Promise<number> {
  return (await tx.select({ id: member.id }).from(member).where(eq(member.role, 'owner'))).length;
}

export async function changeMemberRole(
  db: Db,
  actor: Actor,
  memberId: string,
  role: Role,
): Promise<MemberView> {
  assertCan(actor, 'member:update');
  return withOrg(db, actor.orgId, async (tx) => {
    const before = await loadMember(tx, memberId);
    if (before.role === role) return before;
    if (!canAssignRole(actor, role) || !canAssignRole(actor, before.role)) throw cannotAssignRole('owner');
    if (before.role === 'owner' && (await ownerCount(tx)) === 1) throw lastOwner();
    await tx.update(member).set({ role }).where(eq(member.id, memberId));
    const after = { ...before, role };
    await recordAudit(tx, actor, {
      entity: 'member',
      entityId: memberId,
      action: 'change_role',
      before,
      after,
    });
    await emitEvent(tx, actor.orgId, 'member.role_changed', {
      memberId,
      userId: before.userId,
      from: before.role,
      to: role,
    });
    return after;
  });
}

export async function removeMember(db: Db, actor: Actor, memberId: string): Promise<void> {
  assertCan(actor, 'member:remove');
  await withOrg(db, actor.orgId, async (tx) => {
    const before = await loadMember(tx, memberId);
    if (before.role === 'owner' && actor.role !== 'owner') throw cannotAssignRole('owner');
    if (before.role === 'owner' && (await ownerCount(tx)) === 1) throw lastOwner();
    await tx.delete(member).where(eq(member.id, memberId));
    await recordAudit(tx, actor, { entity: 'member', entityId: memberId, action: 'remove', before });
    await emitEvent(tx, actor.orgId, 'member.removed', { memberId, userId: before.userId });
  });
}

/** Adds a user to the actor's organization (CLI `user create`, accepted invitations). */
export async function addMember(tx: Tx, actor: Actor, userId: string, role: Role): Promise<string> {
  const [existing] = await tx
    .select({ id: member.id, email: user.email })
    .from(member)
    .innerJoin(user, eq(user.id, member.userId))
    .where(eq(member.userId, userId));
  if (existing) throw alreadyMember(existing.email);
  const id = newId('mem');
  await tx.insert(member).values({ organizationId: actor.orgId, id, userId, role });
  await recordAudit(tx, actor, { entity: 'member', entityId: id, action: 'add', after: { userId, role } });
  await emitEvent(tx, actor.orgId, 'member.joined', { memberId: id, userId, role });
  return id;
}
