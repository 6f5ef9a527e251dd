import { describe, expect, it } from 'vitest';
import { accountTypeOf, resolveTransaction } from './hledger.domain.ts';
import {
  type HledgerTypeCode,
  JournalError,
  type JournalItem,
  type JournalTransaction,
  parseJournal,
  textLines,
} from './hledger.parser.ts';

// The streaming reader on its own: what it reads, and the line and reason of what it refuses.

async function read(text: string): Promise<JournalItem[]> {
  const items: JournalItem[] = [];
  for await (const item of parseJournal(textLines(text))) items.push(item);
  return items;
}

async function transactions(text: string): Promise<JournalTransaction[]> {
  return (await read(text)).filter((i): i is JournalTransaction => i.kind === 'transaction');
}

/** The error a journal stops with: `line N: reason`. */
async function refusal(text: string): Promise<{ line: number; reason: string }> {
  try {
    for await (const item of parseJournal(textLines(text)))
      if (item.kind === 'transaction') resolveTransaction(item);
  } catch (error) {
    expect(error).toBeInstanceOf(JournalError);
    const e = error as JournalError;
    expect(e.message).toBe(`line ${e.line}: ${e.reason}`);
    expect(e.code).toBe('JOURNAL_INVALID');
    return { line: e.line, reason: e.reason };
  }
  throw new Error('expected the journal to be refused');
}

const amountOf = async (text: string) => {
  const [t] = await transactions(`2024-01-01 x\n  assets:a  ${text}\n  assets:b\n`);
  return t!.postings[0]!.amount;
};

describe('amounts', () => {
  it('reads symbols and codes on either side, signs before or after a left symbol', async () => {
    expect(await amountOf('$1')).toEqual({ commodity: '$', currency: 'USD', minor: 100n });
    expect(await amountOf('-$1.50')).toEqual({ commodity: '$', currency: 'USD', minor: -150n });
    expect(await amountOf('$-1.50')).toEqual({ commodity: '$', currency: 'USD', minor: -150n });
    expect(await amountOf('$ 2,500.05')).toEqual({ commodity: '$', currency: 'USD', minor: 250005n });
    expect(await amountOf('£10')).toEqual({ commodity: '£', currency: 'GBP', minor: 1000n });
    expect(await amountOf('-10£')).toEqual({ commodity: '£', currency: 'GBP', minor: -1000n });
    expect(await amountOf('€3.5')).toEqual({ commodity: '€', currency: 'EUR', minor: 350n });
    expect(await amountOf('¥1000')).toEqual({ commodity: '¥', currency: 'JPY', minor: 1000n });
    expect(await amountOf('10 EUR')).toEqual({ commodity: 'EUR', currency: 'EUR', minor: 1000n });
    expect(await amountOf('-10.25EUR')).toEqual({ commodity: 'EUR', currency: 'EUR', minor: -1025n });
    expect(await amountOf('EUR 10')).toEqual({ commodity: 'EUR', currency: 'EUR', minor: 1000n });
    expect(await amountOf('EUR -0.01')).toEqual({ commodity: 'EUR', currency: 'EUR', minor: -1n });
    expect(await amountOf('"USD" 7')).toEqual({ commodity: '"USD"', currency: 'USD', minor: 700n });
    expect(await amountOf('$10 000.00')).toEqual({ commodity: '$', currency: 'USD', minor: 1000000n });
    expect(await amountOf('1.230 KWD')).toEqual({ commodity: 'KWD', currency: 'KWD', minor: 1230n });
    expect(await amountOf('$1.5000')).toEqual({ commodity: '$', currency: 'USD', minor: 150n });
  });

  it('reads a decimal comma only when a commodity directive declares it', async () => {
    const [t] = await transactions(
      'commodity €1.000,00\ncommodity 1 000,00 SEK\n\n2024-01-01 x\n  assets:a  €1.000,50\n  assets:b  -1 000,50 SEK\n  assets:c  1,5 SEK\n  assets:d  -€1.000,50\n  assets:e\n',
    );
    expect(t!.postings.map((p) => p.amount?.minor)).toEqual([100050n, -100050n, 150n, -100050n, undefined]);
    expect(await refusal('2024-01-01 x\n  assets:a  €1.000,00\n  assets:b\n')).toEqual({
      line: 2,
      reason: expect.stringMatching(/"€1\.000,00" is ambiguous.*commodity directive|declare/),
    });
    expect((await refusal('2024-01-01 x\n  assets:a  1,5 EUR\n  assets:b\n')).line).toBe(2);
  });

  it('refuses commodities that are not currencies, and more decimals than the currency has', async () => {
    expect(await refusal('2024-01-01 x\n  assets:a  10 AAPL\n  assets:b\n')).toEqual({
      line: 2,
      reason: expect.stringContaining('the commodity "AAPL" is not a currency'),
    });
    expect(await refusal('\n\n2024-01-01 x\n  assets:a  $0.006\n  assets:b\n')).toEqual({
      line: 4,
      reason: expect.stringContaining("more decimals than USD's minor unit (2)"),
    });
    expect((await refusal('2024-01-01 x\n  assets:a  ¥10.5\n  assets:b\n')).reason).toMatch(
      /JPY's minor unit \(0\)/,
    );
    expect((await refusal('2024-01-01 x\n  assets:a  10\n  assets:b\n')).reason).toMatch(/has no commodity/);
  });

  it('takes commodity-less amounts in the D directive commodity', async () => {
    expect(
      await (async () =>
        (await transactions('D $1,000.00\n\n2024-01-01 x\n  assets:a  12.5\n  assets:b\n'))[0]!.postings[0]!
          .amount)(),
    ).toEqual({
      commodity: '$',
      currency: 'USD',
      minor: 1250n,
    });
  });
});

