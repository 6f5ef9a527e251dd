import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accountNameProblem, ancestorNames, parentIdOf, renamedBelow } from './account.domain.ts';
import { checkBalanced, sumByCurrency } from './journal.domain.ts';
import {
  type AccountBalance,
  addDays,
  closingLines,
  lastOfMonth,
  nextMonth,
  planRange,
} from './period.domain.ts';

describe('business date arithmetic', () => {
  it('adds days and finds month ends across leap years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(lastOfMonth('2024-02-10')).toBe('2024-02-29');
    expect(lastOfMonth('2026-12-05')).toBe('2026-12-31');
    expect(nextMonth('2026-12-15')).toBe('2027-01-01');
  });
});

describe('planRange', () => {
  it('reads whole months from rollups and the edges from lines', () => {
    expect(planRange('2026-01-01', '2026-03-31')).toEqual({
      months: { from: '2026-01-01', to: '2026-03-01' },
      partial: [],
    });
    expect(planRange('2026-01-15', '2026-03-10')).toEqual({
      months: { from: '2026-02-01', to: '2026-02-01' },
      partial: [
        { from: '2026-01-15', to: '2026-01-31' },
        { from: '2026-03-01', to: '2026-03-10' },
      ],
    });
    expect(planRange(undefined, '2026-03-10')).toEqual({
      months: { to: '2026-02-01' },
      partial: [{ from: '2026-03-01', to: '2026-03-10' }],
    });
    expect(planRange('2026-03-05', '2026-03-20')).toEqual({
      partial: [{ from: '2026-03-05', to: '2026-03-20' }],
    });
    expect(planRange('2026-03-20', '2026-03-05')).toEqual({ partial: [] });
    expect(planRange(undefined, undefined)).toEqual({ months: {}, partial: [] });
  });

  it('property: every day of the range is covered exactly once, and no day outside it', () => {
    const day = fc.integer({ min: 0, max: 900 }).map((n) => addDays('2024-11-01', n));
    fc.assert(
      fc.property(day, day, (a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const plan = planRange(from, to);
        const covered: string[] = [];
        for (const p of plan.partial) for (let d = p.from; d <= p.to; d = addDays(d, 1)) covered.push(d);
        if (plan.months?.from && plan.months.to)
          for (let m = plan.months.from; m <= plan.months.to; m = nextMonth(m))
            for (let d = m; d <= lastOfMonth(m); d = addDays(d, 1)) covered.push(d);
        covered.sort();
        const expected: string[] = [];
        for (let d = from; d <= to; d = addDays(d, 1)) expected.push(d);
        expect(covered).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('closingLines (hledger close --retain)', () => {
  it('reverses each income and expense balance and retains the total (close.test case 20)', () => {
    // revenues $-100, gains $-50, expenses $150 → revenues $100, gains $50, expenses $-150, retained 0.
    const lines = closingLines(
      [
        { accountId: 'revenues', currency: 'USD', amount: -10000n, baseAmount: -10000n },
        { accountId: 'gains', currency: 'USD', amount: -5000n, baseAmount: -5000n },
        { accountId: 'expenses', currency: 'USD', amount: 15000n, baseAmount: 15000n },
      ],
      'retained',
      'USD',
    );
    expect(lines).toEqual([
      { accountId: 'revenues', currency: 'USD', amount: 10000n },
      { accountId: 'gains', currency: 'USD', amount: 5000n },
      { accountId: 'expenses', currency: 'USD', amount: -15000n },
    ]);
  });

  it('puts the result on retained earnings (close.test case 3)', () => {
    expect(
      closingLines(
        [{ accountId: 'expenses:sweets', currency: 'USD', amount: 500n, baseAmount: 500n }],
        're',
        'USD',
      ),
    ).toEqual([
      { accountId: 'expenses:sweets', currency: 'USD', amount: -500n },
      { accountId: 're', currency: 'USD', amount: 500n },
    ]);
  });

  it('closes foreign balances with their base amounts, or at a zero base when they cannot balance', () => {
    const natural = closingLines(
      [
        { accountId: 'sales', currency: 'GBP', amount: -50000n, baseAmount: -50000n },
        { accountId: 'sales', currency: 'USD', amount: -10000n, baseAmount: -7800n },
      ],
      're',
      'GBP',
    );
    expect(natural).toEqual([
      { accountId: 'sales', currency: 'GBP', amount: 50000n },
      { accountId: 'sales', currency: 'USD', amount: 10000n, baseAmount: 7800n },
      { accountId: 're', currency: 'GBP', amount: -50000n },
      { accountId: 're', currency: 'USD', amount: -10000n, baseAmount: -7800n },
    ]);
    // USD amounts cancel across accounts but their base amounts do not.
    const cancelling = closingLines(
      [
        { accountId: 'sales', currency: 'USD', amount: -10000n, baseAmount: -8000n },
        { accountId: 'fees', currency: 'USD', amount: 10000n, baseAmount: 9000n },
      ],
      're',
      'GBP',
    );
    expect(cancelling).toEqual([
      { accountId: 'sales', currency: 'GBP', amount: 8000n },
      { accountId: 'sales', currency: 'USD', amount: 10000n, baseAmount: 0n },
      { accountId: 'fees', currency: 'GBP', amount: -9000n },
      { accountId: 'fees', currency: 'USD', amount: -10000n, baseAmount: 0n },
      { accountId: 're', currency: 'GBP', amount: 1000n },
    ]);
  });

  it('property: the closing entry balances in amount and base per currency and zeroes every balance', () => {
    const balance = fc.record({
      accountId: fc.constantFrom('a', 'b', 'c', 'd'),
      currency: fc.constantFrom('GBP', 'USD', 'EUR'),
      amount: fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }),
      baseAmount: fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(balance, { selector: (b) => `${b.accountId}/${b.currency}`, maxLength: 8 }),
        (raw) => {
          const balances: AccountBalance[] = raw.map((b) =>
            b.currency === 'GBP' ? { ...b, baseAmount: b.amount } : b,
          );
          const lines = closingLines(balances, 're', 'GBP');
          if (lines.length === 0) {
            expect(balances.every((b) => b.amount === 0n && b.baseAmount === 0n)).toBe(true);
            return;
          }
          expect(lines.length).toBeGreaterThanOrEqual(2);
          expect(lines.every((l) => l.amount !== 0n)).toBe(true);
          const priced = lines.map((l) => ({
            ...l,
            currency: l.currency!,
            baseAmount: l.baseAmount ?? l.amount,
          }));
          checkBalanced(priced);
          for (const [, total] of sumByCurrency(priced, (l) => l.baseAmount)) expect(total).toBe(0n);
          for (const b of balances) {
            const foreign = balances.some((o) => o.accountId === b.accountId && o.currency !== 'GBP');
            // A foreign balance's base amount may close through a GBP line on the same account.
            if (b.currency === 'GBP' && foreign) continue;
            const mine = priced.filter((l) => l.accountId === b.accountId);
            const amount = mine.filter((l) => l.currency === b.currency).reduce((s, l) => s + l.amount, 0n);
            expect(amount + b.amount).toBe(0n);
          }
          for (const account of new Set(balances.map((b) => b.accountId))) {
            const base = balances
              .filter((b) => b.accountId === account)
              .reduce((s, b) => s + b.baseAmount, 0n);
            const closed = priced
              .filter((l) => l.accountId === account)
              .reduce((s, l) => s + l.baseAmount, 0n);
            expect(base + closed).toBe(0n);
          }
          for (const l of priced)
            if (l.baseAmount !== 0n)
              expect(
                l.baseAmount > 0n,
                JSON.stringify(l, (_k, v) => String(v)),
              ).toBe(l.amount > 0n);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('account names', () => {
  it('accepts hledger-style names and refuses what hledger would misread', () => {
    for (const ok of [
      'assets',
      'assets:bank:checking',
      'expenses:food & drink',
      "equity:owner's draw",
      'Aktiva:Bank',
    ])
      expect(accountNameProblem(ok), ok).toBeUndefined();
    for (const bad of [
      '',
      ':assets',
      'assets:',
      'assets::bank',
      'assets:  bank',
      'a  b',
      ' assets',
      'a;b',
      'a\tb',
    ])
      expect(accountNameProblem(bad), JSON.stringify(bad)).toBeDefined();
    expect(accountNameProblem('x'.repeat(201))).toBeDefined();
  });

  it('derives the parent from the longest existing prefix', () => {
    expect(ancestorNames('assets:bank:checking')).toEqual(['assets', 'assets:bank']);
    const ids = new Map([
      ['assets', 'acc_1'],
      ['assets:bank', 'acc_2'],
    ]);
    expect(parentIdOf('assets:bank:checking', ids)).toBe('acc_2');
    expect(parentIdOf('assets:cash:till', ids)).toBe('acc_1');
    expect(parentIdOf('income:sales', ids)).toBeNull();
    expect(renamedBelow('assets:bank:checking', 'assets:bank', 'assets:banks')).toBe('assets:banks:checking');
  });
});
