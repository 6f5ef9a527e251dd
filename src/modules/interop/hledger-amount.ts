import { currencyExponent, isCurrency } from '../../core/money.ts';

// hledger amounts: a commodity (symbol or code, left or right, with or without a space), a sign
// before or after a left symbol, digits with group marks and one decimal mark. Commodities map to
// ISO 4217 codes; amounts become integer minor units, never floats.

/** Symbols hledger journals commonly use for currencies. Codes (`EUR`) stand for themselves. */
export const SYMBOL_CURRENCIES: Readonly<Record<string, string>> = {
  $: 'USD',
  '£': 'GBP',
  '€': 'EUR',
  '¥': 'JPY',
};

/** An amount as read: the commodity as written, its currency and the exact value in minor units. */
export interface JournalAmount {
  commodity: string;
  currency: string;
  minor: bigint;
}

/** How a commodity's numbers are written, from a `commodity` or `D` directive (or `decimal-mark`). */
export interface NumberStyle {
  decimalMark: '.' | ',';
}

/** A problem with an amount, before the caller adds the line number. */
export class AmountProblem extends Error {}

const SYMBOL = String.raw`"[^"]+"|[^\s\d.,;@=+\-*!"()\[\]]+`;
const NUMBER = String.raw`\d(?:[\d.,]| (?=\d))*|[.,]\d+`;
const LEFT = new RegExp(`^([-+]?)\\s*(${SYMBOL})\\s*([-+]?)\\s*(${NUMBER})$`, 'u');
const RIGHT = new RegExp(`^([-+]?)\\s*(${NUMBER})\\s*(${SYMBOL})$`, 'u');
const BARE = new RegExp(`^([-+]?)\\s*(${NUMBER})$`, 'u');

/** The ISO 4217 code of a commodity as written, or undefined when it maps to none. */
export function currencyOf(commodity: string): string | undefined {
  const bare = commodity.startsWith('"') ? commodity.slice(1, -1) : commodity;
  const mapped = SYMBOL_CURRENCIES[bare] ?? bare;
  return isCurrency(mapped) ? mapped : undefined;
}

export interface AmountContext {
  /** The style declared for a commodity (by its text as written), if any. */
  styleOf(commodity: string): NumberStyle | undefined;
  /** The commodity of amounts written without one (`D` directive), if any. */
  defaultCommodity: string | undefined;
  /** The file-wide decimal mark (`decimal-mark` directive), if any. */
  decimalMark: '.' | ',' | undefined;
}

/** An exact decimal as read, before it becomes minor units (prices may have more decimals). */
export interface JournalQuantity {
  commodity: string;
  currency: string;
  negative: boolean;
  /** Digits without the decimal point, and how many of them are decimals. */
  digits: bigint;
  scale: number;
}

/** Reads `text` (no comment, no price, trimmed) into a commodity and an exact decimal. */
export function parseQuantity(text: string, ctx: AmountContext): JournalQuantity {
  let sign = '';
  let commodity: string | undefined;
  let number = '';
  const left = LEFT.exec(text);
  const right = left ? null : RIGHT.exec(text);
  const bare = left || right ? null : BARE.exec(text);
  if (left) {
    if (left[1] && left[3]) throw new AmountProblem(`"${text}" has two signs`);
    sign = left[1] || left[3] || '';
    commodity = left[2]!;
    number = left[4]!;
  } else if (right) {
    sign = right[1] ?? '';
    number = right[2]!;
    commodity = right[3]!;
  } else if (bare) {
    sign = bare[1] ?? '';
    number = bare[2]!;
    commodity = ctx.defaultCommodity;
    if (commodity === undefined)
      throw new AmountProblem(
        `"${text}" has no commodity; write the currency (10.00 USD, $10.00) or set one with a D directive`,
      );
  } else throw new AmountProblem(`"${text}" is not an amount`);
  const currency = currencyOf(commodity);
  if (!currency)
    throw new AmountProblem(
      `the commodity "${commodity}" is not a currency Ordo knows; use an ISO 4217 code (USD, EUR…) or one of ${Object.keys(SYMBOL_CURRENCIES).join(' ')}`,
    );
  const mark = ctx.styleOf(commodity)?.decimalMark ?? ctx.decimalMark;
  const { whole, fraction } = splitNumber(number, mark, text);
  const significant = fraction.replace(/0+$/, '');
  const digits = `${whole}${significant}`.replace(/^0+(?=\d)/, '');
  if (digits.length > 30) throw new AmountProblem(`"${text}" is too large`);
  return {
    commodity,
    currency,
    negative: sign === '-',
    digits: BigInt(digits || '0'),
    scale: significant.length,
  };
}