describe('transactions', () => {
  it('reads dates, status, code, payee | note, comments, postings with status, prices and assertions', async () => {
    const items = await read(`; a comment
# another
Y 2023

account assets:bank:checking  ; type: C
account revenue  ; a note
  ; type: R
commodity $1,000.00
P 2023-01-01 EUR $1.10

1/5=1/7 * (INV-7) Acme Corp | March invoice  ; first line
    ; second line
    ! assets:bank:checking   $ 1,100.00 = $1,100.00  ; posting note
        ; more of it
    revenue:sales           -1000 EUR @ $1.10
2023-02-01 ! transfer
    assets:bank:checking    -10 EUR @@ $11
    assets:bank:euro
`);
    expect(items.map((i) => [i.kind, i.line])).toEqual([
      ['account', 5],
      ['account', 6],
      ['price', 9],
      ['transaction', 11],
      ['transaction', 16],
    ]);
    expect(items[1]).toMatchObject({ name: 'revenue', type: 'R' });
    expect(items[0]).toMatchObject({ name: 'assets:bank:checking', type: 'C' });
    expect(items[2]).toMatchObject({
      date: '2023-01-01',
      currency: 'EUR',
      price: { currency: 'USD', digits: 11n, scale: 1 },
    });
    const t = items[3] as JournalTransaction;
    expect(t).toMatchObject({
      date: '2023-01-05',
      date2: '2023-01-07',
      status: '*',
      code: 'INV-7',
      payee: 'Acme Corp',
      description: 'March invoice',
      comment: 'first line\nsecond line',
    });
    expect(t.postings[0]).toMatchObject({
      line: 13,
      status: '!',
      account: 'assets:bank:checking',
      amount: { currency: 'USD', minor: 110000n },
      assertion: { amount: { currency: 'USD', minor: 110000n }, total: false, inclusive: false },
      comment: 'posting note\nmore of it',
    });
    expect(t.postings[1]).toMatchObject({
      price: { kind: 'unit', quantity: { currency: 'USD', digits: 11n, scale: 1 } },
    });
    // The cost becomes equity:conversion postings (as hledger --infer-equity), so each currency balances.
    expect(resolveTransaction(t).lines.map((l) => [l.account, l.currency, l.amount])).toEqual([
      ['assets:bank:checking', 'USD', 110000n],
      ['revenue:sales', 'EUR', -100000n],
      ['equity:conversion:$-EUR:EUR', 'EUR', 100000n],
      ['equity:conversion:$-EUR:$', 'USD', -110000n],
    ]);
    const transfer = resolveTransaction(items[4] as JournalTransaction);
    expect(transfer.lines.map((l) => [l.account, l.currency, l.amount])).toEqual([
      ['assets:bank:checking', 'EUR', -1000n],
      ['equity:conversion:$-EUR:EUR', 'EUR', 1000n],
      ['equity:conversion:$-EUR:$', 'USD', -1100n],
      ['assets:bank:euro', 'USD', 1100n],
    ]);
    expect(transfer.rates).toEqual([{ from: 'EUR', to: 'USD', rate: '1.1' }]);
  });

  it('fills the elided amount per currency and drops zero postings', async () => {
    const [t] = await transactions(
      '2024-01-01 x\n  assets:a  $1\n  assets:b  2 EUR\n  assets:c  $0\n  equity:e\n',
    );
    expect(resolveTransaction(t!).lines.map((l) => [l.account, l.currency, l.amount])).toEqual([
      ['assets:a', 'USD', 100n],
      ['assets:b', 'EUR', 200n],
      ['equity:e', 'USD', -100n],
      ['equity:e', 'EUR', -200n],
    ]);
  });

  it('skips a byte order mark and reads Y2024 as well as Y 2024', async () => {
    const list = await transactions('\uFEFFY2024\n1/2 a\n  assets:x  $1\n  assets:y\n');
    expect(list.map((t) => t.date)).toEqual(['2024-01-02']);
  });

  it('streams: a transaction is complete at the next top-level line, blank or not', async () => {
    const list = await transactions(
      '2024-01-01 a\n  assets:x  $1\n  assets:y\n2024-01-02 b\n  assets:x  $2\n  assets:y',
    );
    expect(list.map((t) => [t.description, t.postings.length])).toEqual([
      ['a', 2],
      ['b', 2],
    ]);
  });
});

