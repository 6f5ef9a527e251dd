import { AGING_BUCKETS } from './aging.query.ts';
import {
  amount,
  BOLD,
  caption,
  contentWidth,
  createPdf,
  date,
  drawContinuationHeader,
  drawFacts,
  drawSellerHeader,
  finishPages,
  fitText,
  GREY,
  INK,
  MARGIN,
  money,
  type PdfParty,
  type PdfSeller,
  pageBottom,
  REGULAR,
  RULE,
  SHADE,
} from './pdf.kit.ts';
import type { CustomerStatement, StatementEntry } from './statement.query.ts';

// A customer statement as a PDF: the seller's header, the customer, the period, then per currency
// the balance brought forward, each entry with the running balance (header repeated on each page),
// the closing balance and the aging of what is open at the end of the period.

export interface StatementPdfInput {
  statement: CustomerStatement;
  seller: PdfSeller;
  buyer: PdfParty;
  locale?: string;
}

const KIND_NAMES: Record<StatementEntry['kind'], string> = {
  invoice: 'Invoice',
  credit_note: 'Credit note',
  payment: 'Payment',
  refund: 'Refund',
};

const BUCKET_NAMES: Record<(typeof AGING_BUCKETS)[number], string> = {
  current: 'Not yet due',
  '1-30': '1–30 days',
  '31-60': '31–60 days',
  '61-90': '61–90 days',
  '90+': 'Over 90 days',
};

/** `statement-<customer>-<to>.pdf`, safe as a file name. */
export function statementFileName(statement: CustomerStatement): string {
  const name = statement.customer.name
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return `statement-${name || statement.customer.id}-${statement.to}.pdf`;
}

