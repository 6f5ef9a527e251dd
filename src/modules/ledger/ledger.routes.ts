import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireActor } from '../../api/auth.middleware.ts';
import type { AppEnv } from '../../api/env.ts';
import { errorResponses, IdParam, isoDate, json, jsonBody, page } from '../../api/openapi.ts';
import { AppError } from '../../core/errors.ts';
import { companyProfileOf } from '../company/company.service.ts';
import {
  archiveAccount,
  createAccount,
  deleteAccount,
  getAccount,
  unarchiveAccount,
  updateAccount,
} from './account.service.ts';
import { type AccountWithBalances, accountsWithBalances } from './balance.query.ts';
import { applyChartTemplate, CHART_TEMPLATES } from './chart-templates.ts';
import * as contracts from './contracts.ts';
import { createDraft, type DraftInput, deleteDraft, postDraft, updateDraft } from './draft.service.ts';
import { listExchangeRates, setExchangeRate } from './exchange-rate.service.ts';
import { listEntries } from './journal.query.ts';
import { getEntry, type JournalEntry } from './journal.repo.ts';
import { postManualEntry, reverseManualEntry } from './journal.service.ts';
import { ledgerRead, ledgerSettingsOf, ledgerTransaction } from './ledger.repo.ts';
import { todayUtc } from './period.domain.ts';
import { closeYear, listFiscalYears, setLockDates } from './period.service.ts';
import { verifyOwnLedger } from './verify.ts';

const tags = ['Ledger'];

/** Minor units as a JSON integer; a figure beyond what a JSON number carries exactly is refused, not rounded. */
function integer(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER))
    throw new AppError(
      'unprocessable',
      'AMOUNT_TOO_LARGE_FOR_JSON',
      `The amount ${value} minor units is beyond what JSON numbers carry exactly (±2^53).`,
    );
  return Number(value);
}

const accountView = (a: AccountWithBalances) => ({
  ...a,
  archivedAt: isoDate(a.archivedAt),
  createdAt: a.createdAt.toISOString(),
  updatedAt: a.updatedAt.toISOString(),
  balances: a.balances.map((b) => ({
    currency: b.currency,
    amount: integer(b.amount),
    baseAmount: integer(b.baseAmount),
  })),
  baseBalance: integer(a.baseBalance),
});

const entryView = (e: JournalEntry) => ({
  ...e,
  postedAt: isoDate(e.postedAt),
  createdAt: e.createdAt.toISOString(),
  updatedAt: e.updatedAt.toISOString(),
  lines: e.lines.map((l) => ({
    ...l,
    amount: integer(l.amount),
    baseAmount: l.baseAmount === null ? null : integer(l.baseAmount),
  })),
});

type LineBody = z.infer<typeof contracts.JournalLineInputSchema>;
const linesIn = (lines: LineBody[]) =>
  lines.map((l) => ({
    accountId: l.accountId,
    amount: BigInt(l.amount),
    ...(l.currency ? { currency: l.currency } : {}),
    ...(l.rate ? { rate: l.rate } : {}),
    memo: l.memo ?? null,
  }));

