import { divideRounded } from '../../core/money.ts';

export { divideRounded };

// Exact decimal arithmetic for quantities, prices and rates (decimal strings) against minor units.
// No floats: a decimal is an integer of units and a scale (number of fractional digits).

export interface Decimal {
  units: bigint;
  scale: number;
}

// xs:decimal: optional sign, digits with an optional fraction; no exponent, no grouping.
const XS_DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/** Reads an xs:decimal text, or undefined when it is not one. Long texts are refused, not parsed. */
export function parseDecimal(text: string): Decimal | undefined {
  const trimmed = text.trim();
  if (trimmed.length > 64) return undefined;
  const match = XS_DECIMAL.exec(trimmed);
  if (!match) return undefined;
  const [, sign = '', whole = '', fraction = ''] = match;
  if (whole === '' && fraction === '') return undefined;
  const digits = `${whole}${fraction}`.replace(/^0+(?=\d)/, '');
  const units = BigInt(digits === '' ? '0' : digits);
  return { units: sign === '-' ? -units : units, scale: fraction.length };
}

/** The canonical text of a decimal: "025.500" → "25.5", "-0.0" → "0". */
export function formatDecimal({ units, scale }: Decimal): string {
  let u = units;
  let s = scale;
  while (s > 0 && u % 10n === 0n) {
    u /= 10n;
    s -= 1;
  }
  const negative = u < 0n;
  const digits = (negative ? -u : u).toString().padStart(s + 1, '0');
  const body = s === 0 ? digits : `${digits.slice(0, -s)}.${digits.slice(-s)}`;
  return negative ? `-${body}` : body;
}

/** Canonical form of a decimal text, or undefined when it is not a decimal. */
export function canonicalDecimal(text: string): string | undefined {
  const decimal = parseDecimal(text);
  return decimal ? formatDecimal(decimal) : undefined;
}

export const pow10 = (n: number): bigint => 10n ** BigInt(n);

function mustParse(text: string): Decimal {
  const decimal = parseDecimal(text);
  if (!decimal) throw new RangeError(`not a decimal: ${text}`);
  return decimal;
}

/**
 * quantity × price / baseQuantity in minor units of a currency with `exponent` decimals, rounded
 * half away from zero.
 */
export function extendedAmount(
  quantity: string,
  price: string,
  baseQuantity: string,
  exponent: number,
): bigint {
  const q = mustParse(quantity);
  const p = mustParse(price);
  const b = mustParse(baseQuantity);
  if (b.units === 0n) throw new RangeError('base quantity is zero');
  const numerator = q.units * p.units * pow10(b.scale + exponent);
  const denominator = b.units * pow10(q.scale + p.scale);
  return divideRounded(numerator, denominator);
}

/** amount (minor units) × percent / 100, rounded half away from zero. */
export function percentOf(amount: bigint, percent: string): bigint {
  const r = mustParse(percent);
  return divideRounded(amount * r.units, 100n * pow10(r.scale));
}
