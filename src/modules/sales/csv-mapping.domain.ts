import Papa from 'papaparse';
import { AppError, invalid } from '../../core/errors.ts';
import { isBusinessDate, parseMoney } from '../../core/money.ts';

// CSV files as the imports read them: bytes decoded (UTF-8 with or without BOM, UTF-16 with BOM,
// otherwise Windows-1252), split by papaparse, columns mapped onto our fields (by header or column
// number, or guessed from the headers), and cell values read as dates, decimals and amounts in the
// conventions a spreadsheet exports. Pure: no I/O.

export const ENCODINGS = ['auto', 'utf-8', 'windows-1252', 'utf-16le'] as const;
export type Encoding = (typeof ENCODINGS)[number];
export const DELIMITERS = ['auto', ',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];
export const DATE_FORMATS = [
  'YYYY-MM-DD',
  'DD/MM/YYYY',
  'MM/DD/YYYY',
  'DD.MM.YYYY',
  'DD-MM-YYYY',
  'YYYY/MM/DD',
] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];
export const DECIMAL_SEPARATORS = ['auto', '.', ','] as const;
export type DecimalSeparator = (typeof DECIMAL_SEPARATORS)[number];

/** Rows a file may hold: an import is checked and written in one transaction. */
export const MAX_IMPORT_ROWS = 100_000;

/** One of our fields a column can be mapped onto. */
export interface FieldSpec {
  key: string;
  label: string;
  required?: true;
  /** Header spellings that mean this field (compared lower-case, letters and digits only). */
  synonyms: readonly string[];
}

/** A problem with one cell or row. `row` counts as a spreadsheet does: the header is row 1. */
export interface RowError {
  row: number;
  /** The column's header (or `column N` without one); null for the whole row. */
  column: string | null;
  field: string | null;
  code: string;
  message: string;
}

