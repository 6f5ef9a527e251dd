import { and, eq } from 'drizzle-orm';
import type { Actor, Role } from '../../core/actor.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { Queryable, Tx } from '../../db/client.ts';
import { assertCan } from '../identity/permissions.ts';
import { checkOpenPeriod } from '../sales/settlement.service.ts';
import {
  type ApprovalState,
  approvalState,
  type BillFacts,
  checkDecision,
  type DecisionFact,
} from './approval.domain.ts';
import { EDITABLE } from './bill.domain.ts';
import { type Bill, type BillType, decisionsOf, loadBill } from './bill.repo.ts';
import { bill, billApproval } from './bill.table.ts';
import { baseTotalOf, postBill } from './bill-posting.service.ts';
import { billState } from './errors.ts';
import { recordChange } from './purchasing.kit.ts';
import { nextBillNumber, purchasingSettingsOf } from './settings.service.ts';

// Submitting bills for approval and deciding on them. The rules (settings) say who must approve;
// a bill no rule applies to is approved on submission. The last approval the rules need posts the
// bill. The bill's creator never decides on it; every decision is kept and audited.

export interface BillApproval {
  round: number;
  baseTotal: bigint;
  state: ApprovalState;
  decisions: (typeof billApproval.$inferSelect)[];
}

const factsOf = (b: Bill, baseTotal: bigint): BillFacts => ({
  baseTotal,
  accountIds: b.lines.map((l) => l.accountId),
  createdBy: b.createdBy,
});
const asFacts = (rows: (typeof billApproval.$inferSelect)[]): DecisionFact[] =>
  rows.map((d) => ({
    actorId: d.actorId,
    role: d.role as Role,
    decision: d.decision as DecisionFact['decision'],
  }));

/** Where a bill stands: the current round's decisions under today's rules. */
export async function billApprovalOf(
  q: Queryable,
  orgId: string,
  type: BillType,
  id: string,
): Promise<BillApproval> {
  const b = await loadBill(q, orgId, type, id);
  const round = b.approvalRound;
  const decisions = await decisionsOf(q, orgId, id);
  const settings = await purchasingSettingsOf(q, orgId);
  const baseTotal = b.lines.length ? await baseTotalOf(q, orgId, b).catch(() => b.taxInclusiveAmount) : 0n;
  const current = decisions.filter((d) => d.round === round);
  return {
    round,
    baseTotal,
    state: approvalState(settings.approvalRules, factsOf(b, baseTotal), asFacts(current)),
    decisions,
  };
}

async function addDecision(
  tx: Tx,
  actor: Actor,
  billId: string,
  round: number,
  decision: DecisionFact['decision'],
  comment: string | null,
) {
  const [row] = await tx
    .insert(billApproval)
    .values({
      orgId: actor.orgId,
      id: newId('apr'),
      billId,
      decision,
      actorKind: actor.kind,
      actorId: actor.id,
      role: actor.role,
      comment,
      round,
    })
    .returning();
  return row!;
}

/**
 * Sends a draft (or rejected) bill for approval. With no rule applying it is approved and posted
 * at once (recorded as `auto_approve`). Refused when it has no lines, totals zero, or its date is
 * in a locked period.
 */
