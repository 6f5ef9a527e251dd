import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from './errors.ts';
import {
  currencyExponent,
  formatDate,
  formatDateTime,
  formatMoney,
  formatNumber,
  isBusinessDate,
  isCurrency,
  minorToDecimalString,
  parseMoney,
} from './money.ts';

const INT64_MAX = 2n ** 63n - 1n;
const int64 = fc.bigInt({ min: -INT64_MAX, max: INT64_MAX });

/** The AppError `fn` throws (fails the test when it throws something else or nothing). */
function caught(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an AppError');
}

/** Only the digits of a formatted number, whatever the locale's separators and digit shapes. */
const digitsOf = (text: string) =>
  [...text.normalize('NFKC')]
    .map((ch) => {
      const arabic = '٠١٢٣٤٥٦٧٨٩'.indexOf(ch);
      if (arabic >= 0) return String(arabic);
      const devanagari = '०१२३४५६७८९'.indexOf(ch);
      if (devanagari >= 0) return String(devanagari);
      return /\d/.test(ch) ? ch : '';
    })
    .join('');

describe('currencies', () => {
  it('knows the minor unit of each currency', () => {
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('GBP')).toBe(2);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('BHD')).toBe(3);
  });

  it('accepts ISO 4217 codes only, upper case', () => {
    expect(isCurrency('EUR')).toBe(true);
    expect(isCurrency('eur')).toBe(false);
    expect(isCurrency('ABC')).toBe(false);
    expect(isCurrency('EURO')).toBe(false);
    expect(isCurrency(978)).toBe(false);
    expect(caught(() => currencyExponent('XYZ')).code).toBe('INVALID_CURRENCY');
  });
});

describe('parseMoney', () => {
  it('reads decimal text into minor units', () => {
    expect(parseMoney('1,234.50', 'EUR')).toBe(123450n);
    expect(parseMoney('-0.5', 'EUR')).toBe(-50n);
    expect(parseMoney('  42 ', 'EUR')).toBe(4200n);
    expect(parseMoney('.75', 'EUR')).toBe(75n);
    expect(parseMoney('+3.1', 'EUR')).toBe(310n);
    expect(parseMoney('(12.00)', 'EUR')).toBe(-1200n);
    expect(parseMoney('\u22127.25', 'EUR')).toBe(-725n);
    expect(parseMoney('1,000,000', 'JPY')).toBe(1_000_000n);
    expect(parseMoney('1.005', 'KWD')).toBe(1005n);
    expect(parseMoney('0', 'EUR')).toBe(0n);
    expect(parseMoney('-0', 'EUR')).toBe(0n);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['abc', 'not_a_number'],
    ['1.2.3', 'not_a_number'],
    ['1,23.00', 'not_a_number'],
    ['12,34', 'not_a_number'],
    ['1e5', 'not_a_number'],
    ['0x10', 'not_a_number'],
    ['-', 'not_a_number'],
    ['.', 'not_a_number'],
    ['(-5)', 'not_a_number'],
    ['--5', 'not_a_number'],
    ['5 EUR', 'not_a_number'],
    ['Infinity', 'not_a_number'],
    ['1.234', 'too_many_decimals'],
    ['9'.repeat(20), 'out_of_range'],
    ['9'.repeat(200), 'not_a_number'],
  ])('refuses %j (%s) with INVALID_AMOUNT naming the problem', (text, reason) => {
    const error = caught(() => parseMoney(text, 'EUR', { field: 'amount' }));
    expect(error.code).toBe('INVALID_AMOUNT');
    expect(error.kind).toBe('invalid');
    expect(error.details).toMatchObject({ reason, field: 'amount', currency: 'EUR' });
    expect(error.message.length).toBeGreaterThan(5);
  });

  it('refuses more decimals than the currency has', () => {
    expect(caught(() => parseMoney('1.5', 'JPY')).message).toMatch(/JPY has no minor unit/);
    expect(caught(() => parseMoney('1.0001', 'KWD')).message).toMatch(/at most 3 decimals/);
    expect(caught(() => parseMoney('1', 'ZZZ')).code).toBe('INVALID_CURRENCY');
  });

  for (const currency of ['JPY', 'EUR', 'KWD']) {
    it(`round-trips every int64 amount through its decimal text (${currency})`, () => {
      fc.assert(
        fc.property(int64, (minor) => {
          expect(parseMoney(minorToDecimalString(minor, currency), currency)).toBe(minor);
        }),
        { numRuns: 500 },
      );
    });

    it(`round-trips through comma-grouped text (${currency})`, () => {
      fc.assert(
        fc.property(int64, (minor) => {
          const [whole, fraction] = minorToDecimalString(minor, currency).split('.');
          const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
          const text = fraction === undefined ? grouped : `${grouped}.${fraction}`;
          expect(parseMoney(text, currency)).toBe(minor);
        }),
        { numRuns: 200 },
      );
    });
  }
});

describe('minorToDecimalString', () => {
  it('is exact', () => {
    expect(minorToDecimalString(123450n, 'EUR')).toBe('1234.50');
    expect(minorToDecimalString(-5n, 'EUR')).toBe('-0.05');
    expect(minorToDecimalString(0, 'EUR')).toBe('0.00');
    expect(minorToDecimalString(7, 'KWD')).toBe('0.007');
    expect(minorToDecimalString(-1234, 'JPY')).toBe('-1234');
    expect(minorToDecimalString(2n ** 64n, 'EUR')).toBe('184467440737095516.16');
  });

  it('refuses numbers that are not safe integers (floats)', () => {
    expect(caught(() => minorToDecimalString(1.5, 'EUR')).code).toBe('INVALID_AMOUNT');
    expect(caught(() => minorToDecimalString(2 ** 60, 'EUR')).code).toBe('INVALID_AMOUNT');
    expect(caught(() => minorToDecimalString(Number.NaN, 'EUR')).code).toBe('INVALID_AMOUNT');
  });
});

