import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.ts';
import { divideRounded } from '../../core/money.ts';
import {
  type CheckedLine,
  checkBalanced,
  checkEntry,
  checkNotLocked,
  convertAmount,
  derivedRate,
  entryHash,
  GENESIS_HASH,
  type JournalEntryInput,
  lockFor,
  parseRate,
  priceLines,
  sumByCurrency,
} from './journal.domain.ts';

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const entry = (
  lines: JournalEntryInput['lines'],
  extra: Partial<JournalEntryInput> = {},
): JournalEntryInput => ({
  date: '2026-03-31',
  description: 'Test',
  lines,
  ...extra,
});

describe('checkEntry', () => {
  it('fills in the base currency and keeps the lines', () => {
    const lines = checkEntry(
      entry([
        { accountId: 'acc_a', amount: 100n },
        { accountId: 'acc_b', amount: -100n, memo: 'x' },
      ]),
      'GBP',
    );
    expect(lines).toEqual([
      { accountId: 'acc_a', amount: 100n, currency: 'GBP', memo: null },
      { accountId: 'acc_b', amount: -100n, currency: 'GBP', memo: 'x' },
    ]);
  });

  it.each([
    ['a date that does not exist', entry([], { date: '2026-02-30' }), 'INVALID_DATE', 'date'],
    ['a date in another format', entry([], { date: '31/03/2026' }), 'INVALID_DATE', 'date'],
    ['one line', entry([{ accountId: 'acc_a', amount: 1n }]), 'ENTRY_TOO_FEW_LINES', 'lines'],
    [
      'a zero amount',
      entry([
        { accountId: 'acc_a', amount: 0n },
        { accountId: 'acc_b', amount: 0n },
      ]),
      'INVALID_AMOUNT',
      'lines.0.amount',
    ],
    [
      'a float amount',
      entry([
        { accountId: 'acc_a', amount: 1n },
        { accountId: 'acc_b', amount: -0.5 as unknown as bigint },
      ]),
      'INVALID_AMOUNT',
      'lines.1.amount',
    ],
    [
      'an amount beyond int64',
      entry([
        { accountId: 'acc_a', amount: 2n ** 63n },
        { accountId: 'acc_b', amount: -(2n ** 63n) },
      ]),
      'INVALID_AMOUNT',
      'lines.0.amount',
    ],
    [
      'an unknown currency',
      entry([
        { accountId: 'acc_a', amount: 1n, currency: 'ABC' },
        { accountId: 'acc_b', amount: -1n, currency: 'ABC' },
      ]),
      'INVALID_CURRENCY',
      'lines.0.currency',
    ],
    [
      'a lower-case currency',
      entry([
        { accountId: 'acc_a', amount: 1n },
        { accountId: 'acc_b', amount: -1n, currency: 'eur' },
      ]),
      'INVALID_CURRENCY',
      'lines.1.currency',
    ],
    [
      'a rate that is not a number',
      entry([
        { accountId: 'acc_a', amount: 1n, currency: 'EUR', rate: '1e3' },
        { accountId: 'acc_b', amount: -1n, currency: 'EUR' },
      ]),
      'INVALID_RATE',
      'lines.0.rate',
    ],
    [
      'a zero rate',
      entry([
        { accountId: 'acc_a', amount: 1n, currency: 'EUR', rate: '0.000' },
        { accountId: 'acc_b', amount: -1n, currency: 'EUR' },
      ]),
      'INVALID_RATE',
      'lines.0.rate',
    ],
    [
      'a rate other than 1 in the base currency',
      entry([
        { accountId: 'acc_a', amount: 1n, rate: '1.1' },
        { accountId: 'acc_b', amount: -1n },
      ]),
      'INVALID_RATE',
      'lines.0.rate',
    ],
    [
      'no account',
      entry([
        { accountId: '', amount: 1n },
        { accountId: 'acc_b', amount: -1n },
      ]),
      'VALIDATION_FAILED',
      'lines.0.accountId',
    ],
    [
      'a long memo',
      entry([
        { accountId: 'acc_a', amount: 1n },
        { accountId: 'acc_b', amount: -1n, memo: 'm'.repeat(501) },
      ]),
      'VALIDATION_FAILED',
      'lines.1.memo',
    ],
    [
      'a long description',
      entry(
        [
          { accountId: 'acc_a', amount: 1n },
          { accountId: 'acc_b', amount: -1n },
        ],
        { description: 'd'.repeat(501) },
      ),
      'VALIDATION_FAILED',
      'description',
    ],
    [
      'a malformed source type',
      entry(
        [
          { accountId: 'acc_a', amount: 1n },
          { accountId: 'acc_b', amount: -1n },
        ],
        { source: { type: 'Sales Invoice', id: 'inv_1' } },
      ),
      'VALIDATION_FAILED',
      'source.type',
    ],
  ])('refuses %s, naming the field', (_what, input, code, field) => {
    const error = refusal(() => checkEntry(input, 'GBP'));
    expect(error.code).toBe(code);
    expect(error.details.field).toBe(field);
    if (field.startsWith('lines.')) expect(error.message).toMatch(/^Line \d+: /);
  });
});

