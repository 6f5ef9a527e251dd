import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.ts';
import { addDays } from '../ledger/index.ts';
import { accountTree, addMonths, checkDate, columnsOf, comparisonRange, daysIn } from './statement.domain.ts';

const day = fc
  .integer({ min: 0, max: 3000 })
  .map((n) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));

describe('addMonths', () => {
  it('keeps the day or clamps it to the month’s end', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2026-03-15', -12)).toBe('2025-03-15');
    expect(addMonths('2026-11-01', 3)).toBe('2027-02-01');
  });
});

describe('columnsOf', () => {
  it('splits months, fiscal quarters and fiscal years, cutting the edges to the range', () => {
    expect(columnsOf({ from: '2026-01-15', to: '2026-03-10' }, 'month')).toEqual([
      { from: '2026-01-15', to: '2026-01-31', label: '2026-01' },
      { from: '2026-02-01', to: '2026-02-28', label: '2026-02' },
      { from: '2026-03-01', to: '2026-03-10', label: '2026-03' },
    ]);
    expect(
      columnsOf({ from: '2026-01-01', to: '2026-12-31' }, 'quarter', '04-01').map((c) => [c.from, c.to]),
    ).toEqual([
      ['2026-01-01', '2026-03-31'],
      ['2026-04-01', '2026-06-30'],
      ['2026-07-01', '2026-09-30'],
      ['2026-10-01', '2026-12-31'],
    ]);
    expect(columnsOf({ from: '2025-06-01', to: '2026-06-30' }, 'year', '04-01')).toEqual([
      { from: '2025-06-01', to: '2026-03-31', label: 'FY 2025/26' },
      { from: '2026-04-01', to: '2026-06-30', label: 'FY 2026/27' },
    ]);
  });

  it('covers the range exactly, each day in one column, for any range and kind', () => {
    fc.assert(
      fc.property(
        day,
        day,
        fc.constantFrom('month', 'quarter', 'year', 'total' as const),
        fc.constantFrom('01-01', '04-06', '07-01'),
        (a, b, kind, start) => {
          const range = a <= b ? { from: a, to: b } : { from: b, to: a };
          const columns = columnsOf(range, kind, start);
          expect(columns[0]!.from).toBe(range.from);
          expect(columns.at(-1)!.to).toBe(range.to);
          for (let i = 1; i < columns.length; i++)
            expect(columns[i]!.from).toBe(addDays(columns[i - 1]!.to, 1));
          for (const c of columns) expect(c.from <= c.to).toBe(true);
        },
      ),
    );
  });
});

describe('comparisonRange', () => {
  it('takes the prior period of equal length, or the same dates a year earlier', () => {
    expect(comparisonRange({ from: '2026-03-01', to: '2026-03-31' }, 'prior-period')).toEqual({
      from: '2026-02-01',
      to: '2026-02-28',
    });
    expect(comparisonRange({ from: '2026-03-10', to: '2026-03-19' }, 'prior-period')).toEqual({
      from: '2026-02-28',
      to: '2026-03-09',
    });
    expect(comparisonRange({ from: '2024-02-01', to: '2024-02-29' }, 'prior-year')).toEqual({
      from: '2023-02-01',
      to: '2023-02-28',
    });
    expect(comparisonRange({ from: '2026-01-01', to: '2026-01-31' }, 'none')).toBeUndefined();
  });

  it('ends the day before the range starts and, for odd ranges, lasts as many days', () => {
    fc.assert(
      fc.property(day, day, (a, b) => {
        const range = a <= b ? { from: a, to: b } : { from: b, to: a };
        const prior = comparisonRange(range, 'prior-period')!;
        expect(prior.to).toBe(addDays(range.from, -1));
        if (!(range.from.endsWith('-01') && addDays(range.to, 1).endsWith('-01')))
          expect(daysIn(prior)).toBe(daysIn(range));
      }),
    );
  });
});

describe('accountTree', () => {
  it('groups by name with subtotals, depth-first, leaving out zero rows', () => {
    const rows = accountTree(
      [
        { accountId: 'a1', name: 'expenses:office:rent', figures: [100n] },
        { accountId: 'a2', name: 'expenses:office', figures: [5n] },
        { accountId: 'a3', name: 'expenses:travel', figures: [20n] },
        { accountId: 'a4', name: 'expenses:idle', figures: [0n] },
        { accountId: 'a5', name: 'expenses:office b', figures: [1n] },
      ],
      1,
    );
    expect(rows.map((r) => [r.name, r.label, r.depth, r.isGroup, r.accountId, r.figures[0]])).toEqual([
      ['expenses', 'expenses', 0, true, null, 126n],
      ['expenses:office', 'office', 1, true, 'a2', 105n],
      ['expenses:office:rent', 'rent', 2, false, 'a1', 100n],
      ['expenses:office b', 'office b', 1, false, 'a5', 1n],
      ['expenses:travel', 'travel', 1, false, 'a3', 20n],
    ]);
  });
});

describe('checkDate', () => {
  it('keeps report dates where the day before and after are still dates, naming the field otherwise', () => {
    expect(checkDate('2026-03-31', 'asOf')).toBe('2026-03-31');
    for (const [value, code] of [
      ['9999-12-31', 'DATE_OUT_OF_RANGE'],
      ['0001-01-01', 'DATE_OUT_OF_RANGE'],
      ['2026-02-29', 'INVALID_DATE'],
      [20260101, 'INVALID_DATE'],
    ] as const) {
      expect(() => checkDate(value, 'to')).toThrow(AppError);
      try {
        checkDate(value, 'to');
      } catch (error) {
        expect(error).toMatchObject({ code, details: { field: 'to' } });
      }
    }
    expect(() => comparisonRange({ from: '1000-01-01', to: '9998-12-31' }, 'prior-period')).toThrow(
      /compare: use a date from 1000-01-01/,
    );
  });
});
