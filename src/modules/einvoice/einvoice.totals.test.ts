import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMoney } from '../../core/money.ts';
import {
  canonicalDecimal,
  divideRounded,
  extendedAmount,
  formatDecimal,
  parseDecimal,
  percentOf,
} from './einvoice.decimal.ts';
import type { EInvoiceLine, LineAllowanceCharge } from './einvoice.document.ts';
import { lineAddsUp, lineNetAmount } from './einvoice.totals.ts';
import { all, first, parseXml, textAt, type XmlElement } from './ubl.xml.ts';

describe('decimals', () => {
  it('canonical form', () => {
    expect(canonicalDecimal('025.500')).toBe('25.5');
    expect(canonicalDecimal('-0.0')).toBe('0');
    expect(canonicalDecimal('.5')).toBe('0.5');
    expect(canonicalDecimal('+12')).toBe('12');
    expect(canonicalDecimal('-0.050')).toBe('-0.05');
    for (const bad of ['', '.', '1e3', '1,5', 'NaN', '--1', '1.2.3', ' '])
      expect(canonicalDecimal(bad)).toBeUndefined();
  });

  it('rounds half away from zero', () => {
    expect(divideRounded(5n, 2n)).toBe(3n);
    expect(divideRounded(-5n, 2n)).toBe(-3n);
    expect(divideRounded(4n, 3n)).toBe(1n);
    expect(divideRounded(5n, 3n)).toBe(2n);
    expect(divideRounded(-5n, 3n)).toBe(-2n);
    expect(divideRounded(5n, -2n)).toBe(-3n);
  });

  it('quantity × price / base quantity into minor units', () => {
    expect(extendedAmount('3', '33.333', '1', 2)).toBe(10000n); // 99.999 → 100.00
    expect(extendedAmount('-7', '400', '1', 2)).toBe(-280000n);
    expect(extendedAmount('10', '200', '2', 2)).toBe(100000n);
    expect(extendedAmount('1.5', '0.125', '1', 2)).toBe(19n); // 0.1875 → 0.19
    expect(extendedAmount('2', '1.5', '1', 0)).toBe(3n); // JPY
    expect(extendedAmount('0.5', '1.2345', '1', 3)).toBe(617n); // KWD 0.61725 → 0.617
  });

  it('percent of an amount', () => {
    expect(percentOf(132500n, '25')).toBe(33125n);
    expect(percentOf(1n, '50')).toBe(1n);
    expect(percentOf(-1n, '50')).toBe(-1n);
    expect(percentOf(999n, '12.5')).toBe(125n); // 124.875
  });

  it('agrees with exact rational arithmetic on random inputs', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.integer({ min: 0, max: 6 }),
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 3 }),
        (q, qs, p, ps, exponent) => {
          const quantity = formatDecimal({ units: q, scale: qs });
          const price = formatDecimal({ units: p, scale: ps });
          const result = extendedAmount(quantity, price, '1', exponent);
          // |exact − result| ≤ 1/2 minor unit, in integers: |q·p·10^e − result·10^(qs+ps)| ≤ 10^(qs+ps)/2
          const scale = 10n ** BigInt(qs + ps);
          const diff = q * p * 10n ** BigInt(exponent) - result * scale;
          expect(2n * (diff < 0n ? -diff : diff) <= scale).toBe(true);
          expect(parseDecimal(quantity)).toBeDefined();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads amounts the way money does', () => {
    expect(parseMoney('1656.25', 'EUR')).toBe(165625n);
  });
});

// The official Peppol unit test set for rule R120 (line net amount = quantity × price / base
// quantity + charges − allowances, with 0.02 slack): each snippet must pass or fail as it says.
describe('Peppol PEPPOL-EN16931-R120 test set', () => {
  const file = readFileSync(
    path.resolve('../shared/testdata/peppol-bis-invoice-3/PEPPOL-EN16931-R120.xml'),
    'utf8',
  );
  const testSet = parseXml(file);
  const tests = [...testSet.children.entries()]
    .filter(([name]) => name.endsWith('}test'))
    .flatMap(([, list]) => list);

  const lineOf = (doc: XmlElement): EInvoiceLine | undefined => {
    const line = first(doc, 'cac:InvoiceLine') ?? first(doc, 'cac:CreditNoteLine');
    if (!line) return undefined;
    const quantity = textAt(line, 'cbc:InvoicedQuantity') ?? textAt(line, 'cbc:CreditedQuantity');
    const net = textAt(line, 'cbc:LineExtensionAmount');
    const price = textAt(line, 'cac:Price', 'cbc:PriceAmount');
    if (quantity === undefined || net === undefined || price === undefined) return undefined;
    const allowanceCharges: LineAllowanceCharge[] = all(line, 'cac:AllowanceCharge').map((ac) => ({
      kind: textAt(ac, 'cbc:ChargeIndicator') === 'true' ? 'charge' : 'allowance',
      amount: parseMoney(textAt(ac, 'cbc:Amount') ?? '', 'NOK'),
    }));
    const base = textAt(line, 'cac:Price', 'cbc:BaseQuantity');
    return {
      id: '1',
      quantity: canonicalDecimal(quantity)!,
      unitCode: 'C62',
      netAmount: parseMoney(net, 'NOK'),
      allowanceCharges,
      name: 'x',
      tax: { code: 'S', rate: '25' },
      unitPrice: canonicalDecimal(price)!,
      ...(base ? { priceBaseQuantity: canonicalDecimal(base)! } : {}),
    };
  };

  it('has the snippets we expect', () => {
    expect(tests.length).toBe(11);
  });

  tests.forEach((test, index) => {
    const assert = [...test.children.values()].flat().find((c) => c.name.endsWith('}assert'))!;
    const expected = [...assert.children.keys()].some((k) => k.endsWith('}success')) ? 'passes' : 'fails';
    it(`snippet ${index + 1} ${expected}`, () => {
      const doc = first(test, 'doc:Invoice') ?? first(test, 'doc:CreditNote');
      expect(doc).toBeDefined();
      const line = lineOf(doc!);
      // A line without quantity or net amount is refused by the reader, which is a failure too.
      const passes = line !== undefined && lineAddsUp(line, 'NOK');
      expect(passes ? 'passes' : 'fails').toBe(expected);
      if (line) expect(typeof lineNetAmount(line, 'NOK')).toBe('bigint');
    });
  });
});