export async function submitBill(tx: Tx, actor: Actor, type: BillType, id: string): Promise<Bill> {
  assertCan(actor, 'bill:write');
  const orgId = actor.orgId;
  const b = await loadBill(tx, orgId, type, id, true);
  if (!EDITABLE.includes(b.status))
    throw billState(b.status, 'only a draft or rejected bill can be submitted');
  if (b.lines.length === 0)
    throw new AppError(
      'unprocessable',
      'NO_LINES',
      'A bill needs at least one line before it is submitted.',
      {
        field: 'lines',
      },
    );
  if (b.taxInclusiveAmount === 0n)
    throw new AppError('unprocessable', 'ZERO_TOTAL', 'The bill totals zero; there is nothing to approve.', {
      field: 'lines',
    });
  await checkOpenPeriod(tx, actor, b.billDate, 'billDate');
  const baseTotal = await baseTotalOf(tx, orgId, b);
  const settings = await purchasingSettingsOf(tx, orgId);
  const state = approvalState(settings.approvalRules, factsOf(b, baseTotal), []);
  const round = b.approvalRound + 1;
  if (!state.required) {
    // Numbered before anything is audited: the sequence's lock comes before the audit lock.
    const number = await nextBillNumber(tx, orgId, type, b.billDate);
    await addDecision(tx, actor, id, round, 'auto_approve', 'No approval rule applies.');
    await tx
      .update(bill)
      .set({ approvalRound: round, submittedAt: new Date() })
      .where(and(eq(bill.orgId, orgId), eq(bill.id, id)));
    const entryId = await postBill(tx, actor, b, number);
    const after = await loadBill(tx, orgId, type, id);
    await recordChange(
      tx,
      actor,
      { entity: type, entityId: id, action: 'approve', before: { status: b.status }, after },
      `${type}.approved`,
      { number, journalEntryId: entryId, automatic: true },
    );
    return after;
  }
  await tx
    .update(bill)
    .set({
      status: 'awaiting_approval',
      approvalRound: round,
      submittedAt: new Date(),
      updatedAt: new Date(),
    })
    .where(and(eq(bill.orgId, orgId), eq(bill.id, id)));
  const after = await loadBill(tx, orgId, type, id);
  await recordChange(
    tx,
    actor,
    {
      entity: type,
      entityId: id,
      action: 'submit',
      before: { status: b.status },
      after: { status: after.status, round },
    },
    `${type}.submitted`,
    { round, waitingFor: state.rules.map((p) => p.rule.id) },
  );
  return after;
}

/**
 * Approves or rejects a bill awaiting approval. The approval the rules still needed posts it
 * (numbered, at its date's rate); a rejection sends it back to be edited.
 */
export async function decideBill(
  tx: Tx,
  actor: Actor,
  type: BillType,
  id: string,
  decision: 'approve' | 'reject',
  comment: string | null = null,
): Promise<Bill> {
  assertCan(actor, 'bill:approve');
  const orgId = actor.orgId;
  const b = await loadBill(tx, orgId, type, id, true);
  if (b.status !== 'awaiting_approval')
    throw billState(b.status, 'only a bill awaiting approval can be decided');
  if (decision === 'reject' && !comment?.trim())
    throw new AppError('invalid', 'REASON_REQUIRED', 'Say why the bill is rejected.', { field: 'comment' });
  const round = b.approvalRound;
  const decisions = asFacts(await decisionsOf(tx, orgId, id, round));
  const baseTotal = await baseTotalOf(tx, orgId, b);
  const settings = await purchasingSettingsOf(tx, orgId);
  const facts = factsOf(b, baseTotal);
  const before = approvalState(settings.approvalRules, facts, decisions);
  checkDecision(before, facts, decisions, actor, decision);
  const after = approvalState(settings.approvalRules, facts, [
    ...decisions,
    { actorId: actor.id, role: actor.role, decision },
  ]);
  if (decision === 'approve' && after.approved) {
    await checkOpenPeriod(tx, actor, b.billDate, 'billDate');
    const number = await nextBillNumber(tx, orgId, type, b.billDate);
    await addDecision(tx, actor, id, round, 'approve', comment);
    const entryId = await postBill(tx, actor, b, number);
    const posted = await loadBill(tx, orgId, type, id);
    await recordChange(
      tx,
      actor,
      { entity: type, entityId: id, action: 'approve', before: { status: b.status }, after: posted },
      `${type}.approved`,
      { number, journalEntryId: entryId, round },
    );
    return posted;
  }
  await addDecision(tx, actor, id, round, decision, comment);
  if (decision === 'reject')
    await tx
      .update(bill)
      .set({ status: 'rejected', updatedAt: new Date() })
      .where(and(eq(bill.orgId, orgId), eq(bill.id, id)));
  await recordChange(
    tx,
    actor,
    {
      entity: type,
      entityId: id,
      action: decision === 'reject' ? 'reject' : 'approval',
      before: { status: b.status },
      after: {
        decision,
        comment,
        round,
        waitingFor: after.rules.filter((p) => !p.met).map((p) => p.rule.id),
      },
    },
    decision === 'reject' ? `${type}.rejected` : `${type}.approval_recorded`,
    { round },
  );
  return loadBill(tx, orgId, type, id);
}
