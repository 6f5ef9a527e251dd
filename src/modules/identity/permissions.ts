import type { Actor, Role } from '../../core/actor.ts';
import { forbidden } from '../../core/errors.ts';

/**
 * The one role × permission table. Modules add their permissions here; code asks `can(actor, p)`.
 * Permissions are `<entity>:<verb>`.
 */
const TABLE = {
  'org:read': ['owner', 'admin', 'accountant', 'manager', 'member'],
  'org:update': ['owner', 'admin'],
  'member:read': ['owner', 'admin', 'accountant', 'manager', 'member'],
  'member:invite': ['owner', 'admin'],
  'member:update': ['owner', 'admin'],
  'member:remove': ['owner', 'admin'],
  'api_key:read': ['owner', 'admin'],
  'api_key:manage': ['owner', 'admin'],
  'audit:read': ['owner', 'admin', 'accountant'],
  'jobs:read': ['owner', 'admin', 'accountant', 'manager'],
  'company:read': ['owner', 'admin', 'accountant', 'manager', 'member'],
  'company:update': ['owner', 'admin'],
  'ledger:read': ['owner', 'admin', 'accountant', 'manager'],
  'ledger:post': ['owner', 'admin', 'accountant'],
  'ledger:chart': ['owner', 'admin', 'accountant'],
  'ledger:settings': ['owner', 'admin', 'accountant'],
  'sales:read': ['owner', 'admin', 'accountant', 'manager'],
  'sales:settings': ['owner', 'admin', 'accountant'],
  'tax_rate:write': ['owner', 'admin', 'accountant'],
  'customer:write': ['owner', 'admin', 'accountant', 'manager'],
  'catalog:write': ['owner', 'admin', 'accountant', 'manager'],
  'quote:write': ['owner', 'admin', 'accountant', 'manager'],
  'invoice:write': ['owner', 'admin', 'accountant', 'manager'],
  'invoice:issue': ['owner', 'admin', 'accountant', 'manager'],
  'invoice:void': ['owner', 'admin', 'accountant'],
  'payment:write': ['owner', 'admin', 'accountant'],
  'purchasing:read': ['owner', 'admin', 'accountant', 'manager'],
  /** Approval rules, number patterns and the input tax account of payables. */
  'purchasing:settings': ['owner', 'admin', 'accountant'],
  'vendor:write': ['owner', 'admin', 'accountant', 'manager'],
  'bill:write': ['owner', 'admin', 'accountant', 'manager'],
  /** Deciding on a bill; the approval rules may ask for particular roles on top. */
  'bill:approve': ['owner', 'admin', 'accountant', 'manager'],
  'bill:pay': ['owner', 'admin', 'accountant'],
  /** The mail an organization's documents sent while no SMTP server was configured (the file outbox). */
  'comms:outbox': ['owner', 'admin', 'accountant'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof TABLE;

export const PERMISSIONS = Object.keys(TABLE) as Permission[];

export function can(actor: Pick<Actor, 'role'>, permission: Permission): boolean {
  return (TABLE[permission] as readonly Role[]).includes(actor.role);
}

export function assertCan(actor: Pick<Actor, 'role'>, permission: Permission): void {
  if (!can(actor, permission)) throw forbidden(permission);
}

/** What a role may do, for the members page and the API's `/me`. */
export const permissionsOf = (role: Role): Permission[] => PERMISSIONS.filter((p) => can({ role }, p));

/** Only an owner may create, change or remove an owner. */
export const canAssignRole = (actor: Pick<Actor, 'role'>, role: Role): boolean =>
  role === 'owner' ? actor.role === 'owner' : can(actor, 'member:update');
