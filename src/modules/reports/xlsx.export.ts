import ExcelJS from 'exceljs';
import { currencyExponent, minorToDecimalString } from '../../core/money.ts';
import { isMoney, type ReportDocument } from './report-document.domain.ts';

// A report as an Excel workbook: company, title and period on top, a frozen header row, amounts as
// numbers formatted with the currency's decimals (so a spreadsheet can sum them).

const numberFormat = (currency: string) => {
  const digits = currencyExponent(currency);
  const pattern = digits === 0 ? '#,##0' : `#,##0.${'0'.repeat(digits)}`;
  return `${pattern};-${pattern}`;
};

/** The workbook's bytes. */
export async function documentXlsx(doc: ReportDocument): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Ordo';
  const sheet = workbook.addWorksheet(doc.title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 5 }],
    pageSetup: {
      orientation: doc.columns.length > 5 ? 'landscape' : 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    },
  });
  sheet.columns = doc.columns.map((c) => ({ width: Math.round(c.width * 12) }));
  sheet.getCell('A1').value = doc.companyName;
  sheet.getCell('A1').font = { bold: true, size: 12 };
  sheet.getCell('A2').value = doc.title;
  sheet.getCell('A2').font = { bold: true, size: 14 };
  sheet.getCell('A3').value = doc.subtitle;
  sheet.getCell('A3').font = { color: { argb: 'FF666666' } };
  const header = sheet.getRow(5);
  doc.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.alignment = { horizontal: c.kind === 'amount' ? 'right' : 'left' };
    cell.border = { bottom: { style: 'thin' } };
  });
  doc.rows.forEach((r, index) => {
    const line = sheet.getRow(6 + index);
    r.cells.forEach((value, i) => {
      const cell = line.getCell(i + 1);
      if (isMoney(value)) {
        // A spreadsheet number is a double: exact for amounts below 2^53 minor units.
        cell.value = Number(minorToDecimalString(value.minor, value.currency));
        cell.numFmt = numberFormat(value.currency);
      } else if (value !== null) cell.value = value;
      if (i === 0 && r.indent > 1) cell.alignment = { indent: r.indent - 1 };
      if (r.style !== 'normal') cell.font = { bold: true };
      if (r.style === 'total') cell.border = { top: { style: 'thin' }, bottom: { style: 'double' } };
    });
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