/** The PDF's bytes. */
export function renderStatementPdf(input: StatementPdfInput): Promise<Buffer> {
  const { statement, seller, buyer } = input;
  const locale = input.locale ?? 'en-GB';
  const period = `${date(statement.from, locale)} – ${date(statement.to, locale)}`;
  const { pdf, done } = createPdf({
    title: `Statement of account — ${statement.customer.name}`,
    author: seller.legalName,
  });
  const width = contentWidth(pdf);

  let y = drawSellerHeader(pdf, seller);
  pdf.font(BOLD).fontSize(22).fillColor(INK).text('Statement of account', MARGIN, y, { width });
  y = pdf.y + 10;
  const top = y;
  y = caption(pdf, 'Statement for', MARGIN, y, width * 0.5);
  pdf
    .font(BOLD)
    .fontSize(10)
    .fillColor(INK)
    .text(buyer.name, MARGIN, y, { width: width * 0.48 });
  pdf
    .font(REGULAR)
    .fontSize(8.5)
    .text(buyer.lines.join('\n'), MARGIN, pdf.y + 1, { width: width * 0.48, lineGap: 0.5 });
  const buyerBottom = pdf.y;
  const closing = statement.sections.map((s) => money(s.closingBalance, s.currency, locale)).join('\n');
  const factsBottom = drawFacts(
    pdf,
    [
      ['From', date(statement.from, locale)],
      ['To', date(statement.to, locale)],
      ['Balance due', closing],
    ],
    MARGIN + width * 0.56,
    top,
    width * 0.44,
  );
  y = Math.max(buyerBottom, factsBottom) + 18;

  // Date | Document | Due | Charges | Credits | Balance
  const widths = [64, width - 64 - 64 - 3 * 78, 64, 78, 78, 78];
  const lefts = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((s, w) => s + w, 0));
  const PAD = 4;
  const newPage = () => {
    pdf.addPage();
    y = drawContinuationHeader(pdf, seller, `Statement for ${statement.customer.name}`);
  };
  const row = (cells: string[], options: { bold?: boolean; shade?: boolean; grey?: boolean } = {}) => {
    const height = 17;
    if (options.shade) pdf.rect(MARGIN, y, width, height).fill(SHADE);
    pdf
      .font(options.bold ? BOLD : REGULAR)
      .fontSize(options.shade ? 7.5 : 8.5)
      .fillColor(options.grey ? GREY : INK);
    cells.forEach((text, i) => {
      if (!text) return;
      // A document text may run into an empty Due cell (payments have no due date).
      const cellWidth = (i === 1 && !cells[2] ? widths[1]! + widths[2]! : widths[i]!) - 2 * PAD;
      pdf.text(fitText(pdf, text, cellWidth), lefts[i]! + PAD, y + 5, {
        width: cellWidth,
        align: i >= 3 ? 'right' : 'left',
        lineBreak: false,
      });
    });
    y += height;
    if (!options.shade)
      pdf
        .moveTo(MARGIN, y)
        .lineTo(MARGIN + width, y)
        .lineWidth(0.4)
        .strokeColor(RULE)
        .stroke();
  };

  for (const section of statement.sections) {
    const fmt = (minor: bigint) => amount(minor, section.currency, locale);
    const header = () =>
      row(['Date', 'Document', 'Due', 'Charges', 'Credits', `Balance (${section.currency})`], {
        bold: true,
        shade: true,
        grey: true,
      });
    if (y + 120 > pageBottom(pdf)) newPage();
    y = caption(pdf, `In ${section.currency}`, MARGIN, y, width) + 2;
    header();
    row([date(statement.from, locale), 'Balance brought forward', '', '', '', fmt(section.openingBalance)], {
      bold: true,
    });
    for (const e of section.entries) {
      if (y + 17 > pageBottom(pdf)) {
        newPage();
        header();
      }
      row([
        date(e.date, locale),
        // Documents by number; payments and refunds by their reference, when they have one.
        e.kind === 'invoice' || e.kind === 'credit_note'
          ? `${KIND_NAMES[e.kind]} ${e.number ?? ''}`.trim()
          : `${KIND_NAMES[e.kind]}${e.number ? ` (${e.number})` : ''}`,
        e.dueDate ? date(e.dueDate, locale) : '',
        e.debit ? fmt(e.debit) : '',
        e.credit ? fmt(e.credit) : '',
        fmt(e.balance),
      ]);
    }
    if (section.entries.length === 0)
      row(['', 'No transactions in this period', '', '', '', ''], { grey: true });
    // The closing balance goes with its aging: both move to the next page when they do not fit.
    if (y + 17 + 12 + 52 > pageBottom(pdf)) {
      newPage();
      header();
    }
    row(
      [
        date(statement.to, locale),
        'Closing balance',
        '',
        fmt(section.totalDebit),
        fmt(section.totalCredit),
        fmt(section.closingBalance),
      ],
      { bold: true },
    );

    // Aging of what is open at the end of the period.
    y += 12;
    const agingCells: [string, string][] = [
      ...AGING_BUCKETS.map((b): [string, string] => [BUCKET_NAMES[b], fmt(section.aging.buckets[b])]),
      ...(section.aging.unappliedCredit !== 0n
        ? [['Unapplied credit', fmt(-section.aging.unappliedCredit)] as [string, string]]
        : []),
      ['Balance due', money(section.closingBalance, section.currency, locale)],
    ];
    y = caption(pdf, `Aging at ${date(statement.to, locale)}`, MARGIN, y, width) + 2;
    const cellWidth = width / agingCells.length;
    pdf.rect(MARGIN, y, width, 32).fill(SHADE);
    agingCells.forEach(([label, value], i) => {
      const x = MARGIN + i * cellWidth;
      const last = i === agingCells.length - 1;
      pdf
        .font(REGULAR)
        .fontSize(7)
        .fillColor(GREY)
        .text(label, x + PAD, y + 4, {
          width: cellWidth - 2 * PAD,
          align: 'right',
          lineBreak: false,
        });
      pdf
        .font(BOLD)
        .fontSize(last ? 9 : 8.5)
        .fillColor(INK)
        .text(value, x + PAD, y + 16, {
          width: cellWidth - 2 * PAD,
          align: 'right',
          lineBreak: false,
          ellipsis: true,
        });
    });
    y += 32 + 22;
  }

  const footer = [
    seller.legalName,
    ...seller.taxIds,
    `Statement for ${statement.customer.name}, ${period}`,
  ].join(' · ');
  finishPages(pdf, footer);
  pdf.end();
  return done;
}
