import { z } from '@hono/zod-openapi';
import { ROLES } from '../../core/actor.ts';

export const RoleSchema = z.enum(ROLES).openapi('Role');

export const OrganizationSchema = z
  .object({ id: z.string(), name: z.string(), slug: z.string(), createdAt: z.string() })
  .openapi('Organization');

export const CreateOrganizationInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    slug: z.string().min(1).max(40).openapi({ example: 'acme' }),
  })
  .openapi('CreateOrganizationInput');

export const UpdateOrganizationInput = z
  .object({ name: z.string().trim().min(1).max(200) })
  .openapi('UpdateOrganizationInput');

export const MembershipSchema = z.object({
  orgId: z.string(),
  slug: z.string(),
  name: z.string(),
  role: RoleSchema,
});

export const MeSchema = z
  .object({
    user: z.object({ id: z.string(), email: z.string(), name: z.string() }).nullable(),
    actor: z.object({ kind: z.string(), id: z.string(), orgId: z.string(), role: RoleSchema }).nullable(),
    permissions: z.array(z.string()),
    memberships: z.array(MembershipSchema),
  })
  .openapi('Me');

export const MemberSchema = z
  .object({
    id: z.string(),
    userId: z.string(),
    name: z.string(),
    email: z.string(),
    role: RoleSchema,
    createdAt: z.string(),
  })
  .openapi('Member');

export const ChangeRoleInput = z.object({ role: RoleSchema }).openapi('ChangeRoleInput');

export const InvitationSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    role: z.string(),
    status: z.string(),
    expiresAt: z.string(),
    createdAt: z.string(),
  })
  .openapi('Invitation');

export const CreateInvitationInput = z
  .object({ email: z.string().max(320), role: RoleSchema })
  .openapi('CreateInvitationInput');

export const AcceptInvitationInput = z
  .object({ token: z.string().min(1).max(200) })
  .openapi('AcceptInvitationInput');

export const ApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.string(),
    prefix: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiKey');

export const CreateApiKeyInput = z
  .object({ name: z.string().max(100), role: RoleSchema })
  .openapi('CreateApiKeyInput');

export const CreatedApiKeySchema = z
  .object({ apiKey: ApiKeySchema, key: z.string().openapi({ description: 'Shown once; store it now.' }) })
  .openapi('CreatedApiKey');
