import type { Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { AppError } from '../../core/errors.ts';
import { isBusinessDate } from '../../core/money.ts';
import {
  type AmountContext,
  AmountProblem,
  type JournalAmount,
  type JournalQuantity,
  type NumberStyle,
  parseAmount,
  parseQuantity,
  styleFromSample,
} from './hledger-amount.ts';

// A streaming reader of hledger journals: one line at a time, emitting directives and whole
// transactions as soon as they end, so a journal of millions of transactions never sits in memory.
// It reads the part of the format Ordo can keep faithfully; anything else stops with the line
// number and the reason rather than being guessed at.

/** hledger's account type codes, as in `account NAME  ; type: A`. */
export type HledgerTypeCode = 'A' | 'L' | 'E' | 'R' | 'X' | 'C' | 'V';

export type EntryStatus = '' | '*' | '!';

export interface AccountDirective {
  kind: 'account';
  line: number;
  name: string;
  type: HledgerTypeCode | undefined;
}

export interface PriceDirective {
  kind: 'price';
  line: number;
  date: string;
  /** The commodity priced, mapped to its currency. */
  currency: string;
  commodity: string;
  /** One unit is worth this many units of `price.currency`. */
  price: JournalQuantity;
}

export interface JournalPosting {
  line: number;
  status: EntryStatus;
  account: string;
  /** Null when elided (at most one per transaction). */
  amount: JournalAmount | null;
  price: { kind: 'unit' | 'total'; quantity: JournalQuantity } | null;
  assertion: { amount: JournalAmount; total: boolean; inclusive: boolean } | null;
  comment: string | null;
  /** The rate into the books' currency an Ordo export recorded (`ordo-rate:` tag), if any. */
  rate: string | null;
}

export interface JournalTransaction {
  kind: 'transaction';
  line: number;
  date: string;
  date2: string | null;
  status: EntryStatus;
  code: string | null;
  /** Text before `|` when the description has one. */
  payee: string | null;
  description: string;
  comment: string | null;
  postings: JournalPosting[];
}

export type JournalItem = AccountDirective | PriceDirective | JournalTransaction;

/** A journal the importer cannot read: where and why. Nothing of the file is imported. */
export class JournalError extends AppError {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super('invalid', 'JOURNAL_INVALID', `line ${line}: ${reason}`, { line, reason });
  }
}

/**
 * The lines of a UTF-8 file, streamed (CR LF or LF), a chunk's worth at a time (a million-line
 * journal then costs the parser a few hundred awaits, not a million); `hash` (if given) sees every
 * byte read, so the pass that reads the file also fingerprints it.
 */
export async function* fileLines(file: string, hash?: Hash): AsyncGenerator<string[]> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let rest = '';
  let n = 0;
  const decode = (chunk?: Buffer) => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw new JournalError(
        n + 1,
        'the file is not UTF-8 text; convert it first (iconv -f LATIN1 -t UTF-8)',
      );
    }
  };
  const unCr = (line: string) => (line.endsWith('\r') ? line.slice(0, -1) : line);
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 18 })) {
    hash?.update(chunk as Buffer);
    const parts = (rest + decode(chunk as Buffer)).split('\n');
    rest = parts.pop()!;
    n += parts.length;
    yield parts.map(unCr);
  }
  rest += decode();
  if (rest !== '') yield [unCr(rest)];
}

/** The lines of a text (tests, stdin). */
export function* textLines(text: string): Generator<string> {
  yield* text.split(/\r?\n/);
}

const TYPE_CODES: Record<string, HledgerTypeCode> = {
  a: 'A',
  asset: 'A',
  l: 'L',
  liability: 'L',
  e: 'E',
  equity: 'E',
  r: 'R',
  revenue: 'R',
  x: 'X',
  expense: 'X',
  c: 'C',
  cash: 'C',
  v: 'V',
  conversion: 'V',
};

/** The tag Ordo's hledger export adds to a foreign line: its rate into the books' currency. */
export const RATE_TAG_NAME = 'ordo-rate';
const RATE_TAG = /(?:^|[\s,])ordo-rate:\s*(\d+(?:\.\d+)?)\s*$/;

const DATE = /^(?:(\d{4})([-/.]))?(\d{1,2})([-/.])(\d{1,2})$/;

