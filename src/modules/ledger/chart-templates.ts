import { eq } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { newId } from '../../core/ids.ts';
import type { Tx } from '../../db/client.ts';
import { emitEvent } from '../../jobs/outbox.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { assertCan } from '../identity/permissions.ts';
import type { AccountSubtype, AccountType } from './account.domain.ts';
import { type Account, listAccounts } from './account.service.ts';
import { chartNotEmpty, chartTemplateNotFound } from './errors.ts';
import { ensureSettingsRow } from './ledger.repo.ts';
import { ledgerAccount, ledgerSettings } from './ledger.table.ts';

export interface TemplateAccount {
  code: string;
  name: string;
  type: AccountType;
  subtype: AccountSubtype;
}

export interface ChartTemplate {
  id: string;
  name: string;
  description: string;
  accounts: readonly TemplateAccount[];
}

type Row = [code: string, name: string, subtype: AccountSubtype];

const TYPE_BY_ROOT: Record<string, AccountType> = {
  assets: 'asset',
  liabilities: 'liability',
  equity: 'equity',
  income: 'income',
  expenses: 'expense',
};

/** Account names follow hledger's conventions: the top-level name gives the type. */
const accounts = (rows: Row[]): TemplateAccount[] =>
  rows.map(([code, name, subtype]) => ({ code, name, type: TYPE_BY_ROOT[name.split(':')[0]!]!, subtype }));