describe('checkBalanced', () => {
  it('accepts entries that sum to zero in each currency', () => {
    checkBalanced([
      { currency: 'GBP', amount: 100n },
      { currency: 'EUR', amount: -50n },
      { currency: 'GBP', amount: -100n },
      { currency: 'EUR', amount: 50n },
    ]);
  });

  it('names the currency and the difference', () => {
    const error = refusal(() =>
      checkBalanced([
        { currency: 'GBP', amount: 100n },
        { currency: 'GBP', amount: -100n },
        { currency: 'EUR', amount: 1234n },
        { currency: 'EUR', amount: -1000n },
      ]),
    );
    expect(error.code).toBe('ENTRY_UNBALANCED');
    expect(error.details).toMatchObject({ currency: 'EUR', difference: '2.34' });
    expect(error.message).toBe('The entry does not balance in EUR: debits exceed credits by 2.34.');
    expect(refusal(() => checkBalanced([{ currency: 'JPY', amount: -5n }])).message).toMatch(
      /credits exceed debits by 5\.$/,
    );
  });
});

describe('rates and conversion', () => {
  it('parses positive decimal rates into a canonical form', () => {
    expect(parseRate('0.8532')).toEqual({ digits: 8532n, scale: 4, text: '0.8532' });
    expect(parseRate('001.2500')).toEqual({ digits: 125n, scale: 2, text: '1.25' });
    expect(parseRate('1')?.text).toBe('1');
    expect(parseRate('1.0')?.text).toBe('1');
    for (const bad of ['', '0', '0.0', '-1', '1e3', '.5', '1.', '1,5', 'abc', '1'.repeat(19), 5])
      expect(parseRate(bad), String(bad)).toBeUndefined();
  });

  it('rounds half away from zero', () => {
    expect(divideRounded(5n, 2n)).toBe(3n);
    expect(divideRounded(-5n, 2n)).toBe(-3n);
    expect(divideRounded(4n, 3n)).toBe(1n);
    expect(divideRounded(-4n, 3n)).toBe(-1n);
    expect(divideRounded(7n, 2n)).toBe(4n);
    expect(divideRounded(0n, 7n)).toBe(0n);
  });

  it('converts between currencies with different minor units', () => {
    const rate = (text: string) => parseRate(text)!;
    // 100.00 EUR at 0.8532 GBP/EUR = 85.32 GBP
    expect(convertAmount(10000n, 'EUR', 'GBP', rate('0.8532'))).toBe(8532n);
    // 1 cent at 0.855 = 0.855 pence → 1 (half away from zero at .5; here above)
    expect(convertAmount(1n, 'EUR', 'GBP', rate('0.855'))).toBe(1n);
    expect(convertAmount(-1n, 'EUR', 'GBP', rate('0.5'))).toBe(-1n);
    // 1,000 JPY at 0.0053 GBP/JPY = 5.30 GBP (JPY has no minor unit)
    expect(convertAmount(1000n, 'JPY', 'GBP', rate('0.0053'))).toBe(530n);
    // 10.00 GBP at 190.5 JPY/GBP = 1905 JPY
    expect(convertAmount(1000n, 'GBP', 'JPY', rate('190.5'))).toBe(1905n);
    // 1.000 KWD at 2.6 GBP/KWD = 2.60 GBP (KWD has three decimals)
    expect(convertAmount(1000n, 'KWD', 'GBP', rate('2.6'))).toBe(260n);
  });

  it('is odd: converting a negative amount gives the negated conversion', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.integer({ min: 1, max: 10 ** 8 }),
        (amount, r) => {
          const rate = parseRate(`0.${String(r).padStart(8, '0')}`);
          if (!rate) return;
          expect(convertAmount(-amount, 'EUR', 'GBP', rate)).toBe(-convertAmount(amount, 'EUR', 'GBP', rate));
        },
      ),
    );
  });

  it('derives the rate a given base amount implies', () => {
    expect(derivedRate(10000n, 8532n, 'EUR', 'GBP')).toBe('0.8532');
    expect(derivedRate(-3n, -1n, 'EUR', 'GBP')).toBe('0.333333333333');
    expect(derivedRate(1000n, 530n, 'JPY', 'GBP')).toBe('0.0053');
    expect(derivedRate(100n, 0n, 'EUR', 'GBP')).toBe('0');
  });
});

