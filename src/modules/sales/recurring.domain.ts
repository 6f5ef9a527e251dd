import type { RRule as RRuleType } from 'rrule';
import { AppError } from '../../core/errors.ts';
import { parseRule } from '../../jobs/recurrence.ts';

// Recurring invoice schedules, pure: the friendly presets as RFC 5545 rules, the rule in words,
// and which business dates a schedule falls on. Occurrences are UTC calendar dates (there is no
// organization time zone yet): the rule is anchored at the start date's midnight UTC and each
// occurrence's UTC date is the invoice's issue date.

export type Weekday = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';
export const WEEKDAYS: readonly Weekday[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** What a person picks instead of writing an RRULE. */
export type RecurrencePreset =
  /** Day 29–31 falls on the month's last day in shorter months (unlike a bare BYMONTHDAY). */
  | { kind: 'monthly'; dayOfMonth: number; interval?: number }
  | { kind: 'weekly'; interval?: number; weekday?: Weekday }
  | { kind: 'last_business_day'; interval?: number }
  /** On the start date's day and month each year (29 February: the 28th in other years). */
  | { kind: 'yearly' };

const WEEKDAY_NAMES: Record<Weekday, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const every = (interval: number | undefined) => (interval && interval > 1 ? `;INTERVAL=${interval}` : '');

/** `BYMONTHDAY=28,29,30;BYSETPOS=-1`: the 30th, or the month's last day when it has fewer. */
const clampedDay = (day: number) =>
  day <= 28
    ? `BYMONTHDAY=${day}`
    : `BYMONTHDAY=${Array.from({ length: day - 27 }, (_, i) => 28 + i).join(',')};BYSETPOS=-1`;

/** The RRULE a preset stands for; the yearly preset takes its day from the start date. */
export function presetRule(preset: RecurrencePreset, startDate: string): string {
  switch (preset.kind) {
    case 'monthly':
      return `FREQ=MONTHLY${every(preset.interval)};${clampedDay(preset.dayOfMonth)}`;
    case 'weekly':
      return `FREQ=WEEKLY${every(preset.interval)};BYDAY=${preset.weekday ?? weekdayOf(startDate)}`;
    case 'last_business_day':
      return `FREQ=MONTHLY${every(preset.interval)};BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1`;
    case 'yearly': {
      const [, month, day] = startDate.split('-').map(Number) as [number, number, number];
      return `FREQ=YEARLY;BYMONTH=${month};${clampedDay(day)}`;
    }
  }
}

export function weekdayOf(date: string): Weekday {
  // getUTCDay: 0 is Sunday.
  return WEEKDAYS[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7]!;
}

const ordinal = (n: number) => {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
};

const invalidRule = (message: string) =>
  new AppError('unprocessable', 'INVALID_RRULE', message, { field: 'rrule' });

const anchor = (startDate: string) => new Date(`${startDate}T00:00:00Z`);

/**
 * Parses a schedule's RRULE. Invoices recur at most daily; the end (UNTIL, COUNT) is the schedule's
 * own `endDate` and `count`, so a rule carrying one is refused rather than having two ends.
 */
export function scheduleRule(rrule: string, startDate: string): RRuleType {
  const rule = parseRule(rrule, anchor(startDate));
  const { freq, count, until } = rule.origOptions;
  // RRule.Frequency: YEARLY 0, MONTHLY 1, WEEKLY 2, DAILY 3, then HOURLY, MINUTELY, SECONDLY.
  if (freq !== undefined && freq > 3)
    throw invalidRule('An invoice recurs at most once a day: use FREQ=DAILY, WEEKLY, MONTHLY or YEARLY.');
  if (count !== undefined && count !== null)
    throw invalidRule('Put the number of invoices in "count", not COUNT in the rule.');
  if (until) throw invalidRule('Put the last date in "endDate", not UNTIL in the rule.');
  return rule;
}

/** A schedule's series: its rule from its start date, ended by `endDate` (inclusive) or `count`. */
export interface Series {
  rrule: string;
  startDate: string;
  endDate: string | null;
  count: number | null;
}

const ymd = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (date: string, days: number) => {
  const d = anchor(date);
  d.setUTCDate(d.getUTCDate() + days);
  return ymd(d);
};

/**
 * Occurrence dates on or after `from`, in order, at most `limit`, none after the series' end. The
 * count is the series' (the nth occurrence from the start), so pausing does not lengthen it.
 */
export function occurrencesFrom(series: Series, from: string, limit: number): string[] {
  const rule = scheduleRule(series.rrule, series.startDate);
  const out: string[] = [];
  let index = 0;
  let last = '';
  // A DAILY rule with BYHOUR can yield several instants on one day: one invoice per date.
  rule.all((date) => {
    const day = ymd(date);
    if (day === last) return true;
    last = day;
    index++;
    if (series.count !== null && index > series.count) return false;
    if (series.endDate !== null && day > series.endDate) return false;
    if (day >= from) out.push(day);
    return out.length < limit;
  });
  return out;
}

/** The first occurrence on or after `from`, or null when the series has ended by then. */
export function nextOccurrenceOnOrAfter(series: Series, from: string): string | null {
  return occurrencesFrom(series, from, 1)[0] ?? null;
}

/** The first occurrence strictly after `date`. */
export const occurrenceAfter = (series: Series, date: string) =>
  nextOccurrenceOnOrAfter(series, addDays(date, 1));

/** The rule in words, for lists and the CLI: "monthly on the 1st", "last business day of the month". */
export function describeRule(rrule: string, startDate: string): string {
  let rule: RRuleType;
  try {
    rule = scheduleRule(rrule, startDate);
  } catch {
    return rrule;
  }
  const o = rule.origOptions;
  const interval = o.interval && o.interval > 1 ? o.interval : 1;
  const days = ([] as number[]).concat(o.bymonthday ?? []);
  const setpos = ([] as number[]).concat(o.bysetpos ?? []);
  const weekdays = ([] as unknown[]).concat(o.byweekday ?? []).map(String);
  const months = ([] as number[]).concat(o.bymonth ?? []);
  const clamped = setpos.length === 1 && setpos[0] === -1 && days.length > 0 && days[0] === 28;
  const dayWords = () =>
    clamped ? `the ${ordinal(days.at(-1)!)} (or the month's last day)` : `the ${ordinal(days[0]!)}`;
  const simpleDays = days.length === 1 && setpos.length === 0;
  const period = (unit: string) => (interval > 1 ? `every ${interval} ${unit}s` : `every ${unit}`);
  const freq = o.freq;
  const extra = o.byhour !== undefined || o.byyearday !== undefined || o.byweekno !== undefined;
  if (!extra) {
    if (freq === 1 && weekdays.length === 0 && (simpleDays || clamped) && months.length === 0)
      return `${interval > 1 ? `${period('month')}` : 'monthly'} on ${dayWords()}`;
    if (
      freq === 1 &&
      setpos.length === 1 &&
      setpos[0] === -1 &&
      days.length === 0 &&
      [...weekdays].sort().join() === 'FR,MO,TH,TU,WE'
    )
      return `last business day of ${interval > 1 ? `every ${interval} months` : 'the month'}`;
    const weekday = WEEKDAY_NAMES[(weekdays[0] ?? weekdayOf(startDate)) as Weekday];
    if (freq === 2 && weekdays.length <= 1 && weekday && days.length === 0 && setpos.length === 0)
      return `${interval > 1 ? period('week') : 'weekly'} on ${weekday}`;
    if (freq === 0 && months.length === 1 && (simpleDays || clamped) && interval === 1)
      return `yearly on ${MONTH_NAMES[months[0]! - 1]} ${clamped ? `${days.at(-1)} (or the month's last day)` : days[0]}`;
  }
  // rrule's own words are wrong for BYSETPOS ("every month on weekdays"); show the rule instead.
  return setpos.length ? rrule : rule.toText();
}
