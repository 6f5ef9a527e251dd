import { and, asc, desc, eq, gt, gte, lte, or, type SQL } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { invalid } from '../../core/errors.ts';
import { isBusinessDate, isCurrency } from '../../core/money.ts';
import type { Queryable, Tx } from '../../db/client.ts';
import { emitEvent } from '../../jobs/outbox.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { assertCan } from '../identity/permissions.ts';
import { invalidCursor } from './errors.ts';
import { checkBusinessDate, parseRate } from './journal.domain.ts';
import { exchangeRate } from './ledger.table.ts';

/** One unit of `base` is worth `rate` units of `quote` on `date` (and after it, until the next rate). */
export interface ExchangeRate {
  base: string;
  quote: string;
  date: string;
  rate: string;
  updatedAt: Date;
}

function checkCurrency(code: unknown, field: string): string {
  if (!isCurrency(code))
    throw invalid('INVALID_CURRENCY', `${field}: ${JSON.stringify(code)} is not an ISO 4217 currency code.`, {
      field,
    });
  return code;
}

/** Records the rate of a currency pair on a date, replacing the one recorded for that date. Needs `ledger:settings`. */
export async function setExchangeRate(
  tx: Tx,
  actor: Actor,
  input: { base: string; quote: string; date: string; rate: string },
): Promise<ExchangeRate> {
  assertCan(actor, 'ledger:settings');
  const base = checkCurrency(input.base, 'base');
  const quote = checkCurrency(input.quote, 'quote');
  if (base === quote)
    throw invalid('VALIDATION_FAILED', 'quote: choose a currency other than the base currency.', {
      field: 'quote',
    });
  checkBusinessDate(input.date);
  const rate = parseRate(input.rate);
  if (!rate)
    throw invalid(
      'INVALID_RATE',
      `rate: "${String(input.rate).slice(0, 40)}" is not a positive decimal rate.`,
      {
        field: 'rate',
      },
    );
  const [before] = await tx
    .select()
    .from(exchangeRate)
    .where(
      and(
        eq(exchangeRate.orgId, actor.orgId),
        eq(exchangeRate.base, base),
        eq(exchangeRate.quote, quote),
        eq(exchangeRate.date, input.date),
      ),
    );
  const [row] = await tx
    .insert(exchangeRate)
    .values({ orgId: actor.orgId, base, quote, date: input.date, rate: rate.text })
    .onConflictDoUpdate({
      target: [exchangeRate.orgId, exchangeRate.base, exchangeRate.quote, exchangeRate.date],
      set: { rate: rate.text, updatedAt: new Date() },
    })
    .returning();
  const { orgId: _o, ...after } = row!;
  await recordAudit(tx, actor, {
    entity: 'exchange_rate',
    entityId: `${base}/${quote}@${input.date}`,
    action: before ? 'update' : 'create',
    before,
    after,
  });
  await emitEvent(tx, actor.orgId, 'ledger.exchange_rate_set', {
    base,
    quote,
    date: input.date,
    rate: rate.text,
  });
  return after;
}

/** The rate in force on `date`: the latest recorded on or before it. */
export async function exchangeRateOn(
  q: Queryable,
  orgId: string,
  base: string,
  quote: string,
  date: string,
): Promise<{ date: string; rate: string } | undefined> {
  const [row] = await q
    .select({ date: exchangeRate.date, rate: exchangeRate.rate })
    .from(exchangeRate)
    .where(
      and(
        eq(exchangeRate.orgId, orgId),
        eq(exchangeRate.base, base),
        eq(exchangeRate.quote, quote),
        lte(exchangeRate.date, date),
      ),
    )
    .orderBy(desc(exchangeRate.date))
    .limit(1);
  return row;
}

export interface ExchangeRateFilter {
  base?: string;
  quote?: string;
  /** Inclusive dates. */
  from?: string;
  to?: string;
}

const encodeCursor = (r: { base: string; quote: string; date: string }) =>
  Buffer.from(JSON.stringify([r.base, r.quote, r.date])).toString('base64url');

function decodeCursor(cursor: string): [string, string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown;
    // Currencies and a day that exists, or the comparison would fail in the database.
    if (
      Array.isArray(value) &&
      value.length === 3 &&
      value.every((v) => typeof v === 'string') &&
      isCurrency(value[0]) &&
      isCurrency(value[1]) &&
      isBusinessDate(value[2])
    )
      return value as [string, string, string];
  } catch {}
  throw invalidCursor();
}

/** Recorded rates by pair, then date, one page at a time. */
export async function listExchangeRates(
  q: Queryable,
  orgId: string,
  filter: ExchangeRateFilter,
  page: { limit: number; cursor?: string },
): Promise<{ items: ExchangeRate[]; nextCursor: string | null }> {
  const conditions: SQL[] = [eq(exchangeRate.orgId, orgId)];
  if (filter.base) conditions.push(eq(exchangeRate.base, filter.base));
  if (filter.quote) conditions.push(eq(exchangeRate.quote, filter.quote));
  if (filter.from) conditions.push(gte(exchangeRate.date, filter.from));
  if (filter.to) conditions.push(lte(exchangeRate.date, filter.to));
  if (page.cursor) {
    const [base, quote, date] = decodeCursor(page.cursor);
    conditions.push(
      or(
        gt(exchangeRate.base, base),
        and(eq(exchangeRate.base, base), gt(exchangeRate.quote, quote)),
        and(eq(exchangeRate.base, base), eq(exchangeRate.quote, quote), gt(exchangeRate.date, date)),
      )!,
    );
  }
  const rows = await q
    .select()
    .from(exchangeRate)
    .where(and(...conditions))
    .orderBy(asc(exchangeRate.base), asc(exchangeRate.quote), asc(exchangeRate.date))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit).map(({ orgId: _o, ...rate }) => rate);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > page.limit && last ? encodeCursor(last) : null };
}
