import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireActor, requireUser } from '../../api/auth.middleware.ts';
import type { AppEnv } from '../../api/env.ts';
import { errorResponses, IdParam, isoDate, json, jsonBody } from '../../api/openapi.ts';
import { type ApiKeyView, createApiKey, listApiKeys, revokeApiKey } from './api-key.service.ts';
import * as contracts from './contracts.ts';
import {
  acceptInvitation,
  createInvitation,
  type Invitation,
  listInvitations,
  revokeInvitation,
} from './invitation.service.ts';
import { changeMemberRole, listMembers, type MemberView, removeMember } from './member.service.ts';
import {
  createOrganization,
  getOrganization,
  listMemberships,
  type Organization,
  updateOrganization,
} from './organization.service.ts';
import { permissionsOf } from './permissions.ts';

const tags = ['Identity'];

const orgView = (o: Organization) => ({
  id: o.id,
  name: o.name,
  slug: o.slug,
  createdAt: o.createdAt.toISOString(),
});
const memberView = (m: MemberView) => ({ ...m, createdAt: m.createdAt.toISOString() });
const invitationView = (i: Invitation) => ({
  id: i.id,
  email: i.email,
  role: i.role,
  status: i.status,
  expiresAt: i.expiresAt.toISOString(),
  createdAt: i.createdAt.toISOString(),
});
const apiKeyView = (k: ApiKeyView) => ({
  id: k.id,
  name: k.name,
  role: k.role,
  prefix: k.prefix,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: isoDate(k.lastUsedAt),
  revokedAt: isoDate(k.revokedAt),
});

export function identityRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  const db = (c: Context<AppEnv>) => c.get('deps').store.db;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/me',
      tags,
      summary: 'Who is calling, in which organization, with which permissions',
      responses: { 200: json(contracts.MeSchema, 'The caller'), ...errorResponses },
    }),
    async (c) => {
      const principal = c.get('principal');
      const user = principal?.kind === 'session' ? principal.user : null;
      const actor = c.get('actor') ?? null;
      const memberships = user ? await listMemberships(db(c), user.id) : [];
      return c.json(
        {
          user,
          actor,
          permissions: actor ? permissionsOf(actor.role) : [],
          memberships: memberships.map(({ memberId: _m, ...m }) => m),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/orgs',
      tags,
      summary: 'Create an organization; the caller becomes its owner',
      request: jsonBody(contracts.CreateOrganizationInput),
      responses: { 201: json(contracts.OrganizationSchema, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const user = requireUser(c);
      return c.json(orgView(await createOrganization(db(c), c.req.valid('json'), user.id)), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/org',
      tags,
      summary: 'The current organization',
      responses: { 200: json(contracts.OrganizationSchema, 'The organization'), ...errorResponses },
    }),
    async (c) => c.json(orgView(await getOrganization(db(c), requireActor(c))), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/org',
      tags,
      summary: 'Rename the current organization',
      request: jsonBody(contracts.UpdateOrganizationInput),
      responses: { 200: json(contracts.OrganizationSchema, 'Updated'), ...errorResponses },
    }),
    async (c) => c.json(orgView(await updateOrganization(db(c), requireActor(c), c.req.valid('json'))), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/members',
      tags,
      summary: 'Members of the organization',
      responses: {
        200: json(z.object({ items: z.array(contracts.MemberSchema) }), 'Members'),
        ...errorResponses,
      },
    }),
    async (c) => c.json({ items: (await listMembers(db(c), requireActor(c))).map(memberView) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/members/{id}',
      tags,
      summary: "Change a member's role",
      request: { params: IdParam, ...jsonBody(contracts.ChangeRoleInput) },
      responses: { 200: json(contracts.MemberSchema, 'Updated'), ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      return c.json(
        memberView(await changeMemberRole(db(c), requireActor(c), id, c.req.valid('json').role)),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/members/{id}',
      tags,
      summary: 'Remove a member from the organization',
      request: { params: IdParam },
      responses: { 204: { description: 'Removed' }, ...errorResponses },
    }),
    async (c) => {
      await removeMember(db(c), requireActor(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/invitations',
      tags,
      summary: 'Pending invitations',
      responses: {
        200: json(z.object({ items: z.array(contracts.InvitationSchema) }), 'Invitations'),
        ...errorResponses,
      },
    }),
    async (c) => c.json({ items: (await listInvitations(db(c), requireActor(c))).map(invitationView) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/invitations',
      tags,
      summary: 'Invite someone by email; they receive a link to join',
      request: jsonBody(contracts.CreateInvitationInput),
      responses: { 201: json(contracts.InvitationSchema, 'Invited'), ...errorResponses },
    }),
    async (c) => {
      const { invitation } = await createInvitation(db(c), requireActor(c), c.req.valid('json'));
      c.get('deps').wakeDispatcher?.();
      return c.json(invitationView(invitation), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/invitations/{id}',
      tags,
      summary: 'Revoke a pending invitation',
      request: { params: IdParam },
      responses: { 204: { description: 'Revoked' }, ...errorResponses },
    }),
    async (c) => {
      await revokeInvitation(db(c), requireActor(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/invitations/{id}/accept',
      tags,
      summary: 'Accept an invitation as the signed-in user (the token comes from the emailed link)',
      request: { params: IdParam, ...jsonBody(contracts.AcceptInvitationInput) },
      responses: {
        200: json(
          z.object({ orgId: z.string(), memberId: z.string(), role: contracts.RoleSchema }),
          'Joined',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const user = requireUser(c);
      const joined = await acceptInvitation(
        db(c),
        { userId: user.id, email: user.email },
        c.req.valid('param').id,
        c.req.valid('json').token,
      );
      return c.json(joined, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api-keys',
      tags,
      summary: "The organization's API keys (never the keys themselves)",
      responses: {
        200: json(z.object({ items: z.array(contracts.ApiKeySchema) }), 'Keys'),
        ...errorResponses,
      },
    }),
    async (c) => c.json({ items: (await listApiKeys(db(c), requireActor(c))).map(apiKeyView) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api-keys',
      tags,
      summary: 'Create an API key acting with a role; the key is returned once',
      request: jsonBody(contracts.CreateApiKeyInput),
      responses: { 201: json(contracts.CreatedApiKeySchema, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const created = await createApiKey(db(c), requireActor(c), c.req.valid('json'));
      return c.json({ apiKey: apiKeyView(created.apiKey), key: created.key }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api-keys/{id}',
      tags,
      summary: 'Revoke an API key; it stops working at once',
      request: { params: IdParam },
      responses: { 200: json(contracts.ApiKeySchema, 'Revoked'), ...errorResponses },
    }),
    async (c) => c.json(apiKeyView(await revokeApiKey(db(c), requireActor(c), c.req.valid('param').id)), 200),
  );

  return app;
}
