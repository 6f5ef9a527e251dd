// The chart templates offered while creating an organization. The server's list
// (GET /api/ledger/chart-templates) needs an organization to exist, and at first sign-up there is
// none yet, so the setup form names them here; ids must match src/modules/ledger/chart-templates.ts.

export interface TemplateChoice {
  id: string;
  label: string;
  description: string;
}

export const TEMPLATE_CHOICES: readonly TemplateChoice[] = [
  {
    id: 'generic',
    label: 'Small business (generic)',
    description: 'Bank, receivables, payables, sales tax, payroll and the usual overheads.',
  },
  {
    id: 'us',
    label: 'United States',
    description:
      'Checking and savings, sales tax payable, federal and state payroll withholdings, cost of goods sold.',
  },
  {
    id: 'eu-vat',
    label: 'European Union (VAT)',
    description:
      'Input and output VAT, sales by rate and by intra-community and export supplies, social security.',
  },
  { id: 'none', label: 'Start empty', description: 'Set up the chart of accounts yourself later.' },
];
