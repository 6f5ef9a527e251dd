import PDFDocument from 'pdfkit';
import { currencyExponent, formatNumber, minorToDecimalString } from '../../core/money.ts';
import { type DocumentRow, isMoney, type ReportDocument } from './report-document.domain.ts';

// A report as a printable PDF: A4 (landscape when the table is wide), company and title on top,
// the header row repeated on every page, figures right-aligned, totals ruled, "Page n of m" below.

const MARGIN = 40;
const ROW_HEIGHT = 15;
const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const GREY = '#666666';

/** An amount for print: grouped digits, the currency's decimals, a minus sign when negative. */
function printed(minor: bigint, currency: string): string {
  const digits = currencyExponent(currency);
  return formatNumber(minorToDecimalString(minor, currency), 'en', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** The PDF's bytes. */
export function documentPdf(doc: ReportDocument, generatedOn: string): Promise<Buffer> {
  const landscape = doc.columns.length > 5;
  const pdf = new PDFDocument({
    size: 'A4',
    layout: landscape ? 'landscape' : 'portrait',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: `${doc.title} — ${doc.companyName}`, Creator: 'Ordo' },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const width = pdf.page.width - 2 * MARGIN;
  const bottom = pdf.page.height - MARGIN - 20;
  const totalWeight = doc.columns.reduce((s, c) => s + c.width, 0);
  const widths = doc.columns.map((c) => (c.width / totalWeight) * width);
  const lefts = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((s, w) => s + w, 0));

  const cellText = (row: DocumentRow, i: number): string => {
    const cell = row.cells[i] ?? null;
    if (cell === null) return '';
    return isMoney(cell) ? printed(cell.minor, cell.currency) : cell;
  };

  let y = MARGIN;
  const title = () => {
    pdf.font(BOLD).fontSize(15).fillColor('black').text(doc.companyName, MARGIN, y, { width });
    y = pdf.y + 2;
    pdf.font(BOLD).fontSize(12).text(doc.title, MARGIN, y, { width });
    y = pdf.y + 2;
    pdf.font(FONT).fontSize(9).fillColor(GREY).text(doc.subtitle, MARGIN, y, { width });
    y = pdf.y + 12;
  };
  const header = () => {
    pdf.font(BOLD).fontSize(8.5).fillColor('black');
    for (const [i, c] of doc.columns.entries())
      pdf.text(c.header, lefts[i]! + 2, y + 3, {
        width: widths[i]! - 4,
        align: c.kind === 'amount' ? 'right' : 'left',
        lineBreak: false,
        ellipsis: true,
      });
    y += ROW_HEIGHT;
    pdf
      .moveTo(MARGIN, y)
      .lineTo(MARGIN + width, y)
      .lineWidth(0.8)
      .strokeColor('black')
      .stroke();
    y += 3;
  };

  title();
  header();
  let heading: string | undefined;
  for (const row of doc.rows) {
    // A heading keeps at least two rows below it on its page.
    const needed = row.style === 'heading' ? 3 * ROW_HEIGHT : ROW_HEIGHT;
    if (y + needed > bottom) {
      pdf.addPage();
      y = MARGIN;
      header();
      // A section that runs over says whose rows these are.
      if (heading && row.style !== 'heading' && row.cells.some((cell) => cell !== null)) {
        pdf.font(BOLD).fontSize(9.5).fillColor('black');
        pdf.text(`${heading} (continued)`, MARGIN + 2, y + 3, { width: width - 4, lineBreak: false });
        y += ROW_HEIGHT;
      }
    }
    if (row.style === 'heading') heading = cellText(row, 0);
    if (row.style === 'total')
      pdf
        .moveTo(MARGIN, y)
        .lineTo(MARGIN + width, y)
        .lineWidth(0.5)
        .strokeColor('black')
        .stroke();
    pdf
      .font(row.style === 'normal' ? FONT : BOLD)
      .fontSize(row.style === 'heading' ? 9.5 : 8.5)
      .fillColor('black');
    // A row with only its first cell (an account's heading) may use the whole width.
    const alone = row.cells.every((cell, i) => i === 0 || cell === null);
    doc.columns.forEach((c, i) => {
      const text = cellText(row, i);
      if (!text) return;
      if (alone) {
        pdf.text(text, lefts[0]! + 2, y + 3, { width: width - 4, lineBreak: false, ellipsis: true });
        return;
      }
      const indent = i === 0 ? Math.max(0, row.indent - 1) * 10 : 0;
      pdf.text(text, lefts[i]! + 2 + indent, y + 3, {
        width: widths[i]! - 4 - indent,
        align: c.kind === 'amount' ? 'right' : 'left',
        lineBreak: false,
        ellipsis: true,
      });
    });
    y += ROW_HEIGHT;
  }

  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    // Writing below the bottom margin would start a new page: lift the margin for the footer.
    pdf.page.margins.bottom = 0;
    pdf
      .font(FONT)
      .fontSize(7.5)
      .fillColor(GREY)
      .text(
        `${doc.companyName} · ${doc.title} · generated ${generatedOn}`,
        MARGIN,
        pdf.page.height - MARGIN,
        {
          width: width / 2,
          lineBreak: false,
        },
      )
      .text(`Page ${i - range.start + 1} of ${range.count}`, MARGIN + width / 2, pdf.page.height - MARGIN, {
        width: width / 2,
        align: 'right',
        lineBreak: false,
      });
  }
  pdf.end();
  return done;
}
