import { describe, expect, it } from 'vitest';
import {
  describeRule,
  nextOccurrenceOnOrAfter,
  occurrenceAfter,
  occurrencesFrom,
  presetRule,
  type Series,
  scheduleRule,
} from './recurring.domain.ts';

const series = (rrule: string, startDate: string, end: Partial<Series> = {}): Series => ({
  rrule,
  startDate,
  endDate: null,
  count: null,
  ...end,
});

describe('presets', () => {
  it('last business day: the last weekday of each month, weekend month-ends moved back', () => {
    const rule = presetRule({ kind: 'last_business_day' }, '2026-01-01');
    expect(rule).toBe('FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1');
    expect(occurrencesFrom(series(rule, '2026-01-01'), '2026-01-01', 8)).toEqual([
      '2026-01-30', // 31 January 2026 is a Saturday
      '2026-02-27', // 28 February a Saturday
      '2026-03-31', // a Tuesday
      '2026-04-30',
      '2026-05-29', // 31 May a Sunday
      '2026-06-30',
      '2026-07-31',
      '2026-08-31', // a Monday
    ]);
    expect(describeRule(rule, '2026-01-01')).toBe('last business day of the month');
  });

  it('monthly on day 31 falls on the last day of shorter months; day 1 on the 1st', () => {
    const rule = presetRule({ kind: 'monthly', dayOfMonth: 31 }, '2026-01-15');
    expect(occurrencesFrom(series(rule, '2028-01-15'), '2028-01-15', 5)).toEqual([
      '2028-01-31',
      '2028-02-29',
      '2028-03-31',
      '2028-04-30',
      '2028-05-31',
    ]);
    expect(describeRule(rule, '2026-01-15')).toBe("monthly on the 31st (or the month's last day)");
    const first = presetRule({ kind: 'monthly', dayOfMonth: 1 }, '2026-01-15');
    expect(first).toBe('FREQ=MONTHLY;BYMONTHDAY=1');
    expect(occurrencesFrom(series(first, '2026-01-15'), '2026-01-01', 2)).toEqual([
      '2026-02-01',
      '2026-03-01',
    ]);
    expect(describeRule(first, '2026-01-15')).toBe('monthly on the 1st');
    const quarterly = presetRule({ kind: 'monthly', dayOfMonth: 15, interval: 3 }, '2026-01-15');
    expect(occurrencesFrom(series(quarterly, '2026-01-15'), '2026-01-01', 3)).toEqual([
      '2026-01-15',
      '2026-04-15',
      '2026-07-15',
    ]);
    expect(describeRule(quarterly, '2026-01-15')).toBe('every 3 months on the 15th');
  });

  it('every 2 weeks on the start date’s weekday, or the one chosen', () => {
    const rule = presetRule({ kind: 'weekly', interval: 2 }, '2026-03-04'); // a Wednesday
    expect(rule).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=WE');
    expect(occurrencesFrom(series(rule, '2026-03-04'), '2026-03-04', 3)).toEqual([
      '2026-03-04',
      '2026-03-18',
      '2026-04-01',
    ]);
    expect(describeRule(rule, '2026-03-04')).toBe('every 2 weeks on Wednesday');
    const fridays = presetRule({ kind: 'weekly', weekday: 'FR' }, '2026-03-04');
    expect(occurrencesFrom(series(fridays, '2026-03-04'), '2026-03-04', 2)).toEqual([
      '2026-03-06',
      '2026-03-13',
    ]);
    expect(describeRule(fridays, '2026-03-04')).toBe('weekly on Friday');
  });

  it('yearly on the start date, 29 February on the 28th in common years', () => {
    const rule = presetRule({ kind: 'yearly' }, '2028-02-29');
    expect(occurrencesFrom(series(rule, '2028-02-29'), '2028-01-01', 3)).toEqual([
      '2028-02-29',
      '2029-02-28',
      '2030-02-28',
    ]);
    expect(describeRule(presetRule({ kind: 'yearly' }, '2026-06-10'), '2026-06-10')).toBe(
      'yearly on June 10',
    );
  });
});

describe('series', () => {
  const monthly = 'FREQ=MONTHLY;BYMONTHDAY=1';

  it('ends after `count` occurrences from the start, or after the end date (inclusive)', () => {
    const counted = series(monthly, '2026-01-01', { count: 3 });
    expect(occurrencesFrom(counted, '2026-01-01', 10)).toEqual(['2026-01-01', '2026-02-01', '2026-03-01']);
    // The count runs from the start, not from `from`: resuming late does not lengthen the series.
    expect(occurrencesFrom(counted, '2026-02-15', 10)).toEqual(['2026-03-01']);
    expect(occurrenceAfter(counted, '2026-03-01')).toBeNull();
    const ended = series(monthly, '2026-01-01', { endDate: '2026-04-01' });
    expect(occurrencesFrom(ended, '2026-01-01', 10)).toEqual([
      '2026-01-01',
      '2026-02-01',
      '2026-03-01',
      '2026-04-01',
    ]);
    expect(nextOccurrenceOnOrAfter(ended, '2026-04-02')).toBeNull();
  });

  it('the next occurrence is on or after a date, or strictly after one', () => {
    const s = series(monthly, '2026-01-01');
    expect(nextOccurrenceOnOrAfter(s, '2026-02-01')).toBe('2026-02-01');
    expect(occurrenceAfter(s, '2026-02-01')).toBe('2026-03-01');
    expect(nextOccurrenceOnOrAfter(s, '2025-06-01')).toBe('2026-01-01'); // never before the start
  });

  it('one date per day even when a daily rule names several hours', () => {
    const s = series('FREQ=DAILY;BYHOUR=9,17', '2026-01-01');
    expect(occurrencesFrom(s, '2026-01-01', 3)).toEqual(['2026-01-01', '2026-01-02', '2026-01-03']);
  });

  it('refuses rules more often than daily and rules with their own end, naming the field', () => {
    for (const rrule of [
      'FREQ=HOURLY',
      'FREQ=MONTHLY;COUNT=3',
      'FREQ=MONTHLY;UNTIL=20270101T000000Z',
      'FREQ=NEVER',
    ])
      expect(() => scheduleRule(rrule, '2026-01-01')).toThrow(
        expect.objectContaining({ code: 'INVALID_RRULE', details: { field: 'rrule' } }),
      );
  });
});