describe('formatMoney', () => {
  it('formats for the locale', () => {
    const nbsp = /[\u00a0\u202f]/g;
    expect(formatMoney(123450n, 'EUR', 'de-DE').replace(nbsp, ' ')).toBe('1.234,50 €');
    expect(formatMoney(123450n, 'EUR', 'en-IE')).toBe('€1,234.50');
    expect(formatMoney(123450, 'USD', 'en-US')).toBe('$1,234.50');
    expect(formatMoney(-123450n, 'USD', 'en-US', { accounting: true })).toBe('($1,234.50)');
    expect(formatMoney(5n, 'USD', 'en-US', { signDisplay: 'exceptZero' })).toBe('+$0.05');
    expect(formatMoney(1234n, 'JPY', 'en-US')).toBe('¥1,234');
    expect(formatMoney(1234n, 'KWD', 'en-US', { currencyDisplay: 'code' }).replace(nbsp, ' ')).toBe(
      'KWD 1.234',
    );
    expect(formatMoney(100n, 'GBP', 'en-GB')).toBe('£1.00');
  });

  it('never loses a digit, beyond 2^53 and up to int64', () => {
    expect(formatMoney(9_007_199_254_740_993n, 'EUR', 'en-US')).toBe('€90,071,992,547,409.93');
    expect(formatMoney(INT64_MAX, 'JPY', 'en-US')).toBe('¥9,223,372,036,854,775,807');
    for (const currency of ['JPY', 'EUR', 'KWD'])
      for (const locale of ['en-US', 'de-DE', 'fr-FR', 'hi-IN', 'ar-EG', 'ja-JP'])
        fc.assert(
          fc.property(fc.bigInt({ min: 2n ** 53n, max: 2n ** 100n }), fc.boolean(), (magnitude, negative) => {
            const minor = negative ? -magnitude : magnitude;
            const formatted = formatMoney(minor, currency, locale);
            expect(digitsOf(formatted)).toBe(
              magnitude.toString().padStart(currencyExponent(currency) + 1, '0'),
            );
          }),
          { numRuns: 40 },
        );
  });
});

describe('formatNumber', () => {
  it('formats bigints, safe integers and exact decimal strings', () => {
    expect(formatNumber(1234567n, 'en-US')).toBe('1,234,567');
    expect(formatNumber(1234567, 'en-IN')).toBe('12,34,567');
    expect(formatNumber('0.125', 'de-DE')).toBe('0,125');
    expect(formatNumber('12345678901234567890.123456789', 'en-US')).toBe(
      '12,345,678,901,234,567,890.123456789',
    );
    expect(formatNumber('1.5', 'en-US', { minimumFractionDigits: 2 })).toBe('1.50');
    expect(formatNumber('2.345', 'en-US', { maximumFractionDigits: 1 })).toBe('2.3');
    expect(formatNumber(1234n, 'en-US', { useGrouping: false })).toBe('1234');
  });

  it('refuses floats and non-numbers', () => {
    expect(caught(() => formatNumber(0.1, 'en')).code).toBe('INVALID_AMOUNT');
    expect(caught(() => formatNumber('1e3', 'en')).code).toBe('INVALID_NUMBER');
    expect(caught(() => formatNumber('abc', 'en')).code).toBe('INVALID_NUMBER');
  });
});

describe('dates', () => {
  it('formats business dates without shifting the day', () => {
    expect(formatDate('2026-03-31', 'en-GB')).toBe('31 Mar 2026');
    expect(formatDate('2026-01-01', 'en-US', 'long')).toBe('January 1, 2026');
    expect(formatDate('2024-02-29', 'de-DE', 'short')).toBe('29.02.24');
    expect(formatDate('0044-03-15', 'en-US', 'short')).toBe('3/15/44');
    // Whatever the runtime's own zone: a UTC formatter is used, and both ends of the day hold.
    for (const day of ['2026-01-01', '2026-12-31', '2026-06-15'])
      expect(formatDate(day, 'en-CA', 'short')).toBe(day);
  });

  it('refuses dates that do not exist', () => {
    for (const bad of ['2025-02-29', '2026-13-01', '2026-04-31', '26-01-01', '2026-1-1', '0000-01-01', ''])
      expect(caught(() => formatDate(bad, 'en')).code, bad).toBe('INVALID_DATE');
    expect(isBusinessDate('2024-02-29')).toBe(true);
    expect(isBusinessDate('2023-02-29')).toBe(false);
    expect(isBusinessDate(20240229)).toBe(false);
  });

  it('formats instants in a time zone', () => {
    const at = '2026-03-31T23:30:00Z';
    expect(formatDateTime(at, 'en-GB', 'UTC')).toBe('31 Mar 2026, 23:30');
    expect(formatDateTime(at, 'en-GB', 'Europe/Paris')).toBe('1 Apr 2026, 01:30');
    expect(
      formatDateTime('2026-03-31T20:30:00-05:00', 'en-GB', 'UTC', { date: 'short', time: 'medium' }),
    ).toBe('01/04/2026, 01:30:00');
    expect(formatDateTime(new Date(at), 'en-GB', 'Asia/Tokyo')).toBe('1 Apr 2026, 08:30');
    expect(caught(() => formatDateTime('2026-03-31 23:30', 'en')).code).toBe('INVALID_DATETIME');
    expect(caught(() => formatDateTime('yesterday', 'en')).code).toBe('INVALID_DATETIME');
    expect(caught(() => formatDateTime(at, 'en', 'Mars/Olympus')).code).toBe('INVALID_TIME_ZONE');
  });
});