describe('account types', () => {
  it('from type: tags (own or nearest ancestor), else the top level in any case; banks and cash by name', () => {
    const declared = new Map<string, HledgerTypeCode>([
      ['revenue', 'R'],
      ['bar', 'C'],
      ['foo:x', 'L'],
    ]);
    expect(accountTypeOf('revenue:clients:A', declared)).toEqual({ type: 'income' });
    expect(accountTypeOf('bar:wallet', declared)).toEqual({ type: 'asset', subtype: 'cash' });
    expect(accountTypeOf('foo:x:y', declared)).toEqual({ type: 'liability' });
    expect(accountTypeOf('foo:z', declared)).toBeUndefined();
    expect(accountTypeOf('Assets:Bank:Checking', declared)).toEqual({ type: 'asset', subtype: 'bank' });
    expect(accountTypeOf('assets:cash', declared)).toEqual({ type: 'asset', subtype: 'cash' });
    expect(accountTypeOf('assets:receivables', declared)).toEqual({ type: 'asset' });
    expect(accountTypeOf('EXPENSE:food', declared)).toEqual({ type: 'expense' });
    expect(accountTypeOf('Revenues', declared)).toEqual({ type: 'income' });
    expect(accountTypeOf('liability:cash advance', declared)).toEqual({ type: 'liability' });
  });
});

describe('refusals name the line and the reason', () => {
  const cases: [string, string, number, RegExp][] = [
    ['unbalanced (check-balanced.test)', '2011/01/01 x\n  a  -10£\n  b  16$\n', 1, /does not balance/],
    ['two elided amounts', '2024-01-01 x\n  assets:a  $1\n  assets:b\n  assets:c\n', 4, /at most one amount/],
    ['one posting', '\n2024-01-01 x\n  assets:a  $1\n\n', 2, /needs two or more/],
    [
      'periodic transaction',
      '2024-01-01 x\n  assets:a  $1\n  assets:b\n\n~ monthly\n  assets:a  $1\n',
      5,
      /periodic/,
    ],
    ['auto posting rule', '= expenses\n  assets:a  *1\n', 1, /auto posting/],
    ['include', '; hi\ninclude other.journal\n', 2, /include/],
    [
      'virtual posting',
      '2024-01-01 x\n  assets:a  $1\n  (assets:b)  $1\n  assets:c\n',
      3,
      /virtual postings/,
    ],
    ['balanced virtual posting', '2024-01-01 x\n  [assets:b]  $1\n  assets:c\n', 2, /virtual postings/],
    ['balance assignment', '2024-01-01 x\n  assets:a  = $1\n  assets:b\n', 2, /balance assignments/],
    ['not a date', '2024-13-01 x\n  assets:a  $1\n  assets:b\n', 1, /not a real date/],
    ['no year', '3/4 x\n  assets:a  $1\n  assets:b\n', 1, /no year/],
    ['unknown directive', 'apply account foo\n', 1, /apply/],
    ['stray indented line', '  assets:a  $1\n', 1, /indented line outside a transaction/],
    [
      'cost with sub-cent result',
      '2024-01-01 x\n  assets:a  3 EUR @ $1.333\n  assets:b\n',
      2,
      /total price \(@@\)/,
    ],
    ['posting date', '2024-01-01 x\n  assets:a  $1  ; date:2024-01-05\n  assets:b\n', 2, /posting dates/],
    ['bad account name', '2024-01-01 x\n  assets::a  $1\n  assets:b\n', 2, /Each part between colons/],
  ];
  for (const [what, text, line, reason] of cases)
    it(what, async () => {
      const found = await refusal(text);
      expect(found.line).toBe(line);
      expect(found.reason).toMatch(reason);
    });
});
