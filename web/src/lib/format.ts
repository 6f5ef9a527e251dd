// The one place the web app formats money, numbers and dates: the shared, float-free helpers from
// src/core/money.ts, in the browser's locale.
import {
  formatDate as formatDateIn,
  formatDateTime as formatDateTimeIn,
  formatMoney as formatMoneyIn,
  formatNumber as formatNumberIn,
  type MinorUnits,
} from '../../../src/core/money.ts';

const locale = () => navigator.language || 'en';

export const formatMoney = (minor: MinorUnits, currency: string) => formatMoneyIn(minor, currency, locale());
export const formatNumber = (value: bigint | number | string) => formatNumberIn(value, locale());
/** A business date `YYYY-MM-DD`, shown without any time-zone shift. */
export const formatDate = (ymd: string) => formatDateIn(ymd, locale());
/** An instant in the browser's time zone. */
export const formatDateTime = (iso: string) => formatDateTimeIn(iso, locale());

/** `1 entry`, `2 entries`: the count with the right form of the noun. */
export const plural = (count: number, one: string, many: string) =>
  `${formatNumber(count)} ${count === 1 ? one : many}`;
