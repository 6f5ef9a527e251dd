import { invalid } from '../../core/errors.ts';

// A vendor's bank account, pure: an IBAN (ISO 13616: the country's length and the mod-97 check)
// with an optional BIC (ISO 9362), or a US account number with its ABA routing number (the
// routing number's 3-7-1 checksum). Errors name the field under `bankAccount.` so a form can
// show them beside the input.

/** IBAN lengths by country, from the SWIFT IBAN registry. */
// biome-ignore format: a table reads better in rows
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22,
  IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20,
  LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18,
  NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31,
  SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29,
  VA: 22, VG: 24, XK: 20, YE: 30,
};

export type BankAccount =
  | { kind: 'iban'; iban: string; bic: string | null; accountName: string | null }
  | {
      kind: 'aba';
      accountNumber: string;
      routingNumber: string;
      accountType: 'checking' | 'savings';
      accountName: string | null;
    };

export interface BankAccountInput {
  kind: 'iban' | 'aba';
  iban?: string | null;
  bic?: string | null;
  accountNumber?: string | null;
  routingNumber?: string | null;
  accountType?: 'checking' | 'savings' | null;
  accountName?: string | null;
}

const compact = (text: string) => text.replace(/[\s-]/g, '').toUpperCase();

/** The remainder of a long decimal number modulo 97, digit by digit (no floats, no bigint needed). */
function mod97(digits: string): number {
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + d.charCodeAt(0) - 48) % 97;
  return rest;
}

/** Why an IBAN (spaces allowed) is not valid, or undefined when it is. */
export function ibanProblem(text: string): string | undefined {
  const iban = compact(text);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban))
    return 'An IBAN starts with a country code and two check digits, then letters and digits.';
  const country = iban.slice(0, 2);
  const length = IBAN_LENGTHS[country];
  if (length === undefined) return `${country} does not use IBANs.`;
  if (iban.length !== length)
    return `A ${country} IBAN has ${length} characters; this one has ${iban.length}.`;
  const moved = iban.slice(4) + iban.slice(0, 4);
  const digits = moved.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  if (mod97(digits) !== 1) return 'The IBAN check digits do not match: a character is wrong or missing.';
  return undefined;
}

/** An IBAN in its electronic form (no spaces, upper case). */
export const normalizeIban = compact;

/** The IBAN in groups of four, as printed. */
export const formatIban = (iban: string) => compact(iban).replace(/(.{4})(?=.)/g, '$1 ');

/** Why a BIC is not valid: 8 or 11 characters, bank (4 letters), country (2 letters), location, branch. */
export function bicProblem(text: string): string | undefined {
  const bic = compact(text);
  if (!/^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic))
    return 'A BIC has 8 or 11 characters: 4 letters for the bank, 2 for the country, 2 for the place, and an optional 3-character branch.';
  return undefined;
}

/** Why an ABA routing number is not valid: nine digits whose 3-7-1 weighted sum is a multiple of 10. */
export function routingNumberProblem(text: string): string | undefined {
  const digits = text.replace(/\s/g, '');
  if (!/^\d{9}$/.test(digits)) return 'A routing number has nine digits.';
  const d = [...digits].map(Number);
  const sum = 3 * (d[0]! + d[3]! + d[6]!) + 7 * (d[1]! + d[4]! + d[7]!) + (d[2]! + d[5]! + d[8]!);
  if (sum % 10 !== 0) return 'The routing number check digit does not match: a digit is wrong.';
  return undefined;
}

const problem = (code: string, field: string, message: string) =>
  invalid(code, message, { field: `bankAccount.${field}` });

/** Checks and normalizes a bank account; refuses the first problem, naming its field. */
export function checkBankAccount(input: BankAccountInput): BankAccount {
  const accountName = input.accountName?.trim() || null;
  if (input.kind === 'iban') {
    const iban = input.iban?.trim();
    if (!iban) throw problem('IBAN_REQUIRED', 'iban', 'Enter the IBAN.');
    const ibanIssue = ibanProblem(iban);
    if (ibanIssue) throw problem('INVALID_IBAN', 'iban', ibanIssue);
    const bic = input.bic?.trim() ? compact(input.bic) : null;
    if (bic) {
      const bicIssue = bicProblem(bic);
      if (bicIssue) throw problem('INVALID_BIC', 'bic', bicIssue);
    }
    return { kind: 'iban', iban: normalizeIban(iban), bic, accountName };
  }
  const routing = input.routingNumber?.replace(/\s/g, '') ?? '';
  if (!routing) throw problem('ROUTING_NUMBER_REQUIRED', 'routingNumber', 'Enter the routing number.');
  const routingIssue = routingNumberProblem(routing);
  if (routingIssue) throw problem('INVALID_ROUTING_NUMBER', 'routingNumber', routingIssue);
  const account = input.accountNumber?.replace(/[\s-]/g, '') ?? '';
  if (!/^\d{4,17}$/.test(account))
    throw problem('INVALID_ACCOUNT_NUMBER', 'accountNumber', 'An account number has 4 to 17 digits.');
  return {
    kind: 'aba',
    accountNumber: account,
    routingNumber: routing,
    accountType: input.accountType ?? 'checking',
    accountName,
  };
}