/** Charts to start from; editable afterwards like any chart. */
export const CHART_TEMPLATES: readonly ChartTemplate[] = [
  {
    id: 'generic',
    name: 'Small business (generic)',
    description:
      'A compact chart for a small trading or service business anywhere: bank, receivables and payables, sales tax, payroll, the usual overheads.',
    accounts: accounts([
      ['1000', 'assets:bank:current account', 'bank'],
      ['1010', 'assets:bank:savings account', 'bank'],
      ['1050', 'assets:cash', 'cash'],
      ['1100', 'assets:accounts receivable', 'receivable'],
      ['1200', 'assets:inventory', 'inventory'],
      ['1300', 'assets:prepayments', 'prepayment'],
      ['1500', 'assets:fixed assets:equipment', 'fixed_asset'],
      ['1590', 'assets:fixed assets:accumulated depreciation', 'accumulated_depreciation'],
      ['2000', 'liabilities:accounts payable', 'payable'],
      ['2100', 'liabilities:credit card', 'credit_card'],
      ['2200', 'liabilities:sales tax', 'tax'],
      ['2300', 'liabilities:payroll', 'payroll_liability'],
      ['2400', 'liabilities:accruals', 'current_liability'],
      ['2700', 'liabilities:loans', 'long_term_liability'],
      ['3000', 'equity:owner capital', 'equity'],
      ['3100', 'equity:retained earnings', 'retained_earnings'],
      ['3900', 'equity:opening balances', 'opening_balances'],
      ['4000', 'income:sales', 'revenue'],
      ['4100', 'income:services', 'revenue'],
      ['4800', 'income:other income', 'other_income'],
      ['4900', 'income:exchange gains and losses', 'fx_gain_loss'],
      ['5000', 'expenses:cost of sales', 'cost_of_sales'],
      ['6000', 'expenses:rent', 'expense'],
      ['6100', 'expenses:wages', 'payroll_expense'],
      ['6150', 'expenses:employer taxes', 'payroll_expense'],
      ['6200', 'expenses:utilities', 'expense'],
      ['6300', 'expenses:office', 'expense'],
      ['6350', 'expenses:software', 'expense'],
      ['6400', 'expenses:travel', 'expense'],
      ['6500', 'expenses:marketing', 'expense'],
      ['6600', 'expenses:professional fees', 'expense'],
      ['6700', 'expenses:insurance', 'expense'],
      ['6800', 'expenses:bank fees', 'expense'],
      ['6900', 'expenses:depreciation', 'depreciation'],
      ['7000', 'expenses:interest', 'other_expense'],
    ]),
  },
  {
    id: 'us',
    name: 'United States (GAAP style)',
    description:
      'A US-style chart: checking and savings, accounts receivable and payable, sales tax payable, federal and state payroll withholdings, cost of goods sold.',
    accounts: accounts([
      ['1000', 'assets:checking', 'bank'],
      ['1010', 'assets:savings', 'bank'],
      ['1050', 'assets:petty cash', 'cash'],
      ['1200', 'assets:accounts receivable', 'receivable'],
      ['1300', 'assets:inventory', 'inventory'],
      ['1400', 'assets:prepaid expenses', 'prepayment'],
      ['1500', 'assets:fixed assets:furniture and equipment', 'fixed_asset'],
      ['1510', 'assets:fixed assets:vehicles', 'fixed_asset'],
      ['1590', 'assets:fixed assets:accumulated depreciation', 'accumulated_depreciation'],
      ['2000', 'liabilities:accounts payable', 'payable'],
      ['2100', 'liabilities:credit cards', 'credit_card'],
      ['2200', 'liabilities:sales tax payable', 'tax'],
      ['2300', 'liabilities:payroll:federal withholding', 'payroll_liability'],
      ['2310', 'liabilities:payroll:state withholding', 'payroll_liability'],
      ['2320', 'liabilities:payroll:fica and medicare', 'payroll_liability'],
      ['2330', 'liabilities:payroll:futa and suta', 'payroll_liability'],
      ['2400', 'liabilities:accrued liabilities', 'current_liability'],
      ['2500', 'liabilities:unearned revenue', 'deferred_revenue'],
      ['2700', 'liabilities:notes payable', 'long_term_liability'],
      ['3000', "equity:owner's equity", 'equity'],
      ['3100', "equity:owner's draw", 'equity'],
      ['3200', 'equity:retained earnings', 'retained_earnings'],
      ['3900', 'equity:opening balance equity', 'opening_balances'],
      ['4000', 'income:sales', 'revenue'],
      ['4100', 'income:service revenue', 'revenue'],
      ['4500', 'income:sales returns and allowances', 'revenue'],
      ['4800', 'income:other income', 'other_income'],
      ['4900', 'income:foreign exchange gain or loss', 'fx_gain_loss'],
      ['5000', 'expenses:cost of goods sold', 'cost_of_sales'],
      ['6000', 'expenses:advertising', 'expense'],
      ['6100', 'expenses:bank service charges', 'expense'],
      ['6200', 'expenses:rent', 'expense'],
      ['6300', 'expenses:utilities', 'expense'],
      ['6400', 'expenses:payroll:wages', 'payroll_expense'],
      ['6410', 'expenses:payroll:employer taxes', 'payroll_expense'],
      ['6500', 'expenses:insurance', 'expense'],
      ['6600', 'expenses:office supplies', 'expense'],
      ['6700', 'expenses:legal and professional fees', 'expense'],
      ['6800', 'expenses:travel and meals', 'expense'],
      ['6900', 'expenses:depreciation', 'depreciation'],
      ['7000', 'expenses:interest expense', 'other_expense'],
      ['8000', 'expenses:income taxes', 'other_expense'],
    ]),
  },
  {
    id: 'eu-vat',
    name: 'European Union (VAT)',
    description:
      'An EU-style chart around VAT: input and output VAT and the VAT settlement account, sales split by rate and by intra-community and export supplies, staff costs with social security.',
    accounts: accounts([
      ['1000', 'assets:bank', 'bank'],
      ['1050', 'assets:cash', 'cash'],
      ['1200', 'assets:trade receivables', 'receivable'],
      ['1300', 'assets:inventory', 'inventory'],
      ['1400', 'assets:vat:input vat', 'tax'],
      ['1410', 'assets:vat:input vat on intra-community acquisitions', 'tax'],
      ['1450', 'assets:prepayments', 'prepayment'],
      ['1500', 'assets:fixed assets:property plant and equipment', 'fixed_asset'],
      ['1590', 'assets:fixed assets:accumulated depreciation', 'accumulated_depreciation'],
      ['2000', 'liabilities:trade payables', 'payable'],
      ['2100', 'liabilities:vat:output vat', 'tax'],
      ['2110', 'liabilities:vat:output vat on intra-community acquisitions', 'tax'],
      ['2150', 'liabilities:vat:vat settlement', 'tax'],
      ['2200', 'liabilities:payroll:net wages payable', 'payroll_liability'],
      ['2210', 'liabilities:payroll:social security', 'payroll_liability'],
      ['2220', 'liabilities:payroll:wage tax', 'payroll_liability'],
      ['2400', 'liabilities:accruals', 'current_liability'],
      ['2700', 'liabilities:bank loans', 'long_term_liability'],
      ['3000', 'equity:share capital', 'equity'],
      ['3100', 'equity:retained earnings', 'retained_earnings'],
      ['3900', 'equity:opening balances', 'opening_balances'],
      ['4000', 'income:sales:standard rate', 'revenue'],
      ['4010', 'income:sales:reduced rate', 'revenue'],
      ['4020', 'income:sales:exempt and zero rate', 'revenue'],
      ['4030', 'income:sales:intra-community supplies', 'revenue'],
      ['4040', 'income:sales:exports', 'revenue'],
      ['4800', 'income:other operating income', 'other_income'],
      ['4900', 'income:exchange differences', 'fx_gain_loss'],
      ['5000', 'expenses:cost of sales:materials and goods', 'cost_of_sales'],
      ['5100', 'expenses:cost of sales:intra-community acquisitions', 'cost_of_sales'],
      ['6000', 'expenses:staff:salaries', 'payroll_expense'],
      ['6010', 'expenses:staff:social security', 'payroll_expense'],
      ['6100', 'expenses:rent', 'expense'],
      ['6200', 'expenses:utilities', 'expense'],
      ['6300', 'expenses:office', 'expense'],
      ['6400', 'expenses:professional fees', 'expense'],
      ['6500', 'expenses:travel', 'expense'],
      ['6600', 'expenses:marketing', 'expense'],
      ['6700', 'expenses:insurance', 'expense'],
      ['6800', 'expenses:bank charges', 'expense'],
      ['6900', 'expenses:depreciation', 'depreciation'],
      ['7000', 'expenses:interest', 'other_expense'],
    ]),
  },
];

