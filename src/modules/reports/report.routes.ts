import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireActor } from '../../api/auth.middleware.ts';
import type { AppEnv } from '../../api/env.ts';
import { errorResponses } from '../../api/openapi.ts';
import { AppError } from '../../core/errors.ts';
import * as contracts from './contracts.ts';
import {
  type ExportFormat,
  exportReport,
  getAccountActivity,
  getBalanceSheet,
  getCashFlow,
  getGeneralLedger,
  getIncomeStatement,
  getTrialBalance,
  type ReportRequest,
  streamLedgerCsv,
} from './report.service.ts';

const tags = ['Reports'];
const todayUtc = () => new Date().toISOString().slice(0, 10);

/** Bigints become JSON integers; one beyond ±2^53 is refused rather than rounded. */
type Jsonified<T> = T extends bigint
  ? number
  : T extends (infer U)[]
    ? Jsonified<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;

function jsonified<T>(value: T): Jsonified<T> {
  if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER))
      throw new AppError(
        'unprocessable',
        'AMOUNT_TOO_LARGE_FOR_JSON',
        `The amount ${value} minor units is beyond what JSON numbers carry exactly (±2^53); export the report as CSV instead.`,
      );
    return Number(value) as Jsonified<T>;
  }
  if (Array.isArray(value)) return value.map(jsonified) as Jsonified<T>;
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonified(v)])) as Jsonified<T>;
  return value as Jsonified<T>;
}

const binary = z.string().openapi({ type: 'string', format: 'binary' });

/** JSON by default; with `format=csv|xlsx|pdf` the same report as a file download. */
const reportResponses = (schema: z.ZodType, description: string) => ({
  200: {
    content: {
      'application/json': { schema },
      'text/csv': { schema: binary },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: binary },
      'application/pdf': { schema: binary },
    },
    description: `${description}; a download (Content-Disposition: attachment) for format=csv, xlsx or pdf`,
  },
  ...errorResponses,
});

export function reportRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  const db = (c: Context<AppEnv>) => c.get('deps').store.db;

  const fileHeaders = (file: { fileName: string; contentType: string }) => ({
    'content-type': file.contentType,
    'content-disposition': `attachment; filename="${file.fileName}"`,
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
  });

  /** Sends the report as a file in the asked format; ledger CSVs stream, a page of lines at a time. */
  async function download(c: Context<AppEnv>, request: ReportRequest, format: ExportFormat) {
    if (format === 'csv' && (request.report === 'general-ledger' || request.report === 'account-activity')) {
      const file = await streamLedgerCsv(db(c), requireActor(c), request);
      const encoder = new TextEncoder();
      const iterator = file.chunks[Symbol.asyncIterator]();
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const next = await iterator.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        },
        async cancel() {
          await iterator.return?.();
        },
      });
      return c.body(body, 200, fileHeaders(file));
    }
    const file = await exportReport(db(c), requireActor(c), request, format);
    return c.body(new Uint8Array(file.bytes), 200, fileHeaders(file));
  }

  app.openapi(
    createRoute({
      method: 'get',
      path: '/reports/trial-balance',
      tags,
      summary: 'Trial balance at the end of a day: per account and currency, debits and credits that balance',
      request: { query: contracts.TrialBalanceQuery },
      responses: reportResponses(contracts.TrialBalanceSchema, 'The trial balance'),
    }),
    async (c) => {
      const { asOf, format } = c.req.valid('query');
      const input = { asOf: asOf ?? todayUtc() };
      if (format && format !== 'json') return download(c, { report: 'trial-balance', ...input }, format);
      return c.json(jsonified(await getTrialBalance(db(c), requireActor(c), input)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/reports/income-statement',
      tags,
      summary:
        'Income statement (profit and loss) for a range: by account hierarchy, per month, quarter or year, optionally against a prior period',
      request: { query: contracts.IncomeStatementQuery },
      responses: reportResponses(contracts.IncomeStatementSchema, 'The income statement'),
    }),
    async (c) => {
      const { format, ...input } = c.req.valid('query');
      if (format && format !== 'json') return download(c, { report: 'income-statement', ...input }, format);
      return c.json(jsonified(await getIncomeStatement(db(c), requireActor(c), input)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/reports/balance-sheet',
      tags,
      summary: 'Balance sheet at the end of a day, with the current year’s earnings and a balance check',
      request: { query: contracts.BalanceSheetQuery },
      responses: reportResponses(contracts.BalanceSheetSchema, 'The balance sheet'),
    }),
    async (c) => {
      const { format, asOf, compareAsOf } = c.req.valid('query');
      const input = { asOf: asOf ?? todayUtc(), ...(compareAsOf ? { compareAsOf } : {}) };
      if (format && format !== 'json') return download(c, { report: 'balance-sheet', ...input }, format);
      return c.json(jsonified(await getBalanceSheet(db(c), requireActor(c), input)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/reports/cash-flow',
      tags,
      summary: 'Cash flow statement for a range (indirect method), reconciled to the change in cash',
      request: { query: contracts.CashFlowQuery },
      responses: reportResponses(contracts.CashFlowSchema, 'The cash flow statement'),
    }),
    async (c) => {
      const { format, ...input } = c.req.valid('query');
      if (format && format !== 'json') return download(c, { report: 'cash-flow', ...input }, format);
      return c.json(jsonified(await getCashFlow(db(c), requireActor(c), input)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/reports/general-ledger',
      tags,
      summary:
        'General ledger for a range: per account the opening balance, each line with its running balance, the closing balance; paged by lines',
      request: { query: contracts.GeneralLedgerQuery },
      responses: reportResponses(contracts.GeneralLedgerSchema, 'A page of the general ledger'),
    }),
    async (c) => {
      const { format, limit, cursor, ...input } = c.req.valid('query');
      if (format && format !== 'json') return download(c, { report: 'general-ledger', ...input }, format);
      const page = { limit, ...(cursor ? { cursor } : {}) };
      return c.json(jsonified(await getGeneralLedger(db(c), requireActor(c), input, page)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/reports/account-activity',
      tags,
      summary: 'One account’s lines in a range with opening, running and closing balances; paged',
      request: { query: contracts.AccountActivityQuery },
      responses: reportResponses(contracts.AccountActivitySchema, 'A page of the account’s activity'),
    }),
    async (c) => {
      const { format, limit, cursor, ...input } = c.req.valid('query');
      if (format && format !== 'json') return download(c, { report: 'account-activity', ...input }, format);
      const page = { limit, ...(cursor ? { cursor } : {}) };
      return c.json(jsonified(await getAccountActivity(db(c), requireActor(c), input, page)), 200);
    },
  );

  return app;
}
