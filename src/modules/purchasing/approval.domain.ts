import { ROLES, type Role } from '../../core/actor.ts';
import { AppError, invalid } from '../../core/errors.ts';

// Approval rules, pure. A rule applies to a bill whose total in the base currency is above its
// amount and (when it names accounts) that books a line to one of them; it asks for a number of
// different approvers, optionally of given roles. A bill is approved when every rule that applies
// has its approvers; when none applies it needs no one. The bill's creator never counts.

export interface ApprovalRule {
  /** Stable key of the rule (kept on decisions' explanations). */
  id: string;
  name: string;
  /** Minor units of the base currency, as text (JSON has no 64-bit integers): applies above it. */
  aboveAmount: string;
  /** Applies only when a line is booked to one of these accounts; empty: any bill. */
  accountIds: string[];
  /** Different approvers needed. */
  approvals: number;
  /** Roles whose approval counts; empty: any role that may approve bills. */
  roles: Role[];
}

export interface BillFacts {
  /** The bill's tax-inclusive total in the base currency (minor units). */
  baseTotal: bigint;
  accountIds: readonly string[];
  createdBy: string;
}

export interface DecisionFact {
  actorId: string;
  role: Role;
  decision: 'approve' | 'reject' | 'auto_approve';
}

export interface RuleProgress {
  rule: ApprovalRule;
  /** Different approvers (not the creator) whose role counts for the rule. */
  approvers: string[];
  needed: number;
  met: boolean;
}

export interface ApprovalState {
  /** True when at least one rule applies; otherwise the bill is approved on submission. */
  required: boolean;
  rules: RuleProgress[];
  rejected: boolean;
  /** Every applicable rule met (and none rejected). */
  approved: boolean;
}

/** Roles that may decide on bills at all (the permission table's `bill:approve`). */
export const APPROVER_ROLES: readonly Role[] = ['owner', 'admin', 'accountant', 'manager'];

export function ruleApplies(rule: ApprovalRule, bill: BillFacts): boolean {
  if (bill.baseTotal <= BigInt(rule.aboveAmount)) return false;
  return rule.accountIds.length === 0 || rule.accountIds.some((a) => bill.accountIds.includes(a));
}

const counts = (rule: ApprovalRule, role: Role) => rule.roles.length === 0 || rule.roles.includes(role);

/** Where a bill stands under the rules, given its decisions in the current round. */
export function approvalState(
  rules: readonly ApprovalRule[],
  bill: BillFacts,
  decisions: readonly DecisionFact[],
): ApprovalState {
  const applicable = rules.filter((r) => ruleApplies(r, bill));
  const approvals = decisions.filter((d) => d.decision === 'approve' && d.actorId !== bill.createdBy);
  const rejected = decisions.some((d) => d.decision === 'reject' && d.actorId !== bill.createdBy);
  const progress = applicable.map((rule): RuleProgress => {
    const approvers = [...new Set(approvals.filter((d) => counts(rule, d.role)).map((d) => d.actorId))];
    return { rule, approvers, needed: rule.approvals, met: approvers.length >= rule.approvals };
  });
  return {
    required: applicable.length > 0,
    rules: progress,
    rejected,
    approved: !rejected && progress.every((p) => p.met),
  };
}

/**
 * Refuses a decision that may not be made: by the bill's creator, twice by the same person in one
 * round, or (an approval) by someone whose role counts for no rule still waiting.
 */
export function checkDecision(
  state: ApprovalState,
  bill: BillFacts,
  decisions: readonly DecisionFact[],
  actor: { id: string; role: Role },
  decision: 'approve' | 'reject',
): void {
  if (actor.id === bill.createdBy)
    throw new AppError(
      'forbidden',
      'SELF_APPROVAL',
      'The person who entered a bill cannot approve or reject it.',
      {
        field: 'decision',
      },
    );
  if (decisions.some((d) => d.actorId === actor.id && d.decision !== 'auto_approve'))
    throw new AppError('conflict', 'ALREADY_DECIDED', 'You have already decided on this bill.', {
      field: 'decision',
    });
  if (!APPROVER_ROLES.includes(actor.role))
    throw new AppError('forbidden', 'FORBIDDEN', 'Your role does not allow bill:approve.', {
      permission: 'bill:approve',
    });
  if (decision === 'approve') {
    const waiting = state.rules.filter((p) => !p.met);
    if (waiting.length > 0 && !waiting.some((p) => counts(p.rule, actor.role)))
      throw new AppError(
        'forbidden',
        'APPROVER_ROLE_NOT_REQUIRED',
        `This bill waits for approval by ${describeWaiting(waiting)}; a ${actor.role}'s approval does not count.`,
        { field: 'decision', waitingFor: waiting.map((p) => p.rule.id) },
      );
  }
}

function describeWaiting(waiting: RuleProgress[]): string {
  return waiting
    .map(
      (p) =>
        `${p.needed - p.approvers.length} more ${p.rule.roles.length ? p.rule.roles.join(' or ') : 'approver'}`,
    )
    .join(' and ');
}

const RULE_ID = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/** Checks a set of rules as the settings API receives them; refuses naming `rules.N.field`. */
export function checkRules(rules: readonly ApprovalRule[]): ApprovalRule[] {
  const seen = new Set<string>();
  return rules.map((rule, i) => {
    const field = (name: string) => ({ field: `approvalRules.${i}.${name}` });
    if (!RULE_ID.test(rule.id))
      throw invalid(
        'INVALID_RULE_ID',
        'A rule id is lower-case letters, digits, - and _ (at most 40).',
        field('id'),
      );
    if (seen.has(rule.id))
      throw invalid('DUPLICATE_RULE_ID', `Two rules are called ${rule.id}.`, field('id'));
    seen.add(rule.id);
    if (!/^\d{1,15}$/.test(rule.aboveAmount))
      throw invalid(
        'INVALID_AMOUNT',
        'The amount is a whole number of minor units, 0 or more.',
        field('aboveAmount'),
      );
    if (!Number.isInteger(rule.approvals) || rule.approvals < 1 || rule.approvals > 5)
      throw invalid('INVALID_APPROVALS', 'A rule asks for 1 to 5 different approvers.', field('approvals'));
    for (const role of rule.roles)
      if (!ROLES.includes(role) || !APPROVER_ROLES.includes(role))
        throw invalid(
          'INVALID_ROLE',
          `${role} may not approve bills; use ${APPROVER_ROLES.join(', ')}.`,
          field('roles'),
        );
    return {
      id: rule.id,
      name: rule.name.trim() || rule.id,
      aboveAmount: BigInt(rule.aboveAmount).toString(),
      accountIds: [...new Set(rule.accountIds)],
      approvals: rule.approvals,
      roles: [...new Set(rule.roles)],
    };
  });
}
