import { eq, sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { AppError } from '../../core/errors.ts';
import { type Queryable, queryOne, type Tx } from '../../db/client.ts';
import { assertCan } from '../identity/permissions.ts';
import { accountForSubtype, getAccount } from '../ledger/index.ts';
import { checkPattern, formatNumber, periodOf } from '../sales/numbering.service.ts';
import { type ApprovalRule, checkRules } from './approval.domain.ts';
import type { BillType } from './bill.repo.ts';
import { purchasingNumberSequence, purchasingSettings } from './bill.table.ts';
import { recordChange } from './purchasing.kit.ts';

// Payables settings (approval rules, number patterns, the input tax account) and the gapless
// numbering of posted bills and vendor credits (the sales module's patterns: BILL-{YYYY}-{0000}).

export interface PurchasingSettings {
  approvalRules: ApprovalRule[];
  billPattern: string;
  vendorCreditPattern: string;
  inputTaxAccountId: string | null;
}

const DEFAULTS: PurchasingSettings = {
  approvalRules: [],
  billPattern: 'BILL-{YYYY}-{0000}',
  vendorCreditPattern: 'VC-{YYYY}-{0000}',
  inputTaxAccountId: null,
};

export async function purchasingSettingsOf(q: Queryable, orgId: string): Promise<PurchasingSettings> {
  const [row] = await q.select().from(purchasingSettings).where(eq(purchasingSettings.orgId, orgId));
  if (!row) return DEFAULTS;
  return {
    approvalRules: row.approvalRules,
    billPattern: row.billPattern,
    vendorCreditPattern: row.vendorCreditPattern,
    inputTaxAccountId: row.inputTaxAccountId,
  };
}

export async function updatePurchasingSettings(
  tx: Tx,
  actor: Actor,
  input: Partial<PurchasingSettings>,
): Promise<PurchasingSettings> {
  assertCan(actor, 'purchasing:settings');
  const before = await purchasingSettingsOf(tx, actor.orgId);
  const after: PurchasingSettings = {
    ...before,
    ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
  };
  after.approvalRules = checkRules(after.approvalRules);
  checkPattern(after.billPattern, 'billPattern');
  checkPattern(after.vendorCreditPattern, 'vendorCreditPattern');
  for (const [i, rule] of after.approvalRules.entries())
    for (const accountId of rule.accountIds)
      await getAccount(tx, actor.orgId, accountId).catch(() => {
        throw new AppError('invalid', 'ACCOUNT_NOT_FOUND', `No account with id ${accountId}.`, {
          field: `approvalRules.${i}.accountIds`,
        });
      });
  if (after.inputTaxAccountId)
    await getAccount(tx, actor.orgId, after.inputTaxAccountId).catch(() => {
      throw new AppError('invalid', 'ACCOUNT_NOT_FOUND', `No account with id ${after.inputTaxAccountId}.`, {
        field: 'inputTaxAccountId',
      });
    });
  await tx
    .insert(purchasingSettings)
    .values({ orgId: actor.orgId, ...after })
    .onConflictDoUpdate({ target: purchasingSettings.orgId, set: { ...after, updatedAt: new Date() } });
  await recordChange(
    tx,
    actor,
    { entity: 'purchasing_settings', entityId: actor.orgId, action: 'update', before, after },
    'purchasing_settings.updated',
  );
  return after;
}

/** Where input tax is debited: the settings' account, else the chart's first tax account. */
export async function inputTaxAccount(q: Queryable, orgId: string): Promise<string> {
  const settings = await purchasingSettingsOf(q, orgId);
  return settings.inputTaxAccountId ?? (await accountForSubtype(q, orgId, 'tax', 'input tax')).id;
}

/**
 * The next number of a posted bill or vendor credit dated `date`, in the caller's transaction,
 * which holds the counter's row lock until it ends (take it before auditing or posting).
 */
export async function nextBillNumber(tx: Tx, orgId: string, type: BillType, date: string): Promise<string> {
  const settings = await purchasingSettingsOf(tx, orgId);
  const pattern = type === 'bill' ? settings.billPattern : settings.vendorCreditPattern;
  const period = periodOf(pattern, date);
  const row = await queryOne<{ last_number: string }>(
    tx,
    sql`insert into ${purchasingNumberSequence} (org_id, kind, period, last_number) values (${orgId}, ${type}, ${period}, 1)
      on conflict (org_id, kind, period) do update set last_number = ${purchasingNumberSequence.lastNumber} + 1
      returning last_number::text`,
  );
  return formatNumber(pattern, date, Number(row!.last_number));
}
