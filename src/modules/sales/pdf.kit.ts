import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { currencyExponent, formatDate, formatNumber, minorToDecimalString } from '../../core/money.ts';

// What the sales PDFs (documents and statements) share: an embedded Unicode font, the page, the
// seller's header with the logo, money and date formatting, and the footer with page numbers.

/** The seller as printed: the company profile, ready to draw. */
export interface PdfSeller {
  /** Trading name when there is one, else the legal name. */
  name: string;
  legalName: string;
  addressLines: string[];
  /** `VAT GB123456789`, … */
  taxIds: string[];
  /** Email, phone, website. */
  contact: string[];
  /** PNG or JPEG (pdfkit cannot draw WebP: the name is printed instead). */
  logo: { bytes: Uint8Array; contentType: string } | null;
  /** Bank or payment instructions; empty when the profile has none. */
  paymentDetails: string[];
}

/** A customer as printed: name and the lines under it (address, tax ids, email). */
export interface PdfParty {
  name: string;
  lines: string[];
}

export const MARGIN = 48;
export const INK = '#1f2328';
export const GREY = '#6b7280';
export const RULE = '#d0d5dd';
export const SHADE = '#f2f4f7';
export const REGULAR = 'ordo-regular';
export const BOLD = 'ordo-bold';
/** Space kept at the bottom of each page for the footer. */
const FOOTER_SPACE = 34;

// DejaVu Sans (Bitstream Vera licence) covers Latin, Greek and Cyrillic, so a customer named
// Łukasz or Ωmega prints as written; the PDF embeds only the glyphs it uses.
const require = createRequire(import.meta.url);
let fontCache: { regular: Buffer; bold: Buffer } | undefined;
function fonts() {
  fontCache ??= {
    regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed.ttf')),
    bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed-Bold.ttf')),
  };
  return fontCache;
}

export type Pdf = PDFKit.PDFDocument;

/** An A4 document with the fonts registered; `done` resolves to its bytes after `pdf.end()`. */
export function createPdf(info: { title: string; author: string }): { pdf: Pdf; done: Promise<Buffer> } {
  const pdf = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: info.title, Author: info.author, Creator: 'Ordo' },
  });
  const { regular, bold } = fonts();
  pdf.registerFont(REGULAR, regular);
  pdf.registerFont(BOLD, bold);
  pdf.font(REGULAR).fillColor(INK);
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  return { pdf, done };
}

export const contentWidth = (pdf: Pdf) => pdf.page.width - 2 * MARGIN;
/** The lowest y content may reach on a page. */
export const pageBottom = (pdf: Pdf) => pdf.page.height - MARGIN - FOOTER_SPACE;

/**
 * `text` cut to fit `width` in the current font, with an ellipsis: pdfkit's own `ellipsis` still
 * wraps at a space when `lineBreak` is off, which would write over the next row.
 */
export function fitText(pdf: Pdf, text: string, width: number): string {
  if (pdf.widthOfString(text) <= width) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (pdf.widthOfString(`${text.slice(0, mid).trimEnd()}…`) <= width) low = mid;
    else high = mid - 1;
  }
  return `${text.slice(0, low).trimEnd()}…`;
}

