import { and, desc, eq } from 'drizzle-orm';
import type { Actor, Role } from '../../core/actor.ts';
import { invalid, notFound } from '../../core/errors.ts';
import { randomToken, sha256Hex } from '../../core/hash.ts';
import { newId } from '../../core/ids.ts';
import type { Db } from '../../db/client.ts';
import { readInOrg, withOrg } from '../../db/tenancy.ts';
import { emitEvent } from '../../jobs/outbox.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { alreadyMember, cannotAssignRole, invitationNotUsable } from './errors.ts';
import { invitation, member, organization, user } from './identity.table.ts';
import { addMember } from './member.service.ts';
import { assertCan, canAssignRole } from './permissions.ts';

const VALID_DAYS = 7;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type Invitation = Omit<typeof invitation.$inferSelect, 'tokenHash'>;

const publicColumns = {
  organizationId: invitation.organizationId,
  id: invitation.id,
  email: invitation.email,
  role: invitation.role,
  status: invitation.status,
  expiresAt: invitation.expiresAt,
  inviterId: invitation.inviterId,
  createdAt: invitation.createdAt,
};

/**
 * Invites an email address with a role. The secret token travels only in the emailed link
 * (the `invitation.created` event carries it to the mail subscriber); the table keeps its hash.
 */
export async function createInvitation(
  db: Db,
  actor: Actor,
  input: { email: string; role: Role },
): Promise<{ invitation: Invitation; token: string }> {
  assertCan(actor, 'member:invite');
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email))
    throw invalid('INVALID_EMAIL', `"${input.email}" is not an email address.`, { field: 'email' });
  if (!canAssignRole(actor, input.role)) throw cannotAssignRole(input.role);
  const token = randomToken();
  return withOrg(db, actor.orgId, async (tx) => {
    const [existing] = await tx
      .select({ id: member.id })
      .from(member)
      .innerJoin(user, eq(user.id, member.userId))
      .where(eq(user.email, email));
    if (existing) throw alreadyMember(email);
    const [org] = await tx.select({ name: organization.name }).from(organization);
    const row = {
      organizationId: actor.orgId,
      id: newId('inv'),
      email,
      role: input.role,
      status: 'pending' as const,
      expiresAt: new Date(Date.now() + VALID_DAYS * 86_400_000),
      inviterId: actor.id,
      tokenHash: sha256Hex(token),
    };
    await tx.insert(invitation).values(row);
    const { tokenHash: _hidden, ...view } = row;
    const created = { ...view, createdAt: new Date() };
    await recordAudit(tx, actor, { entity: 'invitation', entityId: row.id, action: 'create', after: view });
    await emitEvent(tx, actor.orgId, 'invitation.created', {
      invitationId: row.id,
      email,
      role: input.role,
      organizationName: org?.name ?? '',
      token,
    });
    return { invitation: created, token };
  });
}

export async function listInvitations(db: Db, actor: Actor): Promise<Invitation[]> {
  assertCan(actor, 'member:read');
  return readInOrg(db, actor.orgId, (tx) =>
    tx
      .select(publicColumns)
      .from(invitation)
      .where(eq(invitation.status, 'pending'))
      .orderBy(desc(invitation.createdAt)),
  ) as Promise<Invitation[]>;
}

export async function revokeInvitation(db: Db, actor: Actor, invitationId: string): Promise<void> {
  assertCan(actor, 'member:invite');
  await withOrg(db, actor.orgId, async (tx) => {
    const [row] = await tx
      .update(invitation)
      .set({ status: 'revoked' })
      .where(and(eq(invitation.id, invitationId), eq(invitation.status, 'pending')))
      .returning({ id: invitation.id });
    if (!row) throw notFound('invitation', invitationId);
    await recordAudit(tx, actor, { entity: 'invitation', entityId: invitationId, action: 'revoke' });
  });
}

/**
 * The signed-in user accepts with the link's token; their email must be the invited one.
 * Looked up by id as the platform, because the user is not a member of the organization yet.
 */
export async function acceptInvitation(
  db: Db,
  accepter: { userId: string; email: string },
  invitationId: string,
  token: string,
): Promise<{ orgId: string; memberId: string; role: Role }> {
  const [found] = await db.select().from(invitation).where(eq(invitation.id, invitationId));
  if (!found || found.tokenHash !== sha256Hex(token)) throw notFound('invitation', invitationId);
  if (found.status !== 'pending') throw invitationNotUsable(`it was ${found.status}`);
  if (found.expiresAt.getTime() < Date.now()) throw invitationNotUsable('it has expired; ask for a new one');
  if (found.email !== accepter.email.toLowerCase())
    throw invitationNotUsable(`it was sent to ${found.email}; sign in with that address`);
  const role = found.role as Role;
  const actor: Actor = { kind: 'user', id: accepter.userId, orgId: found.organizationId, role };
  return withOrg(db, found.organizationId, async (tx) => {
    const [claimed] = await tx
      .update(invitation)
      .set({ status: 'accepted' })
      .where(and(eq(invitation.id, invitationId), eq(invitation.status, 'pending')))
      .returning({ id: invitation.id });
    if (!claimed) throw invitationNotUsable('it was already used');
    const memberId = await addMember(tx, actor, accepter.userId, role);
    await recordAudit(tx, actor, { entity: 'invitation', entityId: invitationId, action: 'accept' });
    return { orgId: found.organizationId, memberId, role };
  });
}