export const chartTemplate = (id: string): ChartTemplate | undefined =>
  CHART_TEMPLATES.find((t) => t.id === id);

/**
 * Fills an empty chart of accounts from a template (CHART_NOT_EMPTY otherwise) and remembers which.
 * Needs `ledger:chart`.
 */
export async function applyChartTemplate(tx: Tx, actor: Actor, templateId: string): Promise<Account[]> {
  assertCan(actor, 'ledger:chart');
  const template = chartTemplate(templateId);
  if (!template) throw chartTemplateNotFound(templateId);
  if ((await listAccounts(tx, actor.orgId)).length > 0) throw chartNotEmpty();
  // One insert and one audit row for the whole chart (the template's accounts are known to be valid).
  await tx
    .insert(ledgerAccount)
    .values(template.accounts.map((a) => ({ ...a, orgId: actor.orgId, id: newId('acc') })));
  await ensureSettingsRow(tx, actor.orgId);
  await tx
    .update(ledgerSettings)
    .set({ chartTemplate: template.id, updatedAt: new Date() })
    .where(eq(ledgerSettings.orgId, actor.orgId));
  await recordAudit(tx, actor, {
    entity: 'ledger_settings',
    entityId: actor.orgId,
    action: 'apply_chart_template',
    after: { chartTemplate: template.id, accounts: template.accounts },
  });
  await emitEvent(tx, actor.orgId, 'ledger.chart_template_applied', { templateId: template.id });
  return listAccounts(tx, actor.orgId);
}
