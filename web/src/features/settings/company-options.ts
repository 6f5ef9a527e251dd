// Choices for the company profile form: countries, currencies, tax number kinds, fiscal year days.
import type { ComboboxItem, OptionsFilter } from '@mantine/core';
import { isCurrency } from '../../../../src/core/money.ts';
import type { TaxScheme } from '../../../../src/modules/company/company.domain.ts';

// ISO 3166-1 alpha-2, officially assigned codes. The runtime knows more regions (EU, XK, AC …)
// that are not countries, so the list is explicit and Intl only supplies the names.
export const COUNTRY_CODES =
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'.split(
    ' ',
  );

export const TAX_SCHEME_LABELS: Record<TaxScheme, string> = {
  VAT: 'VAT number',
  EIN: 'EIN (US)',
  GST: 'GST number',
  ABN: 'ABN (Australia)',
  ACN: 'ACN (Australia)',
  SIREN: 'SIREN (France)',
  SIRET: 'SIRET (France)',
  CRN: 'Company registration number',
  TIN: 'Tax identification number',
  OTHER: 'Other',
};

const locale = () => navigator.language || 'en';
const byLabel = (a: ComboboxItem, b: ComboboxItem) => a.label.localeCompare(b.label, locale());

let countries: ComboboxItem[] | undefined;
export function countryOptions(): ComboboxItem[] {
  if (!countries) {
    const names = new Intl.DisplayNames([locale(), 'en'], { type: 'region' });
    countries = COUNTRY_CODES.map((code) => ({ value: code, label: names.of(code) ?? code })).sort(byLabel);
  }
  return countries;
}

let currencies: ComboboxItem[] | undefined;
export function currencyOptions(): ComboboxItem[] {
  if (!currencies) {
    const names = new Intl.DisplayNames([locale(), 'en'], { type: 'currency' });
    currencies = Intl.supportedValuesOf('currency')
      .filter(isCurrency)
      .map((code) => ({ value: code, label: `${code} · ${names.of(code) ?? code}` }));
  }
  return currencies;
}

/** Matches the name anywhere, or the code from its start ("gb" finds United Kingdom). */
export const byNameOrCode: OptionsFilter = ({ options, search }) => {
  const q = search.trim().toLowerCase();
  if (!q) return options;
  return options.filter(
    (o) => 'value' in o && (o.label.toLowerCase().includes(q) || o.value.toLowerCase().startsWith(q)),
  );
};

// A fiscal year cannot start on 29 February, which most years lack.
export const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export const pad2 = (n: number) => String(n).padStart(2, '0');
export const monthOptions = () => {
  const name = new Intl.DateTimeFormat(locale(), { month: 'long', timeZone: 'UTC' });
  return DAYS_IN_MONTH.map((_, i) => ({ value: pad2(i + 1), label: name.format(Date.UTC(2001, i, 1)) }));
};
export const dayOptions = (month: string) =>
  Array.from({ length: DAYS_IN_MONTH[Number(month) - 1] ?? 31 }, (_, i) => String(i + 1));
