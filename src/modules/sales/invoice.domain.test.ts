import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.ts';
import { allocate, computeTotals, type LineInput, parseQuantity, settledStatus } from './invoice.domain.ts';
import { type Percent, parsePercent } from './tax.domain.ts';

// Totals and tax rounding on random documents: the parts add up to the totals in every mode, and
// the tax is never further from the exact figure than the rounding rule allows.

const RATES = ['0', '5', '5.5', '7.7', '19', '20', '21', '12.345'].map((t) => parsePercent(t)!);

const line = fc.record({
  quantity: fc.tuple(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 3 })).map(([d, s]) => {
    const text = s === 0 ? String(d) : `${Math.floor(d / 10 ** s)}.${String(d % 10 ** s).padStart(s, '0')}`;
    return parseQuantity(text, 'q');
  }),
  unitPrice: fc.bigInt({ min: 0n, max: 10_000_000n }),
  discount: fc.oneof(
    fc.constant(null),
    fc.integer({ min: 0, max: 100 }).map((p) => ({ percent: parsePercent(String(p))! })),
  ),
  rate: fc.integer({ min: 0, max: RATES.length - 1 }),
});

const document = fc.record({
  lines: fc.array(line, { minLength: 1, maxLength: 12 }),
  pricesIncludeTax: fc.boolean(),
  taxRounding: fc.constantFrom('line' as const, 'document' as const),
  discountPercent: fc.oneof(
    fc.constant(null),
    fc.integer({ min: 0, max: 100 }).map((p) => parsePercent(String(p))!),
  ),
});

type Doc = typeof document extends fc.Arbitrary<infer T> ? T : never;
const build = (d: Doc) => ({
  pricesIncludeTax: d.pricesIncludeTax,
  taxRounding: d.taxRounding,
  discountPercent: d.discountPercent,
  lines: d.lines.map(
    (l): LineInput => ({
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discountPercent: l.discount?.percent ?? null,
      taxKey: `r${l.rate}`,
      taxPercent: RATES[l.rate]!,
    }),
  ),
});

/** Twice the distance between `tax` and the exact rational tax `num/den`, times den: ≤ den means within half a unit. */
const twiceError = (tax: bigint, num: bigint, den: bigint) => {
  const diff = 2n * (tax * den - num);
  return diff < 0n ? -diff : diff;
};
const exact = (amount: bigint, p: Percent, inclusive: boolean) => {
  const hundred = 100n * 10n ** BigInt(p.scale);
  return { num: amount * p.digits, den: inclusive ? hundred + p.digits : hundred };
};

