import { AppError, invalid } from '../../core/errors.ts';
import { divideRounded } from '../../core/money.ts';

// Tax categories and rates, pure. Categories are UNCL5305 as EN 16931 uses them.

export const TAX_CATEGORIES = ['S', 'Z', 'E', 'AE', 'K', 'G', 'O', 'L', 'M'] as const;
export type TaxCategory = (typeof TAX_CATEGORIES)[number];

/** Categories that carry no tax: zero-rated, exempt, reverse charge, intra-community, export, outside scope. */
export const ZERO_CATEGORIES: readonly TaxCategory[] = ['Z', 'E', 'AE', 'K', 'G', 'O'];
/** Categories that need a reason on the document (EN 16931 BR-E-10, BR-AE-10, BR-IC-10, BR-G-10, BR-O-10). */
export const REASON_CATEGORIES: readonly TaxCategory[] = ['E', 'AE', 'K', 'G', 'O'];

export type TaxRounding = 'line' | 'document';

/** A percent as an exact fraction: `digits / 10^scale`. */
export interface Percent {
  digits: bigint;
  scale: number;
  text: string;
}

const PERCENT = /^(\d{1,3})(?:\.(\d{1,4}))?$/;

/** `"20"`, `"5.5"`, `"0"`: at most 100, four decimals; undefined when not one. */
export function parsePercent(text: unknown): Percent | undefined {
  if (typeof text !== 'string') return undefined;
  const match = PERCENT.exec(text.trim());
  if (!match) return undefined;
  const whole = match[1]!.replace(/^0+(?=\d)/, '');
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  const digits = BigInt(`${whole}${fraction}`);
  const scale = fraction.length;
  if (digits > 100n * 10n ** BigInt(scale)) return undefined;
  return { digits, scale, text: fraction ? `${whole}.${fraction}` : whole };
}

export function requirePercent(text: unknown, field: string): Percent {
  const percent = parsePercent(text);
  if (!percent)
    throw invalid(
      'INVALID_PERCENT',
      'Write a percent between 0 and 100 with at most 4 decimals, like 20 or 5.5.',
      {
        field,
      },
    );
  return percent;
}

/** `amount × percent / 100`, rounded half away from zero. */
export function percentOf(amount: bigint, percent: Percent): bigint {
  return divideRounded(amount * percent.digits, 100n * 10n ** BigInt(percent.scale));
}

/** The tax inside a tax-inclusive `gross`: `gross × p / (100 + p)`, rounded half away from zero. */
export function taxInside(gross: bigint, percent: Percent): bigint {
  const hundred = 100n * 10n ** BigInt(percent.scale);
  return divideRounded(gross * percent.digits, hundred + percent.digits);
}

export interface TaxRateRule {
  category: string;
  percent: string;
  exemptionReasonCode?: string | null;
  exemptionReason?: string | null;
}

/** Refuses a rate whose category and percent disagree, or an exemption without its reason. */
export function checkTaxRate(rate: TaxRateRule): { category: TaxCategory; percent: Percent } {
  if (!TAX_CATEGORIES.includes(rate.category as TaxCategory))
    throw invalid('INVALID_TAX_CATEGORY', `Tax category must be one of ${TAX_CATEGORIES.join(', ')}.`, {
      field: 'category',
    });
  const category = rate.category as TaxCategory;
  const percent = requirePercent(rate.percent, 'percent');
  if (ZERO_CATEGORIES.includes(category) && percent.digits !== 0n)
    throw invalid('TAX_PERCENT_MUST_BE_ZERO', `Category ${category} carries no tax; its percent is 0.`, {
      field: 'percent',
    });
  if (category === 'S' && percent.digits === 0n)
    throw invalid('TAX_PERCENT_REQUIRED', 'A standard rate has a percent above 0; use Z for zero-rated.', {
      field: 'percent',
    });
  if (
    REASON_CATEGORIES.includes(category) &&
    !rate.exemptionReasonCode?.trim() &&
    !rate.exemptionReason?.trim()
  )
    throw new AppError(
      'invalid',
      'EXEMPTION_REASON_REQUIRED',
      `Category ${category} needs an exemption reason (a code such as VATEX-EU-132 or a text).`,
      { field: 'exemptionReason' },
    );
  return { category, percent };
}
