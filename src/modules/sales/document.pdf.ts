import { formatNumber } from '../../core/money.ts';
import type { SalesDocument } from './document.repo.ts';
import {
  addressLines,
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

// An invoice, credit note or quote as a PDF: seller header with the logo, the buyer, number and
// dates, the lines (header repeated on every page), the tax breakdown per rate, the totals down to
// the amount due, then notes, terms and how to pay. Pure: everything comes in loaded.

export interface SalesDocumentPdfInput {
  document: SalesDocument;
  seller: PdfSeller;
  buyer: PdfParty;
  /** A credit note: the number of the invoice it credits. */
  relatedNumber?: string | null;
  /** For numbers and dates; default `en-GB`. */
  locale?: string;
}

const TITLES = { invoice: 'Invoice', credit_note: 'Credit note', quote: 'Quote' } as const;

/** UNCL5305 categories other than standard rate, as a reader would name them. */
const CATEGORY_NAMES: Record<string, string> = {
  Z: 'Zero rated',
  E: 'Exempt',
  AE: 'Reverse charge',
  K: 'Intra-community supply',
  G: 'Export outside the EU',
  O: 'Outside the scope of tax',
  L: 'IGIC',
  M: 'IPSI',
};

// UN/ECE Recommendation 20 codes people meet on invoices; others print as the code.
const UNIT_NAMES: Record<string, string> = {
  C62: '',
  H87: 'pc',
  EA: 'each',
  HUR: 'h',
  MIN: 'min',
  DAY: 'day',
  WEE: 'week',
  MON: 'month',
  ANN: 'year',
  KGM: 'kg',
  GRM: 'g',
  MTR: 'm',
  MTK: 'm²',
  LTR: 'l',
  KMT: 'km',
  SET: 'set',
  XPK: 'pack',
};

export const unitName = (code: string) => UNIT_NAMES[code] ?? code;

/** The document's file name: `INV-2026-0001.pdf`, or `draft-invoice-<id>.pdf` before it has a number. */
export function documentFileName(doc: { type: string; number: string | null; id: string }): string {
  const base = doc.number ?? `draft-${doc.type.replace('_', '-')}-${doc.id}`;
  return `${base.replace(/[^A-Za-z0-9._-]+/g, '_')}.pdf`;
}

interface Column {
  header: string;
  width: number;
  align: 'left' | 'right';
}

/** The PDF's bytes. */
export function renderSalesDocumentPdf(input: SalesDocumentPdfInput): Promise<Buffer> {
  const { document: doc, seller, buyer } = input;
  const locale = input.locale ?? 'en-GB';
  const type = doc.type as keyof typeof TITLES;
  const title = TITLES[type];
  const heading = doc.number ? `${title} ${doc.number}` : `${title} (draft)`;
  const { pdf, done } = createPdf({ title: heading, author: seller.legalName });
  const width = contentWidth(pdf);
  const cur = doc.currency;
  const fmt = (minor: bigint) => amount(minor, cur, locale);

  // Header: seller, then the title with the buyer on the left and the facts on the right.
  let y = drawSellerHeader(pdf, seller);
  pdf
    .font(BOLD)
    .fontSize(22)
    .fillColor(INK)
    .text(title, MARGIN, y, { width: width * 0.5 });
  y = pdf.y + 10;
  const top = y;
  y = caption(pdf, type === 'quote' ? 'Prepared for' : 'Bill to', MARGIN, y, width * 0.5);
  pdf
    .font(BOLD)
    .fontSize(10)
    .fillColor(INK)
    .text(buyer.name, MARGIN, y, { width: width * 0.48 });
  pdf
    .font(REGULAR)
    .fontSize(8.5)
    .fillColor(INK)
    .text(buyer.lines.join('\n'), MARGIN, pdf.y + 1, { width: width * 0.48, lineGap: 0.5 });
  const buyerBottom = pdf.y;
  const factsBottom = drawFacts(pdf, facts(input, locale), MARGIN + width * 0.56, top, width * 0.44);
  y = Math.max(buyerBottom, factsBottom) + 18;

  // Lines. A discount column only when some line has a discount.
  const discounted = doc.lines.some((l) => l.discountPercent || l.discountAmount);
  const fixed: Column[] = [
    { header: 'Qty', width: 44, align: 'right' },
    { header: 'Unit', width: 34, align: 'left' },
    { header: doc.pricesIncludeTax ? 'Price incl. tax' : 'Price', width: 66, align: 'right' },
    ...(discounted ? [{ header: 'Discount', width: 50, align: 'right' } as Column] : []),
    { header: 'Tax', width: 40, align: 'right' },
    { header: `Net (${cur})`, width: 72, align: 'right' },
  ];
  const columns: Column[] = [
    { header: 'Description', width: width - fixed.reduce((s, c) => s + c.width, 0), align: 'left' },
    ...fixed,
  ];
  const lefts = columns.map((_, i) => MARGIN + columns.slice(0, i).reduce((s, c) => s + c.width, 0));
  const PAD = 4;

  const tableHeader = () => {
    pdf.rect(MARGIN, y, width, 18).fill(SHADE);
    pdf.font(BOLD).fontSize(7.5).fillColor(GREY);
    columns.forEach((c, i) => {
      pdf.text(c.header, lefts[i]! + PAD, y + 5.5, {
        width: c.width - 2 * PAD,
        align: c.align,
        lineBreak: false,
        ellipsis: true,
      });
    });
    y += 18 + 3;
  };
  const newPage = () => {
    pdf.addPage();
    y = drawContinuationHeader(pdf, seller, heading);
  };

  tableHeader();
  for (const line of doc.lines) {
    const descWidth = columns[0]!.width - 2 * PAD;
    pdf.font(BOLD).fontSize(8.5);
    const nameHeight = pdf.heightOfString(line.name, { width: descWidth });
    pdf.font(REGULAR).fontSize(7.5);
    // A very long description is cut at about a third of a page rather than pushing the row off it.
    const descHeight = line.description
      ? Math.min(pdf.heightOfString(line.description, { width: descWidth }), 260)
      : 0;
    const height = nameHeight + (descHeight ? descHeight + 1.5 : 0) + 2 * PAD;
    if (y + height > pageBottom(pdf)) {
      newPage();
      tableHeader();
    }
    pdf
      .font(BOLD)
      .fontSize(8.5)
      .fillColor(INK)
      .text(line.name, lefts[0]! + PAD, y + PAD, { width: descWidth });
    if (line.description)
      pdf
        .font(REGULAR)
        .fontSize(7.5)
        .fillColor(GREY)
        .text(line.description, lefts[0]! + PAD, y + PAD + nameHeight + 1.5, {
          width: descWidth,
          height: descHeight,
          ellipsis: true,
        });
    const cells = [
      formatNumber(line.quantity, locale),
      unitName(line.unitCode),
      fmt(line.unitPrice),
      ...(discounted
        ? [
            line.discountPercent
              ? `${formatNumber(line.discountPercent, locale)}%`
              : line.discountAmount
                ? fmt(line.discountAmount)
                : '',
          ]
        : []),
      taxLabel(line.taxCategory, line.taxPercent, locale),
      fmt(line.lineExtensionAmount),
    ];
    pdf.font(REGULAR).fontSize(8.5).fillColor(INK);
    cells.forEach((text, i) => {
      const c = columns[i + 1]!;
      pdf.text(fitText(pdf, text, c.width - 2 * PAD), lefts[i + 1]! + PAD, y + PAD, {
        width: c.width - 2 * PAD,
        align: c.align,
        lineBreak: false,
        ellipsis: true,
      });
    });
    y += height;
    pdf
      .moveTo(MARGIN, y)
      .lineTo(MARGIN + width, y)
      .lineWidth(0.4)
      .strokeColor(RULE)
      .stroke();
  }

  // Tax breakdown on the left, totals on the right, kept together on one page.
  const totals = totalRows(doc, locale);
  const breakdown = doc.taxBreakdown.map((b) => [
    taxName(b.category, b.percent, locale),
    fmt(BigInt(b.taxableAmount)),
    fmt(BigInt(b.taxAmount)),
  ]);
  const blockHeight = Math.max(totals.length * 15 + 10, breakdown.length * 13 + 30) + 16;
  y += 14;
  if (y + blockHeight > pageBottom(pdf)) newPage();
  const blockTop = y;
  if (breakdown.length) {
    const bw = width * 0.5;
    const bx = [MARGIN, MARGIN + bw * 0.44, MARGIN + bw * 0.72];
    const bwidths = [bw * 0.44, bw * 0.28, bw * 0.28];
    let by = caption(pdf, 'Tax breakdown', MARGIN, y, bw);
    const cell = (text: string, i: number) =>
      pdf.text(fitText(pdf, text, bwidths[i]! - 4), bx[i]!, by, {
        width: bwidths[i]! - 4,
        align: i ? 'right' : 'left',
        lineBreak: false,
        ellipsis: true,
      });
    pdf.font(BOLD).fontSize(7.5).fillColor(GREY);
    for (const [i, h] of ['Rate', 'Taxable', 'Tax'].entries()) cell(h, i);
    by += 12;
    pdf.font(REGULAR).fontSize(8.5).fillColor(INK);
    for (const row of breakdown) {
      for (const [i, text] of row.entries()) cell(text, i);
      by += 13;
    }
  }
  const tx = MARGIN + width * 0.56;
  const tw = width * 0.44;
  let ty = blockTop;
  for (const row of totals) {
    if (row.rule) {
      pdf
        .moveTo(tx, ty - 2)
        .lineTo(tx + tw, ty - 2)
        .lineWidth(0.6)
        .strokeColor(INK)
        .stroke();
      ty += 3;
    }
    if (row.strong) pdf.rect(tx, ty - 3, tw, 18).fill(SHADE);
    pdf
      .font(row.strong ? BOLD : REGULAR)
      .fontSize(row.strong ? 10 : 8.5)
      .fillColor(row.strong ? INK : GREY)
      .text(fitText(pdf, row.label, tw * 0.5), tx + 4, ty + (row.strong ? 1 : 0), {
        width: tw * 0.55,
        lineBreak: false,
        ellipsis: true,
      });
    pdf
      .font(BOLD)
      .fontSize(row.strong ? 10 : 8.5)
      .fillColor(INK)
      .text(row.value, tx + tw * 0.45, ty + (row.strong ? 1 : 0), {
        width: tw * 0.55 - 4,
        align: 'right',
        lineBreak: false,
      });
    ty += row.strong ? 20 : 15;
  }
  y = Math.max(ty, blockTop + breakdown.length * 13 + 30) + 14;

  // Notes, terms, exemption reasons and how to pay, as paragraphs that may run onto a new page.
  const paragraphs: [string, string][] = [];
  const reasons = doc.taxBreakdown
    .filter((b) => b.exemptionReason || b.exemptionReasonCode)
    .map((b) => `${taxName(b.category, b.percent, locale)}: ${b.exemptionReason ?? b.exemptionReasonCode}`);
  if (reasons.length) paragraphs.push(['Tax exemption', reasons.join('\n')]);
  if (doc.pricesIncludeTax) paragraphs.push(['Prices', 'Unit prices include tax.']);
  if (doc.notes) paragraphs.push(['Notes', doc.notes]);
  if (doc.terms) paragraphs.push(['Terms', doc.terms]);
  const payment = paymentParagraph(input, locale);
  if (payment) paragraphs.push(['Payment', payment]);
  for (const [label, text] of paragraphs) {
    pdf.font(REGULAR).fontSize(8.5);
    const h = pdf.heightOfString(text, { width, lineGap: 1 }) + 14;
    if (y + Math.min(h, 60) > pageBottom(pdf)) newPage();
    y = caption(pdf, label, MARGIN, y, width);
    pdf.font(REGULAR).fontSize(8.5).fillColor(INK).text(text, MARGIN, y, { width, lineGap: 1 });
    y = pdf.y + 10;
  }

  const footer = [seller.legalName, ...seller.taxIds, heading].join(' · ');
  finishPages(pdf, footer, { draft: doc.status === 'draft' });
  pdf.end();
  return done;
}

function facts(input: SalesDocumentPdfInput, locale: string): [string, string][] {
  const doc = input.document;
  const out: [string, string][] = [[`${TITLES[doc.type as keyof typeof TITLES]} no.`, doc.number ?? 'Draft']];
  out.push([doc.type === 'invoice' ? 'Issue date' : 'Date', date(doc.issueDate, locale)]);
  if (doc.dueDate && doc.type !== 'credit_note')
    out.push([doc.type === 'quote' ? 'Valid until' : 'Due date', date(doc.dueDate, locale)]);
  if (doc.type === 'credit_note' && input.relatedNumber) out.push(['Credits invoice', input.relatedNumber]);
  if (doc.paymentTerms && doc.type === 'invoice') out.push(['Payment terms', doc.paymentTerms]);
  if (doc.buyerReference) out.push(['Your reference', doc.buyerReference]);
  out.push(['Currency', doc.currency]);
  return out;
}

function taxLabel(category: string, percent: string, locale: string): string {
  const rate = `${formatNumber(percent, locale)}%`;
  return category === 'S' ? rate : `${rate} ${category}`;
}

function taxName(category: string, percent: string, locale: string): string {
  const rate = `${formatNumber(percent, locale)}%`;
  const name = CATEGORY_NAMES[category];
  return name ? `${name} ${rate}` : `Tax ${rate}`;
}

interface TotalRow {
  label: string;
  value: string;
  strong?: boolean;
  rule?: boolean;
}

function totalRows(doc: SalesDocument, locale: string): TotalRow[] {
  const cur = doc.currency;
  const fmt = (minor: bigint) => amount(minor, cur, locale);
  const rows: TotalRow[] = [{ label: 'Subtotal', value: fmt(doc.lineExtensionAmount) }];
  if (doc.allowanceTotalAmount !== 0n) {
    const reason = doc.discountReason ? ` (${doc.discountReason})` : '';
    rows.push({ label: `Discount${reason}`, value: fmt(-doc.allowanceTotalAmount) });
    rows.push({ label: 'Net', value: fmt(doc.taxExclusiveAmount) });
  }
  rows.push({ label: 'Tax', value: fmt(doc.taxAmount) });
  const total = doc.taxInclusiveAmount;
  const due = total - doc.paidAmount - doc.creditedAmount;
  if (doc.type === 'quote') {
    rows.push({ label: 'Total', value: money(total, cur, locale), strong: true, rule: true });
    return rows;
  }
  const settled = doc.paidAmount !== 0n || doc.creditedAmount !== 0n;
  rows.push({
    label: `Total ${cur}`,
    value: fmt(total),
    rule: true,
    strong: !settled && doc.type === 'credit_note',
  });
  if (doc.type === 'credit_note') {
    if (doc.paidAmount !== 0n) {
      rows.push({ label: 'Applied or refunded', value: fmt(-doc.paidAmount) });
      rows.push({ label: 'Remaining credit', value: money(due, cur, locale), strong: true, rule: true });
    }
    return rows;
  }
  if (doc.paidAmount !== 0n) rows.push({ label: 'Paid', value: fmt(-doc.paidAmount) });
  if (doc.creditedAmount !== 0n) rows.push({ label: 'Credited', value: fmt(-doc.creditedAmount) });
  rows.push({ label: 'Amount due', value: money(due, cur, locale), strong: true, rule: settled });
  return rows;
}

function paymentParagraph(input: SalesDocumentPdfInput, locale: string): string | null {
  const doc = input.document;
  if (doc.type !== 'invoice') return null;
  const due = doc.taxInclusiveAmount - doc.paidAmount - doc.creditedAmount;
  const lines: string[] = [];
  if (due > 0n) {
    const by = doc.dueDate ? ` by ${date(doc.dueDate, locale)}` : '';
    const ref = doc.number ? `, quoting ${doc.number}` : '';
    lines.push(`Please pay ${money(due, doc.currency, locale)}${by}${ref}.`);
  } else if (doc.status !== 'draft') {
    lines.push('Paid in full. Thank you.');
  }
  lines.push(...input.seller.paymentDetails);
  return lines.length ? lines.join('\n') : null;
}

/** The buyer block: the snapshot taken at issue, else (a draft) the customer as it is now. */
export function buyerParty(buyer: {
  name: string;
  email: string | null;
  billingAddress: Parameters<typeof addressLines>[0];
  taxIds: { scheme: string; value: string }[];
}): PdfParty {
  return {
    name: buyer.name,
    lines: [
      ...addressLines(buyer.billingAddress),
      ...(buyer.taxIds ?? []).map((t) => `${t.scheme} ${t.value}`),
      ...(buyer.email ? [buyer.email] : []),
    ],
  };
}
