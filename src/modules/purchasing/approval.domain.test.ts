import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../core/actor.ts';
import type { AppError } from '../../core/errors.ts';
import {
  APPROVER_ROLES,
  type ApprovalRule,
  approvalState,
  type BillFacts,
  checkDecision,
  checkRules,
  type DecisionFact,
  ruleApplies,
} from './approval.domain.ts';

// The approval rules' properties over random rule sets, bills and decisions: the creator never
// counts, more approvals never undo an approval, a bigger bill never needs fewer rules, a rule
// needing n approvers is never met by fewer different people, and the example policy works.

const ACCOUNTS = ['acc_rent', 'acc_software', 'acc_travel'];
const PEOPLE = ['usr_a', 'usr_b', 'usr_c', 'usr_d'];

const ruleArb: fc.Arbitrary<ApprovalRule> = fc.record({
  id: fc.stringMatching(/^[a-z]{1,6}$/),
  name: fc.constant('rule'),
  aboveAmount: fc.bigInt({ min: 0n, max: 5_000_000n }).map(String),
  accountIds: fc.subarray(ACCOUNTS),
  approvals: fc.integer({ min: 1, max: 3 }),
  roles: fc.subarray([...APPROVER_ROLES]),
});
const billArb: fc.Arbitrary<BillFacts> = fc.record({
  baseTotal: fc.bigInt({ min: 0n, max: 6_000_000n }),
  accountIds: fc.subarray(ACCOUNTS, { minLength: 1 }),
  createdBy: fc.constantFrom(...PEOPLE),
});
const decisionArb: fc.Arbitrary<DecisionFact> = fc.record({
  actorId: fc.constantFrom(...PEOPLE),
  role: fc.constantFrom(...(APPROVER_ROLES as Role[])),
  decision: fc.constant('approve' as const),
});
const rulesArb = fc.array(ruleArb, { maxLength: 4 });
const decisionsArb = fc.array(decisionArb, { maxLength: 6 });

