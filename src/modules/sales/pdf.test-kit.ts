import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Reading our PDFs the way a person would: poppler's pdftotext (layout kept) and pdfinfo.

export interface PdfReading {
  pages: number;
  /** The text of each page, in layout mode. */
  pageTexts: string[];
  text: string;
  /** Each page's text in content-stream order: also what is rotated (a DRAFT mark), which layout mode drops. */
  rawPageTexts: string[];
  title: string;
}

export function readPdf(bytes: Uint8Array): PdfReading {
  const dir = mkdtempSync(path.join(tmpdir(), 'ordo-pdf-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    writeFileSync(file, bytes);
    const info = execFileSync('pdfinfo', [file]).toString();
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
    const title = /Title:\s+(.*)/.exec(info)?.[1]?.trim() ?? '';
    const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']).toString('utf8');
    // pdftotext ends each page with a form feed.
    const pageTexts = text.split('\f').slice(0, pages);
    // ORDO_TEST_PDF_DIR=… keeps each PDF a test reads, to look at (pdftoppm -png -r 60 …).
    const keep = process.env.ORDO_TEST_PDF_DIR;
    if (keep) writeFileSync(path.join(keep, `${title.replace(/[^A-Za-z0-9.-]+/g, '_')}.pdf`), bytes);
    const raw = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-']).toString('utf8');
    return { pages, pageTexts, text, rawPageTexts: raw.split('\f').slice(0, pages), title };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Renders page `page` to a PNG (for a person to look at when a test fails); returns its bytes. */
export function pdfPagePng(bytes: Uint8Array, page = 1): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), 'ordo-pdf-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    writeFileSync(file, bytes);
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-f',
      String(page),
      '-l',
      String(page),
      '-singlefile',
      file,
      path.join(dir, 'page'),
    ]);
    return readFileSync(path.join(dir, 'page.png'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
