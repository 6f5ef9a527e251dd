import { describe, expect, it } from 'vitest';
import { documentCsv, inert } from './document-csv.domain.ts';
import type { ReportDocument } from './report-document.domain.ts';

describe('documentCsv', () => {
  it('writes amounts as plain decimals, indents names, quotes what needs it and defuses formulas', () => {
    const doc: ReportDocument = {
      title: 'T',
      subtitle: 'S',
      companyName: 'C',
      fileName: 't',
      columns: [
        { header: 'Account', kind: 'text', width: 3 },
        { header: 'Amount', kind: 'amount', width: 1 },
      ],
      rows: [
        { cells: ['Expenses', null], style: 'heading', indent: 0 },
        { cells: ['rent, office', { minor: -123_450n, currency: 'EUR' }], style: 'normal', indent: 2 },
        { cells: [null, null], style: 'normal', indent: 0 },
        { cells: ['=HYPERLINK("http://evil")', { minor: 5n, currency: 'JPY' }], style: 'normal', indent: 1 },
      ],
    };
    expect(documentCsv(doc)).toBe(
      'Account,Amount\nExpenses,\n"  rent, office",-1234.50\n"\'=HYPERLINK(""http://evil"")",5\n',
    );
    expect(inert('-5 discount')).toBe("'-5 discount");
    expect(inert('rent')).toBe('rent');
  });
});
