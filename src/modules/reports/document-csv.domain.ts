import { minorToDecimalString } from '../../core/money.ts';
import { csvText } from './csv.domain.ts';
import { type DocumentRow, isMoney, type ReportDocument } from './report-document.domain.ts';

/**
 * Text a spreadsheet would run as a formula (`=…`, `+…`, `-…`, `@…`: a description typed by anyone)
 * gets a leading apostrophe, so opening the file never runs it. Amounts are not text and stay as they are.
 */
export const inert = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

/** Rows as CSV cells: amounts as plain decimals, names indented, spacer rows left out. */
export function csvCells(rows: readonly DocumentRow[]): string[][] {
  return rows
    .filter((r) => r.cells.some((cell) => cell !== null))
    .map((r) =>
      r.cells.map((cell, i) => {
        if (cell === null) return '';
        if (isMoney(cell)) return minorToDecimalString(cell.minor, cell.currency);
        const text = inert(cell);
        return i === 0 && r.indent > 1 ? `${'  '.repeat(r.indent - 1)}${text}` : text;
      }),
    );
}

/**
 * A report as CSV: a header of the column names, then each row, amounts as plain decimals in major
 * units (`-1234.50`), account names indented two spaces per level of the hierarchy; the blank
 * spacer rows of the printed layout are left out.
 */
export function documentCsv(doc: ReportDocument): string {
  return `${csvText(
    doc.columns.map((c) => c.header),
    csvCells(doc.rows),
  )}\n`;
}