/** The quantity in minor units of its currency; refuses more decimals than the currency has. */
export function toMinor(q: JournalQuantity, text: string): bigint {
  const exponent = currencyExponent(q.currency);
  if (q.scale > exponent)
    throw new AmountProblem(
      `"${text}" has more decimals than ${q.currency}'s minor unit (${exponent}); Ordo keeps amounts in whole minor units`,
    );
  const magnitude = q.digits * 10n ** BigInt(exponent - q.scale);
  if (magnitude > 999_999_999_999_999_999n) throw new AmountProblem(`"${text}" is too large`);
  return q.negative ? -magnitude : magnitude;
}

/** Reads `text` into a commodity and minor units. */
export function parseAmount(text: string, ctx: AmountContext): JournalAmount {
  const q = parseQuantity(text, ctx);
  return { commodity: q.commodity, currency: q.currency, minor: toMinor(q, text) };
}

/** The positive decimal text of a quantity (`1.105`), for rates; undefined when it is zero. */
export function decimalText(q: JournalQuantity): string | undefined {
  if (q.digits === 0n) return undefined;
  const text = q.digits.toString().padStart(q.scale + 1, '0');
  return q.scale ? `${text.slice(0, -q.scale)}.${text.slice(-q.scale)}` : text;
}

/** Whole and fraction digits of a number, by the declared decimal mark or the unambiguous default. */
function splitNumber(
  number: string,
  mark: '.' | ',' | undefined,
  text: string,
): { whole: string; fraction: string } {
  const compact = number.replaceAll(' ', '');
  if (mark) {
    const group = mark === '.' ? ',' : '.';
    const parts = compact.split(mark);
    if (parts.length > 2) throw new AmountProblem(`"${text}" has more than one decimal mark "${mark}"`);
    const whole = parts[0]!.replaceAll(group, '');
    if (!/^\d*$/.test(whole) || !/^\d*$/.test(parts[1] ?? ''))
      throw new AmountProblem(`"${text}" is not a number`);
    return { whole, fraction: parts[1] ?? '' };
  }
  // Undeclared: a point is the decimal mark and commas group thousands (1,234.50). Anything else
  // (1.234,50 or 1,5) is ambiguous without a commodity directive saying how the numbers look.
  const match = /^(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?$/.exec(compact);
  if (!match)
    throw new AmountProblem(
      `"${text}" is ambiguous: declare how this commodity's numbers look, e.g. \`commodity 1.000,00 EUR\``,
    );
  return { whole: match[1]!.replaceAll(',', ''), fraction: match[2] ?? '' };
}

/** The style a `commodity` directive's sample amount (`1.000,00 EUR`, `$1,000.00`) declares. */
export function styleFromSample(text: string): { commodity: string; style: NumberStyle | undefined } {
  const left = LEFT.exec(text);
  const right = left ? null : RIGHT.exec(text);
  const commodity = left?.[2] ?? right?.[3];
  const number = left?.[4] ?? right?.[2];
  if (!commodity || !number) throw new AmountProblem(`"${text}" is not a commodity or sample amount`);
  const lastPoint = number.lastIndexOf('.');
  const lastComma = number.lastIndexOf(',');
  if (lastPoint < 0 && lastComma < 0) return { commodity, style: undefined };
  // The last mark is the decimal mark, unless it is the only mark and occurs more than once (1,000,000).
  const mark = lastPoint > lastComma ? '.' : ',';
  const other = mark === '.' ? ',' : '.';
  const onlyMark = !number.includes(other);
  if (onlyMark && number.split(mark).length > 2)
    return { commodity, style: { decimalMark: other as '.' | ',' } };
  return { commodity, style: { decimalMark: mark } };
}