describe('priceLines', () => {
  const line = (accountId: string, amount: bigint, currency: string, extra: Partial<CheckedLine> = {}) =>
    ({ accountId, amount, currency, memo: null, ...extra }) as CheckedLine;
  const fixed = (text: string) => () => parseRate(text)!;

  it('keeps base-currency lines at rate 1', () => {
    const priced = priceLines([line('a', 100n, 'GBP'), line('b', -100n, 'GBP')], 'GBP', fixed('2'));
    expect(priced.map((l) => [l.baseAmount, l.rate])).toEqual([
      [100n, '1'],
      [-100n, '1'],
    ]);
  });

  it('puts the rounding residue on the largest line so base amounts balance', () => {
    // Three thirds of 1.00 EUR at 0.5: each 0.33 → 0.165 → 0.17 GBP; the whole → -0.50.
    const priced = priceLines(
      [line('a', 33n, 'EUR'), line('b', 33n, 'EUR'), line('c', 34n, 'EUR'), line('d', -100n, 'EUR')],
      'GBP',
      fixed('0.5'),
    );
    expect(priced.map((l) => l.baseAmount)).toEqual([17n, 17n, 17n, -51n]);
    expect(priced.reduce((s, l) => s + l.baseAmount, 0n)).toBe(0n);
    expect(priced.every((l) => l.rate === '0.5')).toBe(true);
  });

  it('keeps given base amounts and derives their rate; a reversal keeps the original rate', () => {
    const priced = priceLines(
      [
        line('a', 10000n, 'USD', { baseAmount: 7800n }),
        line('b', -10000n, 'USD', { baseAmount: -7800n, rate: '0.78' }),
      ],
      'GBP',
      fixed('9'),
    );
    expect(priced.map((l) => [l.baseAmount, l.rate])).toEqual([
      [7800n, '0.78'],
      [-7800n, '0.78'],
    ]);
  });

  it('refuses lines of one currency whose base amounts differ by more than rounding', () => {
    const error = refusal(() =>
      priceLines(
        [line('a', 10000n, 'USD', { rate: '0.78' }), line('b', -10000n, 'USD', { rate: '0.80' })],
        'GBP',
        (l) => parseRate(l.rate!)!,
      ),
    );
    expect(error.code).toBe('ENTRY_BASE_UNBALANCED');
    expect(error.details).toMatchObject({ currency: 'USD', baseCurrency: 'GBP', difference: '-2.00' });
  });

  it('property: any balanced entry gets balanced base amounts, each within half a unit of its exact value', () => {
    const currencies = ['GBP', 'EUR', 'JPY', 'KWD'];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            currency: fc.constantFrom(...currencies),
            amounts: fc.array(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), {
              minLength: 1,
              maxLength: 6,
            }),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        fc.integer({ min: 1, max: 99_999_999 }),
        (groups, rateDigits) => {
          const rate = parseRate(
            `${Math.floor(rateDigits / 1e4)}.${String(rateDigits % 1e4).padStart(4, '0')}`,
          )!;
          const lines: CheckedLine[] = [];
          groups.forEach((g, gi) => {
            const nonZero = g.amounts.filter((a) => a !== 0n);
            const total = nonZero.reduce((s, a) => s + a, 0n);
            for (const a of nonZero) lines.push(line(`a${gi}`, a, g.currency));
            if (total !== 0n) lines.push(line(`b${gi}`, -total, g.currency));
          });
          if (lines.length < 2) return;
          checkBalanced(lines);
          const priced = priceLines(lines, 'GBP', () => rate);
          for (const [, total] of sumByCurrency(priced, (l) => l.baseAmount)) expect(total).toBe(0n);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('lock dates', () => {
  const locks = { lockDate: '2025-12-31', nonAccountantLockDate: '2026-02-28' };

  it('holds accountants by the lock for everyone and others by the later of the two', () => {
    expect(lockFor('owner', locks)).toEqual({ date: '2025-12-31', which: 'everyone' });
    expect(lockFor('accountant', locks)).toEqual({ date: '2025-12-31', which: 'everyone' });
    expect(lockFor('manager', locks)).toEqual({ date: '2026-02-28', which: 'non_accountants' });
    expect(lockFor('member', { lockDate: '2026-03-31', nonAccountantLockDate: '2026-02-28' })).toEqual({
      date: '2026-03-31',
      which: 'everyone',
    });
    expect(lockFor('admin', { lockDate: null, nonAccountantLockDate: '2026-02-28' })).toBeNull();
  });

  it('refuses dates on or before the lock, naming the lock date', () => {
    checkNotLocked('2026-01-01', 'accountant', locks);
    const onTheDay = refusal(() => checkNotLocked('2025-12-31', 'accountant', locks));
    expect(onTheDay.code).toBe('PERIOD_LOCKED');
    expect(onTheDay.details).toMatchObject({ field: 'date', lockDate: '2025-12-31', lock: 'everyone' });
    const manager = refusal(() => checkNotLocked('2026-02-01', 'manager', locks));
    expect(manager.details).toMatchObject({ lockDate: '2026-02-28', lock: 'non_accountants' });
    expect(manager.message).toMatch(/Ask an accountant/);
  });
});

describe('hash chain', () => {
  it('changes with any fact of the entry', () => {
    const base = {
      seq: 1,
      id: 'je_1',
      kind: 'standard',
      date: '2026-03-31',
      description: 'Rent',
      payee: null,
      code: null,
      sourceType: null,
      sourceId: null,
      reversesEntryId: null,
      postedAt: new Date('2026-03-31T10:00:00.000Z'),
      postedBy: 'usr_1',
      lines: [
        { lineNo: 1, accountId: 'a', currency: 'GBP', amount: 100n, baseAmount: 100n, rate: '1', memo: null },
        {
          lineNo: 2,
          accountId: 'b',
          currency: 'GBP',
          amount: -100n,
          baseAmount: -100n,
          rate: '1',
          memo: null,
        },
      ],
    };
    const hash = entryHash(GENESIS_HASH, base);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash(GENESIS_HASH, { ...base })).toBe(hash);
    expect(entryHash('1'.repeat(64), base)).not.toBe(hash);
    expect(entryHash(GENESIS_HASH, { ...base, description: 'Rent!' })).not.toBe(hash);
    const lines = base.lines.map((l, i) => (i === 0 ? { ...l, amount: 101n } : l));
    expect(entryHash(GENESIS_HASH, { ...base, lines })).not.toBe(hash);
  });
});