export function ledgerRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  const db = (c: Context<AppEnv>) => c.get('deps').store.db;

  /** One account with its balances as of `asOf`. */
  const accountWithBalances = (c: Context<AppEnv>, id: string, asOf = todayUtc()) =>
    ledgerRead(db(c), requireActor(c), async (q) => {
      const orgId = requireActor(c).orgId;
      await getAccount(q, orgId, id);
      const all = await accountsWithBalances(q, orgId, { asOf, includeArchived: true });
      return all.find((a) => a.id === id)!;
    });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/accounts',
      tags,
      summary: 'The chart of accounts with balances as of a date',
      request: { query: contracts.AccountsQuery },
      responses: {
        200: json(z.object({ items: z.array(contracts.AccountSchema) }), 'Accounts, by name'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { asOf, includeArchived } = c.req.valid('query');
      const actor = requireActor(c);
      const items = await ledgerRead(db(c), actor, (q) =>
        accountsWithBalances(q, actor.orgId, {
          asOf: asOf ?? todayUtc(),
          includeArchived: includeArchived !== 'false',
        }),
      );
      return c.json({ items: items.map(accountView) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ledger/accounts',
      tags,
      summary: 'Add an account to the chart',
      request: jsonBody(contracts.CreateAccountInput),
      responses: { 201: json(contracts.AccountSchema, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const body = c.req.valid('json');
      const created = await ledgerTransaction(db(c), actor, (tx) => createAccount(tx, actor, body));
      return c.json(accountView({ ...created, balances: [], baseBalance: 0n, hasPostings: false }), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/accounts/{id}',
      tags,
      summary: 'One account with its balances',
      request: { params: IdParam, query: z.object({ asOf: contracts.BusinessDate.optional() }) },
      responses: { 200: json(contracts.AccountSchema, 'The account'), ...errorResponses },
    }),
    async (c) =>
      c.json(
        accountView(await accountWithBalances(c, c.req.valid('param').id, c.req.valid('query').asOf)),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/ledger/accounts/{id}',
      tags,
      summary:
        'Rename (the accounts below follow), change code, subtype or description; type only without postings',
      request: { params: IdParam, ...jsonBody(contracts.UpdateAccountInput) },
      responses: { 200: json(contracts.AccountSchema, 'Updated'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      await ledgerTransaction(db(c), actor, (tx) => updateAccount(tx, actor, id, body));
      return c.json(accountView(await accountWithBalances(c, id)), 200);
    },
  );

  for (const [verb, run, summary] of [
    ['archive', archiveAccount, 'Archive an account: no more postings to it; its history stays'],
    ['unarchive', unarchiveAccount, 'Open an archived account again'],
  ] as const)
    app.openapi(
      createRoute({
        method: 'post',
        path: `/ledger/accounts/{id}/${verb}`,
        tags,
        summary,
        request: { params: IdParam },
        responses: { 200: json(contracts.AccountSchema, 'Done'), ...errorResponses },
      }),
      async (c) => {
        const actor = requireActor(c);
        const { id } = c.req.valid('param');
        await ledgerTransaction(db(c), actor, (tx) => run(tx, actor, id));
        return c.json(accountView(await accountWithBalances(c, id)), 200);
      },
    );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/ledger/accounts/{id}',
      tags,
      summary: 'Delete an account that was never posted to (otherwise archive it)',
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      await ledgerTransaction(db(c), actor, (tx) => deleteAccount(tx, actor, c.req.valid('param').id));
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/entries',
      tags,
      summary: 'Journal entries, newest first, filterable by date range, account, source and status',
      request: { query: contracts.EntriesQuery },
      responses: { 200: json(page(contracts.JournalEntrySchema), 'Entries'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const { limit, cursor, ...filter } = c.req.valid('query');
      const result = await ledgerRead(db(c), actor, (q) =>
        listEntries(q, actor.orgId, filter, { limit, cursor }),
      );
      return c.json({ items: result.items.map(entryView), nextCursor: result.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ledger/entries',
      tags,
      summary: 'Create a journal entry: a draft, or posted at once with status "posted"',
      request: jsonBody(contracts.CreateEntryInput),
      responses: { 201: json(contracts.JournalEntrySchema, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const { status, lines, ...rest } = c.req.valid('json');
      const input: DraftInput = { ...rest, lines: linesIn(lines) };
      const entry = await ledgerTransaction(db(c), actor, (tx) =>
        status === 'posted' ? postManualEntry(tx, actor, input) : createDraft(tx, actor, input),
      );
      return c.json(entryView(entry), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/entries/{id}',
      tags,
      summary: 'One journal entry with its lines',
      request: { params: IdParam },
      responses: { 200: json(contracts.JournalEntrySchema, 'The entry'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const entry = await ledgerRead(db(c), actor, (q) => getEntry(q, actor.orgId, c.req.valid('param').id));
      return c.json(entryView(entry), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/ledger/entries/{id}',
      tags,
      summary: 'Change a draft (posted entries are immutable: reverse them)',
      request: { params: IdParam, ...jsonBody(contracts.UpdateDraftInput) },
      responses: { 200: json(contracts.JournalEntrySchema, 'Updated'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const { lines, ...rest } = c.req.valid('json');
      const patch: Partial<DraftInput> = { ...rest, ...(lines ? { lines: linesIn(lines) } : {}) };
      const entry = await ledgerTransaction(db(c), actor, (tx) =>
        updateDraft(tx, actor, c.req.valid('param').id, patch),
      );
      return c.json(entryView(entry), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/ledger/entries/{id}',
      tags,
      summary: 'Delete a draft (posted entries are never deleted: reverse them)',
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      await ledgerTransaction(db(c), actor, (tx) => deleteDraft(tx, actor, c.req.valid('param').id));
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ledger/entries/{id}/post',
      tags,
      summary: 'Post a draft: checked, numbered, hash-chained and immutable from then on',
      request: { params: IdParam },
      responses: { 200: json(contracts.JournalEntrySchema, 'Posted'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const entry = await ledgerTransaction(db(c), actor, (tx) =>
        postDraft(tx, actor, c.req.valid('param').id),
      );
      return c.json(entryView(entry), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ledger/entries/{id}/reverse',
      tags,
      summary: 'Post the reversal of a posted entry, linked to it',
      request: { params: IdParam, ...jsonBody(contracts.ReverseInput) },
      responses: { 201: json(contracts.JournalEntrySchema, 'The reversal'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const body = c.req.valid('json');
      const reversal = await ledgerTransaction(db(c), actor, (tx) =>
        reverseManualEntry(tx, actor, c.req.valid('param').id, {
          date: body.date ?? todayUtc(),
          ...(body.description ? { description: body.description } : {}),
        }),
      );
      return c.json(entryView(reversal), 201);
    },
  );

  const settingsView = async (c: Context<AppEnv>) => {
    const actor = requireActor(c);
    return ledgerRead(db(c), actor, async (q) => ({
      ...(await ledgerSettingsOf(q, actor.orgId)),
      fiscalYearStart: (await companyProfileOf(q, actor.orgId)).fiscalYearStart,
    }));
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/settings',
      tags,
      summary: "Lock dates, the chart template applied, the books' currency and fiscal year start",
      responses: { 200: json(contracts.LedgerSettingsSchema, 'Settings'), ...errorResponses },
    }),
    async (c) => c.json(await settingsView(c), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/ledger/settings',
      tags,
      summary: 'Set the lock date for everyone and the one for roles other than owner, admin and accountant',
      request: jsonBody(contracts.LockDatesInput),
      responses: { 200: json(contracts.LedgerSettingsSchema, 'Saved'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      await ledgerTransaction(db(c), actor, (tx) => setLockDates(tx, actor, c.req.valid('json')));
      return c.json(await settingsView(c), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/exchange-rates',
      tags,
      summary: 'Recorded exchange rates by currency pair and date',
      request: { query: contracts.ExchangeRatesQuery },
      responses: { 200: json(page(contracts.ExchangeRateSchema), 'Rates'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const { limit, cursor, ...filter } = c.req.valid('query');
      const result = await ledgerRead(db(c), actor, (q) =>
        listExchangeRates(q, actor.orgId, filter, { limit, cursor }),
      );
      return c.json(
        {
          items: result.items.map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString() })),
          nextCursor: result.nextCursor,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ledger/exchange-rates',
      tags,
      summary: 'Record the rate of a currency pair on a date (replaces that date’s rate)',
      request: jsonBody(contracts.SetExchangeRateInput),
      responses: { 200: json(contracts.ExchangeRateSchema, 'Recorded'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const rate = await ledgerTransaction(db(c), actor, (tx) =>
        setExchangeRate(tx, actor, c.req.valid('json')),
      );
      return c.json({ ...rate, updatedAt: rate.updatedAt.toISOString() }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/chart-templates',
      tags,
      summary: 'Charts of accounts to start from',
      responses: {
        200: json(z.object({ items: z.array(contracts.ChartTemplateSchema) }), 'Templates'),
        ...errorResponses,
      },
    }),
    async (c) => {
      requireActor(c);
      return c.json({ items: CHART_TEMPLATES.map((t) => ({ ...t, accounts: [...t.accounts] })) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ledger/chart/apply-template',
      tags,
      summary: 'Fill an empty chart of accounts from a template',
      request: jsonBody(contracts.ApplyChartTemplateInput),
      responses: {
        201: json(z.object({ items: z.array(contracts.AccountSchema) }), 'The chart'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const actor = requireActor(c);
      const accounts = await ledgerTransaction(db(c), actor, (tx) =>
        applyChartTemplate(tx, actor, c.req.valid('json').templateId),
      );
      return c.json(
        {
          items: accounts.map((a) =>
            accountView({ ...a, balances: [], baseBalance: 0n, hasPostings: false }),
          ),
        },
        201,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/fiscal-years',
      tags,
      summary: 'Fiscal years from the first posting to today, newest first, with their closing entries',
      responses: {
        200: json(z.object({ items: z.array(contracts.FiscalYearSchema) }), 'Years'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const actor = requireActor(c);
      return c.json({ items: await ledgerRead(db(c), actor, (q) => listFiscalYears(q, actor.orgId)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ledger/close-year',
      tags,
      summary: 'Close a fiscal year: income and expense to retained earnings, then lock it',
      request: jsonBody(contracts.CloseYearInput),
      responses: { 201: json(contracts.CloseYearResultSchema, 'Closed'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const { fiscalYearEnd, retainedEarningsAccountId } = c.req.valid('json');
      const result = await ledgerTransaction(db(c), actor, (tx) =>
        closeYear(tx, actor, fiscalYearEnd, retainedEarningsAccountId ? { retainedEarningsAccountId } : {}),
      );
      return c.json({ entry: result.entry ? entryView(result.entry) : null, lockDate: result.lockDate }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/verify',
      tags,
      summary: 'Recompute the hash chain, the balance of every entry and the rollups',
      responses: { 200: json(contracts.LedgerVerifySchema, 'Result'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      return c.json(await verifyOwnLedger(db(c), actor), 200);
    },
  );

  return app;
}