describe('document totals', () => {
  it('add up in every mode: lines to groups to the document', () => {
    fc.assert(
      fc.property(document, (d) => {
        const input = build(d);
        const t = computeTotals(input);
        const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);
        expect(t.taxInclusiveAmount).toBe(t.taxExclusiveAmount + t.taxAmount);
        expect(t.taxExclusiveAmount).toBe(t.lineExtensionAmount - t.allowanceTotalAmount);
        expect(sum(t.groups.map((g) => g.taxableAmount))).toBe(t.taxExclusiveAmount);
        expect(sum(t.groups.map((g) => g.taxAmount))).toBe(t.taxAmount);
        expect(sum(t.lines.map((l) => l.taxAmount))).toBe(t.taxAmount);
        expect(sum(t.lines.map((l) => l.lineExtensionAmount))).toBe(t.lineExtensionAmount);
        expect(t.allowanceTotalAmount >= 0n).toBe(true);
        if (!input.discountPercent || input.discountPercent.digits === 0n)
          expect(t.allowanceTotalAmount).toBe(0n);
        for (const l of t.lines) {
          expect(l.taxAmount >= 0n && l.taxableAmount >= 0n).toBe(true);
          expect(l.grossAmount - l.lineDiscount - l.allowanceShare).toBe(
            input.pricesIncludeTax ? l.taxableAmount + l.taxAmount : l.taxableAmount,
          );
        }
        // With tax-inclusive prices the customer pays exactly the prices, after discounts.
        if (input.pricesIncludeTax)
          expect(t.taxInclusiveAmount).toBe(
            sum(t.lines.map((l) => l.grossAmount - l.lineDiscount - l.allowanceShare)),
          );
      }),
      { numRuns: 400 },
    );
  });

  it('tax is within half a unit per group (per document) or per line (per line) of the exact figure', () => {
    fc.assert(
      fc.property(document, (d) => {
        const input = build(d);
        const t = computeTotals(input);
        for (const g of t.groups) {
          const members = t.lines.filter((_, i) => input.lines[i]!.taxKey === g.taxKey);
          const base = members.reduce(
            (a, l) => a + (input.pricesIncludeTax ? l.taxableAmount + l.taxAmount : l.taxableAmount),
            0n,
          );
          const { num, den } = exact(base, g.percent, input.pricesIncludeTax);
          const allowed = input.taxRounding === 'document' ? den : den * BigInt(members.length);
          expect(twiceError(g.taxAmount, num, den) <= allowed).toBe(true);
        }
        if (input.taxRounding === 'line')
          t.lines.forEach((l, i) => {
            const price = input.pricesIncludeTax ? l.taxableAmount + l.taxAmount : l.taxableAmount;
            const { num, den } = exact(price, input.lines[i]!.taxPercent, input.pricesIncludeTax);
            expect(twiceError(l.taxAmount, num, den) <= den).toBe(true);
          });
      }),
      { numRuns: 400 },
    );
  });

  it('allocates exactly, in proportion', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 10 }),
        (total, weights) => {
          const shares = allocate(total, weights);
          expect(shares.reduce((a, b) => a + b, 0n)).toBe(total);
          const sum = weights.reduce((a, b) => a + b, 0n);
          if (sum > 0n)
            shares.forEach((s, i) => {
              const ideal = total * weights[i]!;
              expect(s * sum - ideal < sum && ideal - s * sum < sum).toBe(true);
            });
        },
      ),
    );
  });

  it('a known invoice: 3 × 10.00 at 20 % with 10 % off, and 1 × 5.00 zero-rated', () => {
    const t = computeTotals({
      pricesIncludeTax: false,
      taxRounding: 'line',
      discountPercent: parsePercent('10'),
      lines: [
        { quantity: parseQuantity('3', 'q'), unitPrice: 1000n, taxKey: 's', taxPercent: parsePercent('20')! },
        { quantity: parseQuantity('1', 'q'), unitPrice: 500n, taxKey: 'z', taxPercent: parsePercent('0')! },
      ],
    });
    expect(t.lineExtensionAmount).toBe(3500n);
    expect(t.allowanceTotalAmount).toBe(350n);
    expect(t.taxExclusiveAmount).toBe(3150n);
    expect(t.taxAmount).toBe(540n);
    expect(t.taxInclusiveAmount).toBe(3690n);
  });

  it('per line and per document rounding differ where they should', () => {
    const doc = (taxRounding: 'line' | 'document') =>
      computeTotals({
        pricesIncludeTax: false,
        taxRounding,
        lines: [0, 1, 2].map(() => ({
          quantity: parseQuantity('1', 'q'),
          unitPrice: 2n,
          taxKey: 's',
          taxPercent: parsePercent('25')!,
        })),
      });
    expect(doc('line').taxAmount).toBe(3n); // 0.5 rounds up on each of three lines
    expect(doc('document').taxAmount).toBe(2n); // 6 × 25 % = 1.5 → 2
  });

  it('refuses negative quantities by name', () => {
    try {
      parseQuantity('-1', 'lines.0.quantity');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('NEGATIVE_QUANTITY');
      expect((error as AppError).details.field).toBe('lines.0.quantity');
    }
  });

  it('derives the status from what settled the invoice', () => {
    expect(settledStatus(100n, 0n, 0n)).toBe('issued');
    expect(settledStatus(100n, 40n, 0n)).toBe('partially_paid');
    expect(settledStatus(100n, 60n, 40n)).toBe('paid');
    expect(settledStatus(100n, 0n, 100n)).toBe('void');
  });
});
