import { describe, expect, it } from 'vitest';
import { divideDecimal } from './hledger.domain.ts';
import { addPrice, type Prices, rateInto } from './hledger-rates.domain.ts';

// Which rate prices a line in another currency: the transaction's own, else the market price on or
// before the date (either direction), else the first one after it.

describe('rates into the books currency', () => {
  const prices: Prices = new Map();
  addPrice(prices, 'EUR', 'USD', '2024-01-01', '1.1');
  addPrice(prices, 'EUR', 'USD', '2024-03-01', '1.2');
  addPrice(prices, 'USD', 'GBP', '2024-02-01', '0.8');
  for (const list of prices.values()) list.sort((a, b) => a.date.localeCompare(b.date));

  it('prefers what the transaction states, in either direction', () => {
    expect(rateInto('EUR', 'USD', '2024-02-01', [{ from: 'EUR', to: 'USD', rate: '1.15' }], prices)).toBe(
      '1.15',
    );
    expect(rateInto('EUR', 'USD', '2024-02-01', [{ from: 'USD', to: 'EUR', rate: '0.8' }], prices)).toBe(
      '1.25',
    );
  });

  it('then the last market price on or before the date, else the first after it', () => {
    expect(rateInto('EUR', 'USD', '2024-02-15', [], prices)).toBe('1.1');
    expect(rateInto('EUR', 'USD', '2024-03-01', [], prices)).toBe('1.2');
    expect(rateInto('EUR', 'USD', '2023-12-31', [], prices)).toBe('1.1');
    expect(rateInto('GBP', 'USD', '2024-02-02', [], prices)).toBe('1.25');
    expect(rateInto('JPY', 'USD', '2024-02-02', [], prices)).toBeUndefined();
  });

  it('divides to 12 decimals, rounding half up', () => {
    expect(divideDecimal(1n, 0, 3n, 0)).toBe('0.333333333333');
    expect(divideDecimal(2n, 0, 3n, 0)).toBe('0.666666666667');
    expect(divideDecimal(1100n, 2, 1000n, 2)).toBe('1.1');
  });
});