describe('approval rules: properties', () => {
  it('the creator’s decisions never change where a bill stands', () => {
    fc.assert(
      fc.property(
        rulesArb,
        billArb,
        decisionsArb,
        fc.constantFrom(...(APPROVER_ROLES as Role[])),
        fc.boolean(),
        (rules, bill, decisions, role, reject) => {
          const own: DecisionFact = {
            actorId: bill.createdBy,
            role,
            decision: reject ? 'reject' : 'approve',
          };
          expect(approvalState(rules, bill, [...decisions, own])).toEqual(
            approvalState(rules, bill, decisions),
          );
        },
      ),
    );
  });

  it('one more approval never turns an approved bill back, and never lowers any rule’s count', () => {
    fc.assert(
      fc.property(rulesArb, billArb, decisionsArb, decisionArb, (rules, bill, decisions, extra) => {
        const before = approvalState(rules, bill, decisions);
        const after = approvalState(rules, bill, [...decisions, extra]);
        if (before.approved) expect(after.approved).toBe(true);
        for (const [i, p] of after.rules.entries())
          expect(p.approvers.length).toBeGreaterThanOrEqual(before.rules[i]!.approvers.length);
      }),
    );
  });

  it('a bigger total never makes a rule stop applying', () => {
    fc.assert(
      fc.property(ruleArb, billArb, fc.bigInt({ min: 0n, max: 1_000_000n }), (rule, bill, more) => {
        if (ruleApplies(rule, bill))
          expect(ruleApplies(rule, { ...bill, baseTotal: bill.baseTotal + more })).toBe(true);
      }),
    );
  });

  it('approved means every applicable rule has that many different, non-creator approvers of its roles', () => {
    fc.assert(
      fc.property(rulesArb, billArb, decisionsArb, (rules, bill, decisions) => {
        const state = approvalState(rules, bill, decisions);
        for (const p of state.rules) {
          const eligible = new Set(
            decisions
              .filter(
                (d) =>
                  d.actorId !== bill.createdBy &&
                  (p.rule.roles.length === 0 || p.rule.roles.includes(d.role)),
              )
              .map((d) => d.actorId),
          );
          expect(p.met).toBe(eligible.size >= p.rule.approvals);
        }
        expect(state.approved).toBe(state.rules.every((p) => p.met));
        expect(state.required).toBe(rules.some((r) => ruleApplies(r, bill)));
      }),
    );
  });

  it('one person approving many times counts once', () => {
    fc.assert(
      fc.property(rulesArb, billArb, decisionArb, fc.integer({ min: 1, max: 5 }), (rules, bill, d, times) => {
        const state = approvalState(
          rules,
          bill,
          Array.from({ length: times }, () => d),
        );
        for (const p of state.rules) expect(p.approvers.length).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('checkDecision refuses the creator, a second decision by the same person, and a role that counts for nothing waiting', () => {
    fc.assert(
      fc.property(
        rulesArb,
        billArb,
        decisionsArb,
        fc.constantFrom(...PEOPLE),
        fc.constantFrom(...(APPROVER_ROLES as Role[])),
        (rules, bill, decisions, who, role) => {
          const state = approvalState(rules, bill, decisions);
          let refused: AppError | undefined;
          try {
            checkDecision(state, bill, decisions, { id: who, role }, 'approve');
          } catch (error) {
            refused = error as AppError;
          }
          if (who === bill.createdBy) expect(refused?.code).toBe('SELF_APPROVAL');
          else if (decisions.some((d) => d.actorId === who)) expect(refused?.code).toBe('ALREADY_DECIDED');
          else if (refused) {
            expect(refused.code).toBe('APPROVER_ROLE_NOT_REQUIRED');
            expect(
              state.rules
                .filter((p) => !p.met)
                .every((p) => p.rule.roles.length > 0 && !p.rule.roles.includes(role)),
            ).toBe(true);
          }
        },
      ),
    );
  });
});

describe('the example policy: above 1,000 an owner approves; above 10,000 two different approvers', () => {
  const rules = checkRules([
    {
      id: 'owner-above-1000',
      name: 'Owner above 1,000',
      aboveAmount: '100000',
      accountIds: [],
      approvals: 1,
      roles: ['owner'],
    },
    {
      id: 'two-above-10000',
      name: 'Two above 10,000',
      aboveAmount: '1000000',
      accountIds: [],
      approvals: 2,
      roles: [],
    },
  ]);
  const bill = (baseTotal: bigint): BillFacts => ({
    baseTotal,
    accountIds: ['acc_rent'],
    createdBy: 'usr_clerk',
  });
  const approve = (actorId: string, role: Role): DecisionFact => ({ actorId, role, decision: 'approve' });

  it('at 1,000 exactly nobody is needed; just above, an owner', () => {
    expect(approvalState(rules, bill(100000n), []).required).toBe(false);
    const small = approvalState(rules, bill(100001n), [approve('usr_acc', 'accountant')]);
    expect([small.required, small.approved]).toEqual([true, false]);
    expect(approvalState(rules, bill(100001n), [approve('usr_own', 'owner')]).approved).toBe(true);
  });

  it('above 10,000: an owner and one more person', () => {
    expect(approvalState(rules, bill(1000001n), [approve('usr_own', 'owner')]).approved).toBe(false);
    expect(
      approvalState(rules, bill(1000001n), [approve('usr_own', 'owner'), approve('usr_own', 'owner')])
        .approved,
    ).toBe(false);
    expect(
      approvalState(rules, bill(1000001n), [approve('usr_own', 'owner'), approve('usr_acc', 'accountant')])
        .approved,
    ).toBe(true);
  });

  it('rules are checked by field', () => {
    const bad = (rule: Partial<ApprovalRule>) => {
      try {
        checkRules([
          { id: 'r', name: 'r', aboveAmount: '0', accountIds: [], approvals: 1, roles: [], ...rule },
        ]);
      } catch (error) {
        return (error as AppError).details.field;
      }
      return undefined;
    };
    expect(bad({ approvals: 0 })).toBe('approvalRules.0.approvals');
    expect(bad({ aboveAmount: '-1' })).toBe('approvalRules.0.aboveAmount');
    expect(bad({ roles: ['member'] })).toBe('approvalRules.0.roles');
    expect(bad({ id: 'Bad Id' })).toBe('approvalRules.0.id');
  });
});
