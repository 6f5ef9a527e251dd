export const ROLES = ['owner', 'admin', 'accountant', 'manager', 'member'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => ROLES.includes(value as Role);

/** Who is acting, in which organization and with which role. Every service call takes one. */
export type Actor =
  | { kind: 'user'; id: string; orgId: string; role: Role }
  | { kind: 'api_key'; id: string; orgId: string; role: Role }
  /** Scheduled jobs, the demo seed and CLI administration act as the system. */
  | { kind: 'system'; id: string; orgId: string; role: 'owner' };

export const systemActor = (orgId: string, id = 'system'): Actor => ({
  kind: 'system',
  id,
  orgId,
  role: 'owner',
});
