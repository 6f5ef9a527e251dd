import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.ts';
import {
  bicProblem,
  checkBankAccount,
  formatIban,
  IBAN_LENGTHS,
  ibanProblem,
  routingNumberProblem,
} from './bank-account.domain.ts';

// Bank details: real IBANs and routing numbers pass, every single-character slip is caught, and a
// refusal names the field.

const refusal = (work: () => unknown): AppError => {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a refusal');
};

/** Builds a valid IBAN for a country and BBAN by computing its check digits. */
function ibanOf(country: string, bban: string): string {
  const digits = `${bban}${country}00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return `${country}${String(98 - rest).padStart(2, '0')}${bban}`;
}

describe('IBAN', () => {
  it('accepts published examples, with or without spaces', () => {
    for (const iban of [
      'GB82 WEST 1234 5698 7654 32',
      'DE89370400440532013000',
      'NL91ABNA0417164300',
      'FR1420041010050500013M02606',
      'be68 5390 0754 7034',
      'NO9386011117947',
    ])
      expect(ibanProblem(iban), iban).toBeUndefined();
    expect(formatIban('GB82WEST12345698765432')).toBe('GB82 WEST 1234 5698 7654 32');
  });

  it('refuses wrong check digits, wrong lengths and countries without IBANs, saying which', () => {
    expect(ibanProblem('GB82WEST12345698765433')).toContain('check digits');
    expect(ibanProblem('GB82WEST1234569876543')).toBe('A GB IBAN has 22 characters; this one has 21.');
    expect(ibanProblem('US12345678901234')).toBe('US does not use IBANs.');
    expect(ibanProblem('IBAN32423940')).toContain('country code');
  });

  it('property: a generated IBAN passes, and changing one digit (or one letter) for another makes it fail', () => {
    const countries = Object.keys(IBAN_LENGTHS);
    const alnum = fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split(''));
    fc.assert(
      fc.property(
        fc.constantFrom(...countries).chain((country) =>
          fc.tuple(
            fc.constant(country),
            fc.array(alnum, {
              minLength: IBAN_LENGTHS[country]! - 4,
              maxLength: IBAN_LENGTHS[country]! - 4,
            }),
            fc.nat(),
            alnum,
          ),
        ),
        ([country, chars, at, replacement]) => {
          const iban = ibanOf(country, chars.join(''));
          expect(ibanProblem(iban)).toBeUndefined();
          const i = 2 + (at % (iban.length - 2)); // a check digit or the BBAN
          // Mod 97 catches any one digit for another, or one letter for another. (A letter for a
          // digit changes the number's length; each country's BBAN layout is what catches that.)
          const isDigit = (c: string) => /\d/.test(c);
          fc.pre(iban[i] !== replacement && isDigit(iban[i]!) === isDigit(replacement));
          const broken = iban.slice(0, i) + replacement + iban.slice(i + 1);
          expect(ibanProblem(broken)).toBeDefined();
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('BIC and routing numbers', () => {
  it('BIC: 8 or 11 characters in the bank-country-place-branch shape', () => {
    expect(bicProblem('DEUTDEFF')).toBeUndefined();
    expect(bicProblem('NWBKGB2L')).toBeUndefined();
    expect(bicProblem('DEUTDEFF500')).toBeUndefined();
    expect(bicProblem('DEUTDEF')).toBeDefined();
    expect(bicProblem('1EUTDEFF')).toBeDefined();
    expect(bicProblem('DEUTDEFF50')).toBeDefined();
  });

  it('routing numbers: the 3-7-1 checksum', () => {
    expect(routingNumberProblem('011000015')).toBeUndefined();
    expect(routingNumberProblem('021000021')).toBeUndefined();
    expect(routingNumberProblem('021000022')).toContain('check digit');
    expect(routingNumberProblem('12345')).toBe('A routing number has nine digits.');
  });

  it('property: changing one digit of a valid routing number is always caught', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 8 }),
        fc.nat(8),
        fc.integer({ min: 1, max: 9 }),
        (first, at, delta) => {
          const partial =
            3 * (first[0]! + first[3]! + first[6]!) +
            7 * (first[1]! + first[4]! + first[7]!) +
            (first[2]! + first[5]!);
          const check = (10 - (partial % 10)) % 10;
          const digits = [...first, check];
          expect(routingNumberProblem(digits.join(''))).toBeUndefined();
          const changed = [...digits];
          changed[at] = (changed[at]! + delta) % 10;
          expect(routingNumberProblem(changed.join(''))).toBeDefined();
        },
      ),
    );
  });

  it('checkBankAccount normalizes, and names the field at fault', () => {
    expect(checkBankAccount({ kind: 'iban', iban: 'gb82 west 1234 5698 7654 32', bic: 'nwbkgb2l' })).toEqual({
      kind: 'iban',
      iban: 'GB82WEST12345698765432',
      bic: 'NWBKGB2L',
      accountName: null,
    });
    expect(
      checkBankAccount({ kind: 'aba', routingNumber: '011000015', accountNumber: '000123456789' }),
    ).toEqual({
      kind: 'aba',
      routingNumber: '011000015',
      accountNumber: '000123456789',
      accountType: 'checking',
      accountName: null,
    });
    const bad = refusal(() => checkBankAccount({ kind: 'iban', iban: 'GB82WEST12345698765433' }));
    expect([bad.code, bad.details.field]).toEqual(['INVALID_IBAN', 'bankAccount.iban']);
    const bic = refusal(() => checkBankAccount({ kind: 'iban', iban: 'DE89370400440532013000', bic: 'X' }));
    expect([bic.code, bic.details.field]).toEqual(['INVALID_BIC', 'bankAccount.bic']);
    const routing = refusal(() =>
      checkBankAccount({ kind: 'aba', routingNumber: '011000016', accountNumber: '1234' }),
    );
    expect(routing.details.field).toBe('bankAccount.routingNumber');
    const account = refusal(() =>
      checkBankAccount({ kind: 'aba', routingNumber: '011000015', accountNumber: '12' }),
    );
    expect(account.details.field).toBe('bankAccount.accountNumber');
  });
});
