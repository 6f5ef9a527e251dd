// Rules for the company profile: what a valid country, fiscal year start, tax id, email, phone and
// website are. Pure and platform-neutral (contracts.ts, and so the web app's forms, use them too).

/** Kinds of tax and registration number a company may record. */
export const TAX_SCHEMES = [
  'VAT',
  'EIN',
  'GST',
  'ABN',
  'ACN',
  'SIREN',
  'SIRET',
  'CRN',
  'TIN',
  'OTHER',
] as const;
export type TaxScheme = (typeof TAX_SCHEMES)[number];

export const MAX_TAX_IDS = 10;
export const MAX_TAX_ID_LENGTH = 64;

// Region codes the runtime names that are not countries (groupings, placeholders, pseudo-locales).
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'ZZ']);
let regionNames: Intl.DisplayNames | undefined;

/** True for an ISO 3166-1 alpha-2 country code (upper case) the runtime knows by name. */
export function isCountryCode(code: unknown): code is string {
  if (typeof code !== 'string' || !/^[A-Z]{2}$/.test(code) || NOT_COUNTRIES.has(code)) return false;
  regionNames ??= new Intl.DisplayNames(['en'], { type: 'region' });
  return regionNames.of(code) !== code;
}

// Days per month in a common year: a fiscal year cannot start on 29 February, which most years lack.
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** True for `MM-DD` naming a day every year has (`04-06` yes, `02-29` and `04-31` no). */
export function isFiscalYearStart(text: unknown): text is string {
  const match = typeof text === 'string' ? /^(\d{2})-(\d{2})$/.exec(text) : null;
  if (!match) return false;
  const month = Number(match[1]);
  const day = Number(match[2]);
  return month >= 1 && month <= 12 && day >= 1 && day <= DAYS_IN_MONTH[month - 1]!;
}

/**
 * The fiscal year containing a business date: with a start of `04-06`, `2026-03-31` lies in
 * 2025-04-06 … 2026-04-05. Both dates are `YYYY-MM-DD`, the end inclusive.
 */
export function fiscalYearContaining(ymd: string, fiscalYearStart: string): { start: string; end: string } {
  if (!isFiscalYearStart(fiscalYearStart)) throw new RangeError(`bad fiscal year start ${fiscalYearStart}`);
  const match = /^(\d{4})-(\d{2}-\d{2})$/.exec(ymd);
  if (!match) throw new RangeError(`bad date ${ymd}`);
  const year = Number(match[1]);
  const startYear = match[2]! >= fiscalYearStart ? year : year - 1;
  const start = `${String(startYear).padStart(4, '0')}-${fiscalYearStart}`;
  const next = new Date(0);
  next.setUTCFullYear(
    startYear + 1,
    Number(fiscalYearStart.slice(0, 2)) - 1,
    Number(fiscalYearStart.slice(3)),
  );
  next.setUTCDate(next.getUTCDate() - 1);
  const end = `${String(next.getUTCFullYear()).padStart(4, '0')}-${String(next.getUTCMonth() + 1).padStart(2, '0')}-${String(next.getUTCDate()).padStart(2, '0')}`;
  return { start, end };
}

export function isEmail(text: string): boolean {
  return /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;.]{2,}$/.test(text) && text.length <= 320;
}

/** A phone number as people write it: digits, spaces, `+ ( ) . / -`, and an optional extension. */
export function isPhone(text: string): boolean {
  const match = /^(\+?[0-9(][0-9 ()./-]{2,30})(?:\s*(?:x|ext\.?)\s*\d{1,6})?$/i.exec(text);
  return match !== null && (match[1]!.match(/\d/g) ?? []).length >= 4;
}

/**
 * A website as a canonical `http(s)` URL, adding `https://` when the scheme is left out
 * (`example.com` → `https://example.com`). Undefined when it is not a public web address.
 */
export function normalizeWebsite(text: string): string | undefined {
  if (text.length > 2048 || /\s/.test(text)) return undefined;
  let url: URL;
  try {
    url = new URL(text.includes('://') ? text : `https://${text}`);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password) return undefined;
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z][a-z0-9-]+$/i.test(url.hostname)) return undefined;
  const bare = url.pathname === '/' && !url.search && !url.hash;
  return bare ? `${url.protocol}//${url.host}` : url.href;
}