/** Directives that only annotate, or declare what we do not keep: accepted and skipped. */
const IGNORED_DIRECTIVES = new Set(['payee', 'tag']);
const REFUSED_DIRECTIVES: Record<string, string> = {
  include: 'include directives are not supported; import each file on its own (or concatenate them)',
  alias: 'account aliases are not supported; rename the accounts in the file',
  apply: '"apply" directives are not supported; write full account names',
  end: '"end" directives are not supported (no "apply" blocks)',
  N: 'the N directive (ignored commodities) is not supported',
  C: 'the C directive (commodity conversion) is not supported',
  'timeclock-in': 'timeclock entries are not supported',
};

/**
 * Reads a journal line by line (given one at a time or in chunks) and yields its accounts, prices
 * and transactions in file order.
 * Throws a JournalError naming the line and the reason at the first thing it cannot read.
 */
export async function* parseJournal(
  lines: AsyncIterable<string | readonly string[]> | Iterable<string | readonly string[]>,
): AsyncGenerator<JournalItem> {
  const styles = new Map<string, NumberStyle>();
  const ctx: AmountContext = {
    styleOf: (commodity) => styles.get(commodity),
    defaultCommodity: undefined,
    decimalMark: undefined,
  };
  let year: number | undefined;
  let txn: JournalTransaction | undefined;
  /** The directive whose indented sub-lines follow (account tags, commodity format). */
  let block: { kind: 'account'; directive: AccountDirective } | { kind: 'commodity' | 'other' } | undefined;
  let pendingAccount: AccountDirective | undefined;
  let inCommentBlock = false;
  let n = 0;

  const fail = (reason: string): never => {
    throw new JournalError(n, reason);
  };
  const amount = (text: string) => {
    try {
      return parseAmount(text, ctx);
    } catch (error) {
      if (error instanceof AmountProblem) return fail(error.message);
      throw error;
    }
  };
  const quantity = (text: string) => {
    try {
      return parseQuantity(text, ctx);
    } catch (error) {
      if (error instanceof AmountProblem) return fail(error.message);
      throw error;
    }
  };
  const date = (text: string): string => {
    const m = DATE.exec(text);
    if (!m || (m[1] && m[2] !== m[4]))
      return fail(`"${text}" is not a date (YYYY-MM-DD, YYYY/MM/DD or MM/DD)`);
    const y = m[1] ? Number(m[1]) : year;
    if (y === undefined) return fail(`"${text}" has no year and no Y directive gives one`);
    const iso = `${String(y).padStart(4, '0')}-${m[3]!.padStart(2, '0')}-${m[5]!.padStart(2, '0')}`;
    if (!isBusinessDate(iso)) return fail(`"${text}" is not a real date`);
    return iso;
  };
  const takeAccountDirective = (): AccountDirective | undefined => {
    const done = pendingAccount;
    pendingAccount = undefined;
    return done;
  };

  for await (const some of lines)
    for (const raw of typeof some === 'string' ? [some] : some) {
      n++;
      // trimEnd strips what \s+$ would (white space and line terminators), without the regex's
      // quadratic backtracking over the runs of spaces inside a posting line.
      const text = (n === 1 ? raw.replace(/^\uFEFF/, '') : raw).trimEnd();
      if (inCommentBlock) {
        if (/^end\s+comment\b/.test(text)) inCommentBlock = false;
        continue;
      }
      if (text === '') {
        if (txn) {
          yield finish(txn, n);
          txn = undefined;
        }
        const account = takeAccountDirective();
        if (account) yield account;
        block = undefined;
        continue;
      }
      const indented = /^[ \t]/.test(text);
      if (indented) {
        const body = text.trim();
        if (txn) {
          if (body.startsWith(';') || body.startsWith('#')) {
            const comment = body.slice(1).trim();
            const last = txn.postings.at(-1);
            if (last) last.comment = last.comment === null ? comment : `${last.comment}\n${comment}`;
            else txn.comment = txn.comment === null ? comment : `${txn.comment}\n${comment}`;
            continue;
          }
          txn.postings.push(posting(body));
          continue;
        }
        if (block?.kind === 'account') {
          if (body.startsWith(';')) {
            const type = typeTag(body.slice(1));
            if (type) block.directive.type = type;
            continue;
          }
          fail(`"${body}" is not something an account directive can contain`);
        }
        if (block?.kind === 'commodity') {
          const format = /^format\s+(.+)$/.exec(body);
          if (format) {
            setStyle(format[1]!);
            continue;
          }
          if (body.startsWith(';')) continue;
          fail(`"${body}" is not something a commodity directive can contain (only format and comments)`);
        }
        if (block?.kind === 'other' || body.startsWith(';') || body.startsWith('#')) continue;
        fail('an indented line outside a transaction: postings belong under a transaction line');
      }
      // A new top-level line ends the transaction or directive before it.
      if (txn) {
        yield finish(txn, n);
        txn = undefined;
      }
      const account = takeAccountDirective();
      if (account) yield account;
      block = undefined;

      const first = text[0]!;
      if (first === ';' || first === '#' || first === '*' || first === '%' || first === '|') continue;
      if (/^\d/.test(text)) {
        txn = header(text);
        continue;
      }
      if (first === '~')
        fail('periodic transactions (~) are not supported; they are forecasts, not postings');
      if (first === '=') fail('auto posting rules (= QUERY) are not supported; write the postings out');
      const word = /^(Y)(\d{4})$/.exec(text) ?? /^(\S+)\s*(.*)$/.exec(text)!;
      const directive = word[1]!;
      const rest = word[2]!;
      switch (directive) {
        case 'comment':
          inCommentBlock = true;
          continue;
        case 'account': {
          const m = /^(.*?)(?:\s{2,}|\t|\s*;|$)(.*)$/.exec(rest)!;
          const name = m[1]!.trim();
          if (name === '') fail('the account directive needs an account name');
          const comment = m[2]!.replace(/^\s*;/, '');
          pendingAccount = { kind: 'account', line: n, name, type: typeTag(comment) };
          block = { kind: 'account', directive: pendingAccount };
          continue;
        }
        case 'commodity': {
          const body = rest.replace(/\s*;.*$/, '').trim();
          if (body === '') fail('the commodity directive needs a commodity');
          if (/\d/.test(body)) setStyle(body);
          block = { kind: 'commodity' };
          continue;
        }
        case 'D': {
          const body = rest.replace(/\s*;.*$/, '').trim();
          const sample = sampleStyle(body);
          ctx.defaultCommodity = sample.commodity;
          if (sample.style) styles.set(sample.commodity, sample.style);
          amount(body);
          continue;
        }
        case 'decimal-mark': {
          const mark = rest.trim();
          if (mark !== '.' && mark !== ',') fail('decimal-mark takes . or ,');
          ctx.decimalMark = mark as '.' | ',';
          continue;
        }
        case 'Y':
        case 'year': {
          const y = rest.trim();
          if (!/^\d{4}$/.test(y)) fail(`"${y}" is not a year`);
          year = Number(y);
          continue;
        }
        case 'P': {
          const m = /^(\S+)\s+("[^"]+"|\S+)\s+(.+?)\s*(?:;.*)?$/.exec(rest);
          if (!m) fail('a market price reads P DATE COMMODITY PRICE');
          const priced = quantity(`1 ${m![2]!}`);
          const price = quantity(m![3]!);
          if (price.negative || price.digits === 0n) fail('a market price must be positive');
          yield {
            kind: 'price',
            line: n,
            date: date(m![1]!),
            currency: priced.currency,
            commodity: priced.commodity,
            price,
          };
          continue;
        }
        default:
          if (IGNORED_DIRECTIVES.has(directive)) {
            block = { kind: 'other' };
            continue;
          }
          fail(REFUSED_DIRECTIVES[directive] ?? `"${directive}" is not a directive Ordo can import`);
      }
    }
  if (txn) yield finish(txn, n);
  const account = takeAccountDirective();
  if (account) yield account;

  function setStyle(sampleText: string) {
    const sample = sampleStyle(sampleText);
    if (sample.style) styles.set(sample.commodity, sample.style);
  }

  function sampleStyle(sampleText: string) {
    try {
      return styleFromSample(sampleText);
    } catch (error) {
      if (error instanceof AmountProblem) return fail(error.message);
      throw error;
    }
  }

  function header(line: string): JournalTransaction {
    const m = /^(\S+?)(?:=(\S+))?(?:\s+(.*))?$/.exec(line)!;
    const primary = date(m[1]!);
    const secondary = m[2] ? date(m[2]) : null;
    let rest = m[3] ?? '';
    let comment: string | null = null;
    const semi = rest.indexOf(';');
    if (semi >= 0) {
      comment = rest.slice(semi + 1).trim();
      rest = rest.slice(0, semi);
    }
    rest = rest.trim();
    let status: EntryStatus = '';
    if (rest.startsWith('*') || rest.startsWith('!')) {
      status = rest[0] as EntryStatus;
      rest = rest.slice(1).trim();
    }
    let code: string | null = null;
    const codeMatch = /^\(([^)]*)\)\s*(.*)$/.exec(rest);
    if (codeMatch) {
      code = codeMatch[1]!.trim() || null;
      rest = codeMatch[2]!;
    }
    let payee: string | null = null;
    let description = rest.trim();
    const bar = description.indexOf('|');
    if (bar >= 0) {
      payee = description.slice(0, bar).trim();
      description = description.slice(bar + 1).trim();
    }
    return {
      kind: 'transaction',
      line: n,
      date: primary,
      date2: secondary,
      status,
      code,
      payee,
      description,
      comment,
      postings: [],
    };
  }

  function posting(body: string): JournalPosting {
    let rest = body;
    let status: EntryStatus = '';
    if (rest.startsWith('*') || rest.startsWith('!')) {
      status = rest[0] as EntryStatus;
      rest = rest.slice(1).trim();
    }
    let comment: string | null = null;
    let rate: string | null = null;
    const semi = rest.indexOf(';');
    if (semi >= 0) {
      comment = rest.slice(semi + 1).trim();
      rest = rest.slice(0, semi).trimEnd();
      // Ordo's exports carry a foreign line's rate into the books' currency as a tag.
      const tag = RATE_TAG.exec(comment);
      if (tag) {
        rate = tag[1]!;
        comment = comment.slice(0, tag.index).replace(/[,\s]+$/, '') || null;
      }
    }
    // The account name ends at two spaces or a tab.
    const split = /\s{2,}|\t/.exec(rest);
    const account = (split ? rest.slice(0, split.index) : rest).trim();
    let amountText = split ? rest.slice(split.index).trim() : '';
    if (account.startsWith('(') || account.startsWith('['))
      fail(`virtual postings (${account}) are not supported; every posting must be real and balance`);
    if (account === '') fail('a posting needs an account');
    if (comment !== null && /(?:^|[\s,])date2?:/.test(comment))
      fail('posting dates (a date: tag) are not supported; an entry has one date, so split the transaction');
    let assertion: JournalPosting['assertion'] = null;
    // Most postings have neither an assertion nor a price: a look for the sign spares the regex.
    const assert = amountText.includes('=') ? /^(.*?)\s*(==?)(\*?)\s*(.+)$/.exec(amountText) : null;
    if (assert && !/@/.test(assert[4]!)) {
      if (assert[1]!.trim() === '')
        fail('balance assignments (a posting with only "= AMOUNT") are not supported; write the amount');
      assertion = {
        amount: amount(assert[4]!.trim()),
        total: assert[2] === '==',
        inclusive: assert[3] === '*',
      };
      amountText = assert[1]!.trim();
    } else if (assert) fail('a balance assertion with a cost is not supported');
    let price: JournalPosting['price'] = null;
    const at = amountText.includes('@') ? /^(.*?)\s*(@@?)\s*(.+)$/.exec(amountText) : null;
    if (at) {
      const quantity_ = quantity(at[3]!.trim());
      if (quantity_.negative) fail('a price must not be negative');
      price = { kind: at[2] === '@@' ? 'total' : 'unit', quantity: quantity_ };
      amountText = at[1]!.trim();
      if (amountText === '') fail('a price needs an amount before it');
    }
    return {
      line: n,
      status,
      account,
      amount: amountText === '' ? null : amount(amountText),
      price,
      assertion,
      comment,
      rate,
    };
  }

  function finish(t: JournalTransaction, next: number): JournalTransaction {
    if (t.postings.length < 2) {
      n = t.line;
      fail(`the transaction has ${t.postings.length} posting(s); it needs two or more`);
    }
    const elided = t.postings.filter((p) => p.amount === null);
    if (elided.length > 1) {
      n = elided[1]!.line;
      fail('a transaction can leave out at most one amount');
    }
    n = next;
    return t;
  }
}

function typeTag(comment: string): HledgerTypeCode | undefined {
  const m = /(?:^|[\s,])type:\s*([A-Za-z]+)/.exec(comment);
  if (!m) return undefined;
  return TYPE_CODES[m[1]!.toLowerCase()];
}