/** An amount without its currency: grouped digits and the currency's own decimals. */
export function amount(minor: bigint, currency: string, locale: string): string {
  const digits = currencyExponent(currency);
  return formatNumber(minorToDecimalString(minor, currency), locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** An amount with its ISO code, as totals print it: `EUR 1,234.50`. */
export const money = (minor: bigint, currency: string, locale: string) =>
  `${currency} ${amount(minor, currency, locale)}`;

export const date = (ymd: string, locale: string) => formatDate(ymd, locale, 'medium');

/**
 * The seller's logo (or name) on the left and its address, tax ids and contact on the right, from
 * the top margin; returns the y below both.
 */
export function drawSellerHeader(pdf: Pdf, seller: PdfSeller): number {
  const width = contentWidth(pdf);
  let leftBottom: number | undefined;
  const logo = seller.logo && seller.logo.contentType !== 'image/webp' ? seller.logo : null;
  if (logo) {
    try {
      pdf.image(Buffer.from(logo.bytes), MARGIN, MARGIN, { fit: [170, 60] });
      leftBottom = MARGIN + 60;
    } catch {
      // A logo pdfkit cannot decode (an unusual PNG variant) must not cost the customer their invoice.
      leftBottom = undefined;
    }
  }
  if (leftBottom === undefined) {
    pdf
      .font(BOLD)
      .fontSize(16)
      .fillColor(INK)
      .text(seller.name, MARGIN, MARGIN, { width: width * 0.5 });
    leftBottom = pdf.y;
  }
  const x = MARGIN + width * 0.5;
  // Under a logo the legal name heads the address; without one the name on the left may be it already.
  if (logo || seller.legalName !== seller.name)
    pdf
      .font(BOLD)
      .fontSize(9.5)
      .fillColor(INK)
      .text(seller.legalName, x, MARGIN, { width: width * 0.5, align: 'right' });
  else pdf.y = MARGIN + 3;
  pdf.font(REGULAR).fontSize(8);
  // Tax ids and contact details share a line when it fits, else one per line (never broken mid-item).
  const grouped = (items: string[]) => {
    const line = items.join(' · ');
    return pdf.widthOfString(line) <= width * 0.5 ? [line] : items;
  };
  const details = [...seller.addressLines, ...grouped(seller.taxIds), ...grouped(seller.contact)].filter(
    Boolean,
  );
  pdf
    .fillColor(GREY)
    .text(details.join('\n'), x, pdf.y + 1, { width: width * 0.5, align: 'right', lineGap: 0.5 });
  return Math.max(leftBottom, pdf.y) + 22;
}

/** On pages after the first: one line naming the seller and the document, and a rule. */
export function drawContinuationHeader(pdf: Pdf, seller: PdfSeller, title: string): number {
  const width = contentWidth(pdf);
  pdf.font(BOLD).fontSize(9).fillColor(INK);
  pdf.text(fitText(pdf, seller.name, width / 2 - 8), MARGIN, MARGIN, { width: width / 2, lineBreak: false });
  pdf.font(REGULAR).fontSize(9).fillColor(GREY);
  pdf.text(fitText(pdf, `${title} (continued)`, width / 2), MARGIN + width / 2, MARGIN, {
    width: width / 2,
    align: 'right',
    lineBreak: false,
  });
  const y = MARGIN + 16;
  pdf
    .moveTo(MARGIN, y)
    .lineTo(MARGIN + width, y)
    .lineWidth(0.6)
    .strokeColor(RULE)
    .stroke();
  return y + 12;
}

/** A small grey caption above a block: `BILL TO`. */
export function caption(pdf: Pdf, text: string, x: number, y: number, width: number): number {
  pdf.font(BOLD).fontSize(7).fillColor(GREY).text(text.toUpperCase(), x, y, { width, characterSpacing: 0.6 });
  return pdf.y + 2;
}

/** Label/value rows, labels left and values right-aligned in `width`; returns the y below. */
export function drawFacts(pdf: Pdf, facts: [string, string][], x: number, y: number, width: number): number {
  for (const [label, value] of facts) {
    pdf
      .font(REGULAR)
      .fontSize(8.5)
      .fillColor(GREY)
      .text(label, x, y, { width: width * 0.45, lineBreak: false });
    pdf.font(BOLD).fontSize(8.5).fillColor(INK);
    const h = pdf.heightOfString(value, { width: width * 0.55 });
    pdf.text(value, x + width * 0.45, y, { width: width * 0.55, align: 'right' });
    y += Math.max(13, h + 3);
  }
  return y;
}

/** Page numbers and the seller's line on every page, and a DRAFT mark across each when asked. */
export function finishPages(pdf: Pdf, footer: string, options: { draft?: boolean } = {}): void {
  const width = contentWidth(pdf);
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    // Writing below the bottom margin would start a new page: lift the margin for the footer.
    pdf.page.margins.bottom = 0;
    const y = pdf.page.height - MARGIN - 10;
    pdf
      .moveTo(MARGIN, y - 6)
      .lineTo(MARGIN + width, y - 6)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
    pdf
      .font(REGULAR)
      .fontSize(7)
      .fillColor(GREY)
      .text(fitText(pdf.font(REGULAR).fontSize(7), footer, width * 0.8 - 8), MARGIN, y, {
        width: width * 0.8,
        lineBreak: false,
      })
      .text(`Page ${i - range.start + 1} of ${range.count}`, MARGIN + width * 0.8, y, {
        width: width * 0.2,
        align: 'right',
        lineBreak: false,
      });
    if (options.draft) {
      pdf.save();
      pdf.rotate(-35, { origin: [pdf.page.width / 2, pdf.page.height / 2] });
      pdf
        .font(BOLD)
        .fontSize(120)
        .fillColor('#c0392b')
        .fillOpacity(0.12)
        .text('DRAFT', 0, pdf.page.height / 2 - 70, {
          width: pdf.page.width,
          align: 'center',
          lineBreak: false,
        });
      pdf.restore();
    }
  }
}

const REGION_NAMES = new Intl.DisplayNames(['en'], { type: 'region' });
// Where the postcode goes after the town, on its own line (GB, IE) or after the region (US, CA, AU).
const POSTCODE_LAST = new Set(['GB', 'IE']);
const NORTH_AMERICAN = new Set(['US', 'CA', 'AU']);

/** A postal address as printed lines, in the local order for a few common countries. */
export function addressLines(
  a: {
    line1: string | null;
    line2: string | null;
    city: string | null;
    region: string | null;
    postalCode: string | null;
    country: string | null;
  } | null,
): string[] {
  if (!a) return [];
  const join = (parts: (string | null)[], sep = ' ') => parts.filter(Boolean).join(sep);
  const lines = [a.line1, a.line2];
  if (a.country && POSTCODE_LAST.has(a.country)) lines.push(a.city, a.region, a.postalCode);
  else if (a.country && NORTH_AMERICAN.has(a.country))
    lines.push(join([a.city, join([a.region, a.postalCode])], ', '));
  else lines.push(join([a.postalCode, a.city]), a.region);
  if (a.country) {
    let name: string | undefined;
    try {
      name = REGION_NAMES.of(a.country);
    } catch {
      name = undefined;
    }
    lines.push(name ?? a.country);
  }
  return lines.filter((l): l is string => !!l && l.trim() !== '');
}