export interface CsvTable {
  encoding: Exclude<Encoding, 'auto'>;
  delimiter: Exclude<Delimiter, 'auto'>;
  headers: string[];
  /** Data rows (blank lines left out), each with its spreadsheet row number. */
  rows: { row: number; cells: string[] }[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Text of a file's bytes: a BOM decides; else valid UTF-8 is UTF-8 and anything else Windows-1252. */
export function decodeBytes(
  bytes: Uint8Array,
  encoding: Encoding = 'auto',
): { text: string; encoding: CsvTable['encoding'] } {
  const bom8 = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const bom16 = bytes[0] === 0xff && bytes[1] === 0xfe;
  const chosen =
    encoding !== 'auto'
      ? encoding
      : bom8
        ? 'utf-8'
        : bom16
          ? 'utf-16le'
          : isUtf8(bytes)
            ? 'utf-8'
            : 'windows-1252';
  // TextDecoder drops a leading BOM of its own encoding.
  const text = chosen === 'windows-1252' ? windows1252(bytes) : new TextDecoder(chosen).decode(bytes);
  return { text, encoding: chosen };
}

// Windows-1252 is Latin-1 except for 0x80–0x9F (€, curly quotes, dashes…), which Node's decoder
// leaves as C1 controls; the five undefined bytes stay as they are.
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function windows1252(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192)
    text += String.fromCharCode(
      ...Array.from(bytes.subarray(i, i + 8192), (b) =>
        b >= 0x80 && b < 0xa0 ? CP1252_HIGH.charCodeAt(b - 0x80) : b,
      ),
    );
  return text;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Splits CSV text into a header row and data rows; `auto` picks , ; tab or | from the header line. */
export function readCsv(
  text: string,
  options: { delimiter?: Delimiter; encoding?: CsvTable['encoding'] } = {},
): CsvTable {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const delimiter =
    options.delimiter && options.delimiter !== 'auto' ? options.delimiter : guessDelimiter(firstLine);
  const parsed = Papa.parse<string[]>(body, { delimiter, skipEmptyLines: false });
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError)
    throw invalid(
      'CSV_MALFORMED',
      `Row ${(quoteError.row ?? 0) + 1}: a quoted field is never closed (${quoteError.message}).`,
      { field: 'file', row: (quoteError.row ?? 0) + 1 },
    );
  const [header, ...data] = parsed.data;
  if (!header || header.every((h) => h.trim() === ''))
    throw invalid('CSV_EMPTY', 'The file has no header row.', { field: 'file' });
  const rows = data
    .map((cells, i) => ({ row: i + 2, cells: cells.map(cellText) }))
    .filter((r) => r.cells.some((c) => c !== ''));
  if (rows.length > MAX_IMPORT_ROWS)
    throw new AppError(
      'too_large',
      'CSV_TOO_MANY_ROWS',
      `The file has ${rows.length} rows; import at most ${MAX_IMPORT_ROWS} at a time.`,
      { field: 'file' },
    );
  return {
    encoding: options.encoding ?? 'utf-8',
    delimiter,
    headers: header.map((h) => h.trim()),
    rows,
  };
}

/** A cell trimmed, without the apostrophe an export puts before text a spreadsheet would run (`'+44…`). */
const cellText = (cell: string) => cell.trim().replace(/^'(?=[=+\-@])/, '');

function guessDelimiter(line: string): Exclude<Delimiter, 'auto'> {
  const counts = ([',', ';', '\t', '|'] as const).map((d) => ({ d, n: line.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0]!.n > 0 ? counts[0]!.d : ',';
}

/** Lower case, accents and everything but letters and digits removed: `E-mail Address` → `emailaddress`. */
export const normalizeHeader = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/** Field → header for every field whose synonyms name a header; each header used once, in field order. */
export function suggestMapping(
  headers: readonly string[],
  fields: readonly FieldSpec[],
): Record<string, string> {
  const normalized = headers.map(normalizeHeader);
  const used = new Set<number>();
  const mapping: Record<string, string> = {};
  for (const field of fields) {
    const wanted = [normalizeHeader(field.key), ...field.synonyms.map(normalizeHeader)];
    for (const name of wanted) {
      const at = normalized.findIndex((h, i) => h === name && !used.has(i));
      if (at >= 0) {
        used.add(at);
        mapping[field.key] = headers[at]!;
        break;
      }
    }
  }
  return mapping;
}

/** A mapping (field → header, or column number counting from 1) as field → column index. */
export function resolveMapping(
  headers: readonly string[],
  mapping: Readonly<Record<string, string | number>>,
  fields: readonly FieldSpec[],
): Map<string, number> {
  const resolved = new Map<string, number>();
  for (const [key, target] of Object.entries(mapping)) {
    if (!fields.some((f) => f.key === key))
      throw invalid(
        'UNKNOWN_IMPORT_FIELD',
        `There is no field "${key}"; map ${fields.map((f) => f.key).join(', ')}.`,
        {
          field: `mapping.${key}`,
        },
      );
    if (target === '' || target === null) continue;
    const index =
      typeof target === 'number' || /^\d+$/.test(target)
        ? Number(target) - 1
        : headers.findIndex((h) => h === target || normalizeHeader(h) === normalizeHeader(target));
    if (!Number.isInteger(index) || index < 0 || index >= headers.length)
      throw invalid('UNKNOWN_COLUMN', `The file has no column "${target}" (it has ${headers.join(', ')}).`, {
        field: `mapping.${key}`,
      });
    resolved.set(key, index);
  }
  for (const field of fields)
    if (field.required && !resolved.has(field.key))
      throw invalid('MAPPING_REQUIRED', `Map a column onto "${field.label}".`, {
        field: `mapping.${field.key}`,
      });
  return resolved;
}

/** Reads one row's mapped cells and collects the problems of that row, naming the column. */
export class RowReader {
  constructor(
    readonly headers: readonly string[],
    readonly columns: ReadonlyMap<string, number>,
    readonly errors: RowError[],
  ) {}

  column(field: string): string | null {
    const index = this.columns.get(field);
    return index === undefined ? null : this.headers[index] || `column ${index + 1}`;
  }

  /** The trimmed cell of `field`, or undefined when unmapped or empty. */
  get(row: { cells: string[] }, field: string): string | undefined {
    const index = this.columns.get(field);
    const value = index === undefined ? undefined : row.cells[index];
    return value ? value : undefined;
  }

  fail(row: number, field: string | null, code: string, message: string): undefined {
    this.errors.push({ row, column: field ? this.column(field) : null, field, code, message });
    return undefined;
  }

  /** Runs a reader of the cell; an AppError becomes the row's error at that column. */
  read<T>(row: { row: number; cells: string[] }, field: string, parse: (text: string) => T): T | undefined {
    const text = this.get(row, field);
    return text === undefined ? undefined : this.parse(row.row, field, text, parse);
  }

  /** `parse(text)`, or undefined with the AppError it threw recorded against row `row` and `field`. */
  parse<T>(row: number, field: string, text: string, parse: (text: string) => T): T | undefined {
    try {
      return parse(text);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const named = typeof error.details.field === 'string' && this.columns.has(error.details.field);
      return this.fail(row, named ? (error.details.field as string) : field, error.code, error.message);
    }
  }
}

const DATE_PARTS: Record<
  DateFormat,
  { pattern: RegExp; order: ['y', 'm', 'd'] | ['d', 'm', 'y'] | ['m', 'd', 'y'] }
> = {
  'YYYY-MM-DD': { pattern: /^(\d{4})-(\d{1,2})-(\d{1,2})$/, order: ['y', 'm', 'd'] },
  'YYYY/MM/DD': { pattern: /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/, order: ['y', 'm', 'd'] },
  'DD/MM/YYYY': { pattern: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, order: ['d', 'm', 'y'] },
  'MM/DD/YYYY': { pattern: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, order: ['m', 'd', 'y'] },
  'DD.MM.YYYY': { pattern: /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/, order: ['d', 'm', 'y'] },
  'DD-MM-YYYY': { pattern: /^(\d{1,2})-(\d{1,2})-(\d{4})$/, order: ['d', 'm', 'y'] },
};

/** A calendar date written in `format` as YYYY-MM-DD; INVALID_DATE otherwise. */
export function parseDate(text: string, format: DateFormat): string {
  const spec = DATE_PARTS[format];
  const match = spec.pattern.exec(text.trim());
  if (match) {
    const part = (p: 'y' | 'm' | 'd') => match[spec.order.indexOf(p) + 1]!.padStart(2, '0');
    const ymd = `${part('y')}-${part('m')}-${part('d')}`;
    if (isBusinessDate(ymd)) return ymd;
  }
  throw invalid('INVALID_DATE', `"${text.slice(0, 40)}" is not a date written ${format}.`);
}

/** Which separator the file's numbers use: a comma is decimal when some number shows it so (`12,5`, `1.234,50`). */
export function guessDecimalSeparator(samples: Iterable<string>): '.' | ',' {
  for (const raw of samples) {
    const text = raw.replace(/[\s\u00a0\u202f]/g, '');
    if (/,\d{1,2}$/.test(text) || /\.\d{3},\d+$/.test(text) || /,\d{4,}$/.test(text)) return ',';
    if (/\.\d+$/.test(text) || /,\d{3}\.\d+$/.test(text)) return '.';
  }
  return '.';
}

/** `1 234,50` (separator `,`) or `1,234.50` (separator `.`) as `1234.50`: a plain decimal with a point. */
export function plainDecimal(text: string, separator: '.' | ','): string {
  let body = text
    .trim()
    .replace(/[\s\u00a0\u202f']/g, '')
    .replace(/\u2212/g, '-');
  body = body.replace(/^([+-]?)[£€$¥]/, '$1').replace(/[£€$¥%]$/, '');
  const [point, comma] = separator === ',' ? [',', '.'] : ['.', ','];
  // Grouping only in threes (1,234,567.89 or 1.234.567,89); anything else is a wrong separator.
  if (body.includes(comma) && !new RegExp(`^[+-]?\\d{1,3}(\\${comma}\\d{3})+(\\${point}\\d*)?$`).test(body))
    throw invalid(
      'INVALID_NUMBER',
      `"${text.slice(0, 40)}" is not a number written with a decimal ${separator === ',' ? 'comma' : 'point'}.`,
    );
  body = body.replaceAll(comma, '').replace(point, '.');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(body))
    throw invalid('INVALID_NUMBER', `"${text.slice(0, 40)}" is not a number.`);
  return body.replace(/^\+/, '');
}

/** An amount in minor units of `currency`, its decimals written with `separator`. */
export function parseAmount(text: string, currency: string, separator: '.' | ','): bigint {
  const plain = plainDecimal(text, separator);
  return parseMoney(plain, currency);
}

const TRUE = new Set(['true', 'yes', 'y', '1', 'x', 'oui', 'ja', 'si']);
const FALSE = new Set(['false', 'no', 'n', '0', 'non', 'nein']);

export function parseBoolean(text: string): boolean {
  const value = text.trim().toLowerCase();
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  throw invalid('INVALID_BOOLEAN', `"${text.slice(0, 20)}" is not yes or no.`);
}

/** Options shared by both imports, with their defaults. */
export interface ReadOptions {
  encoding?: Encoding;
  delimiter?: Delimiter;
  dateFormat?: DateFormat;
  decimalSeparator?: DecimalSeparator;
}

/** The file (bytes or text) as a table. */
export function tableOf(file: { text?: string; bytes?: Uint8Array }, options: ReadOptions): CsvTable {
  if (file.bytes) {
    const decoded = decodeBytes(file.bytes, options.encoding);
    return readCsv(decoded.text, { delimiter: options.delimiter, encoding: decoded.encoding });
  }
  if (typeof file.text === 'string') return readCsv(file.text, { delimiter: options.delimiter });
  throw invalid('FILE_REQUIRED', 'Send the CSV as text or as a file.', { field: 'csv' });
}
