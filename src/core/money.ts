import { AppError } from './errors.ts';

// Money and display formatting. Pure and platform-neutral: the browser app imports this file too,
// so nothing here may touch Node. No floats: amounts are integer minor units (bigint, or a number
// that is a safe integer), and Intl is fed exact decimal strings, never a Number that could round.

/** An amount in minor units (cents, pence, yen, fils). A number must be a safe integer. */
export type MinorUnits = bigint | number;

/** The largest amount a `bigint` column holds; parsed amounts are kept within it. */
const INT64_MAX = 9_223_372_036_854_775_807n;

let currencies: Set<string> | undefined;
const exponents = new Map<string, number>();

/** True for an ISO 4217 code the runtime knows (`EUR`, `JPY`); upper case only. */
export function isCurrency(code: unknown): code is string {
  if (typeof code !== 'string' || !/^[A-Z]{3}$/.test(code)) return false;
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies.has(code);
}

const unknownCurrency = (code: unknown) =>
  new AppError('invalid', 'INVALID_CURRENCY', `${JSON.stringify(code)} is not an ISO 4217 currency code.`, {
    currency: code,
  });

/** Digits after the decimal point in the currency's minor unit: JPY 0, EUR 2, KWD 3. */
export function currencyExponent(code: string): number {
  const cached = exponents.get(code);
  if (cached !== undefined) return cached;
  if (!isCurrency(code)) throw unknownCurrency(code);
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
    .maximumFractionDigits;
  // Every runtime reports it for a currency style; 2 is ISO 4217's most common answer.
  const exponent = digits ?? 2;
  exponents.set(code, exponent);
  return exponent;
}

export interface ParseMoneyOptions {
  /** Named in the error's `details.field`, so a form can show the message beside the input. */
  field?: string;
}

type AmountProblem = 'empty' | 'not_a_number' | 'too_many_decimals' | 'out_of_range';

function invalidAmount(
  reason: AmountProblem,
  message: string,
  text: unknown,
  currency: string,
  options: ParseMoneyOptions,
) {
  return new AppError('invalid', 'INVALID_AMOUNT', message, {
    ...(options.field ? { field: options.field } : {}),
    reason,
    currency,
    ...(typeof text === 'string' ? { text: text.slice(0, 100) } : {}),
  });
}

// Sign, then digits with optional comma grouping in threes, then an optional fraction.
const AMOUNT = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?$/;

/**
 * Reads a decimal amount such as `1,234.50`, `-0.5`, `.75` or `(12.00)` (accounting negative) into
 * minor units of `currency`. Refuses an empty text, anything that is not a plain decimal number,
 * more decimals than the currency has, and amounts beyond what the books can store.
 */
export function parseMoney(text: string, currency: string, options: ParseMoneyOptions = {}): bigint {
  const exponent = currencyExponent(currency);
  if (typeof text !== 'string' || text.trim() === '')
    throw invalidAmount('empty', 'Enter an amount.', text, currency, options);
  let body = text.trim().replace(/\u2212/g, '-'); // the typographic minus sign pasted from documents
  let negative = false;
  const parenthesised = /^\((.*)\)$/.exec(body);
  if (parenthesised) {
    body = parenthesised[1]!.trim();
    negative = true;
  }
  const match = body.length <= 64 ? AMOUNT.exec(body) : null;
  const [, sign = '', whole = '', fraction = ''] = match ?? [];
  if (!match || (whole === '' && fraction === '') || (negative && sign !== ''))
    throw invalidAmount(
      'not_a_number',
      `"${text.trim().slice(0, 40)}" is not an amount; write it like 1234.50 or -1,234.50.`,
      text,
      currency,
      options,
    );
  if (fraction.length > exponent)
    throw invalidAmount(
      'too_many_decimals',
      exponent === 0
        ? `${currency} has no minor unit; write the amount without decimals.`
        : `${currency} amounts have at most ${exponent} decimal${exponent === 1 ? '' : 's'}; "${text.trim()}" has ${fraction.length}.`,
      text,
      currency,
      options,
    );
  const digits = `${whole.replaceAll(',', '')}${fraction.padEnd(exponent, '0')}`;
  const magnitude = BigInt(digits === '' ? '0' : digits);
  if (magnitude > INT64_MAX)
    throw invalidAmount('out_of_range', 'The amount is too large.', text, currency, options);
  return negative || sign === '-' ? -magnitude : magnitude;
}

function toBigInt(minor: MinorUnits): bigint {
  if (typeof minor === 'bigint') return minor;
  if (Number.isSafeInteger(minor)) return BigInt(minor);
  throw new AppError(
    'invalid',
    'INVALID_AMOUNT',
    `${String(minor)} is not a whole number of minor units; amounts are integers.`,
    { reason: 'not_an_integer' },
  );
}

/** The exact decimal text of an amount: `123450n` EUR → `1234.50`, `-5n` EUR → `-0.05`, JPY → no point. */
export function minorToDecimalString(minor: MinorUnits, currency: string): string {
  const exponent = currencyExponent(currency);
  const value = toBigInt(minor);
  const sign = value < 0n ? '-' : '';
  const digits = (value < 0n ? -value : value).toString().padStart(exponent + 1, '0');
  if (exponent === 0) return `${sign}${digits}`;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

export interface FormatMoneyOptions {
  /** `symbol` (default: €), `narrowSymbol` ($ rather than US$), `code` (EUR) or `name` (euros). */
  currencyDisplay?: 'symbol' | 'narrowSymbol' | 'code' | 'name';
  /** Negative amounts in parentheses, as statements print them. */
  accounting?: boolean;
  /** `exceptZero` shows + on positive amounts (changes, variances). */
  signDisplay?: 'auto' | 'always' | 'exceptZero' | 'never';
}

const formatters = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    if (formatters.size > 500) formatters.clear();
    formatters.set(key, format);
  }
  return format;
}

/** Intl formats a numeric string exactly (ES2023), whatever its size. */
const formatDecimal = (format: Intl.NumberFormat, decimal: string) =>
  format.format(decimal as Intl.StringNumericLiteral);

/**
 * An amount for people: `formatMoney(123450n, 'EUR', 'de-DE')` → `1.234,50 €`. Always shows the
 * currency's own number of decimals; exact for any size of amount. `locale` defaults to the
 * runtime's (the browser's language).
 */
export function formatMoney(
  minor: MinorUnits,
  currency: string,
  locale?: string,
  options: FormatMoneyOptions = {},
): string {
  const exponent = currencyExponent(currency);
  const format = numberFormat(locale, {
    style: 'currency',
    currency,
    currencyDisplay: options.currencyDisplay ?? 'symbol',
    currencySign: options.accounting ? 'accounting' : 'standard',
    signDisplay: options.signDisplay ?? 'auto',
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  return formatDecimal(format, minorToDecimalString(minor, currency));
}

export interface FormatNumberOptions {
  minimumFractionDigits?: number;
  maximumFractionDigits?: number;
  /** Digit grouping (1,234); on by default. */
  useGrouping?: boolean;
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * A plain number for people (quantities, counts, rates): a bigint, a safe integer, or an exact
 * decimal string such as `"0.125"`. Non-integer `number`s are refused: they are floats.
 */
export function formatNumber(
  value: bigint | number | string,
  locale?: string,
  options: FormatNumberOptions = {},
): string {
  let decimal: string;
  if (typeof value === 'string') {
    if (!DECIMAL.test(value.trim()))
      throw new AppError('invalid', 'INVALID_NUMBER', `"${value.slice(0, 40)}" is not a decimal number.`);
    decimal = value.trim();
  } else {
    decimal = toBigInt(value).toString();
  }
  const fractionDigits = decimal.split('.')[1]?.length ?? 0;
  const minimumFractionDigits = options.minimumFractionDigits ?? 0;
  const format = numberFormat(locale, {
    minimumFractionDigits,
    // Never round away digits the caller gave us unless asked to (Intl's default would cut at 3).
    maximumFractionDigits: Math.min(
      100,
      Math.max(minimumFractionDigits, options.maximumFractionDigits ?? fractionDigits),
    ),
    useGrouping: options.useGrouping ?? true,
  });
  return formatDecimal(format, decimal);
}

const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD` (years 0001–9999). */
export function isBusinessDate(ymd: unknown): ymd is string {
  return typeof ymd === 'string' && utcNoon(ymd) !== undefined;
}

/** The date at 12:00 UTC, or undefined when `ymd` is not a real `YYYY-MM-DD` date. */
function utcNoon(ymd: string): Date | undefined {
  const match = YMD.exec(ymd);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not move years 0–99 to 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(12);
  const real =
    year >= 1 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day;
  return real ? date : undefined;
}

export type DateStyle = 'full' | 'long' | 'medium' | 'short';

/**
 * A business date (`YYYY-MM-DD`, no time zone) for people: `formatDate('2026-03-31', 'en-GB')` →
 * `31 Mar 2026`. Formatted in UTC, so the day never shifts with the viewer's time zone.
 */
export function formatDate(ymd: string, locale?: string, style: DateStyle = 'medium'): string {
  const date = utcNoon(ymd);
  if (!date)
    throw new AppError(
      'invalid',
      'INVALID_DATE',
      `"${String(ymd).slice(0, 40)}" is not a date (YYYY-MM-DD).`,
    );
  return new Intl.DateTimeFormat(locale, { dateStyle: style, timeZone: 'UTC' }).format(date);
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * An instant (ISO 8601 with `Z` or an offset, as the API sends them) for people, in `timeZone`
 * (an IANA name such as `Europe/Paris`; default: the viewer's).
 */
export function formatDateTime(
  iso: string | Date,
  locale?: string,
  timeZone?: string,
  style: { date?: DateStyle; time?: DateStyle } = {},
): string {
  const date = typeof iso === 'string' ? (INSTANT.test(iso) ? new Date(iso) : undefined) : iso;
  if (!date || Number.isNaN(date.getTime()))
    throw new AppError(
      'invalid',
      'INVALID_DATETIME',
      `"${String(iso).slice(0, 40)}" is not an ISO 8601 instant with a time zone.`,
    );
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat(locale, {
      dateStyle: style.date ?? 'medium',
      timeStyle: style.time ?? 'short',
      timeZone,
    });
  } catch (error) {
    if (error instanceof RangeError && timeZone)
      throw new AppError('invalid', 'INVALID_TIME_ZONE', `"${timeZone}" is not a known time zone.`, {
        timeZone,
      });
    throw error;
  }
  return format.format(date);
}

/** `numerator / denominator` rounded half away from zero (commercial rounding); denominator ≠ 0. */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  // An exact half only exists for an even d, and (n + d/2) / d rounds it up; magnitudes, so away from 0.
  const quotient = (n + d / 2n) / d;
  return negative ? -quotient : quotient;
}
