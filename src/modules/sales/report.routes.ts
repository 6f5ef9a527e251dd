import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireActor } from '../../api/auth.middleware.ts';
import type { AppEnv } from '../../api/env.ts';
import { errorResponses, json } from '../../api/openapi.ts';
import { AppError } from '../../core/errors.ts';
import { AGING_BUCKETS, receivablesAging } from './aging.query.ts';
import * as contracts from './contracts.ts';
import { integer, salesRead, today } from './sales.kit.ts';
import { taxSummary } from './tax.query.ts';

const tags = ['Sales'];
const Buckets = z.object(
  Object.fromEntries(AGING_BUCKETS.map((b) => [b, z.number()])) as Record<
    (typeof AGING_BUCKETS)[number],
    z.ZodNumber
  >,
);
const AgingSchema = z
  .object({
    asOf: z.string(),
    items: z.array(
      z.object({
        customerId: z.string(),
        customerName: z.string(),
        currency: z.string(),
        buckets: Buckets,
        total: z.number(),
        invoices: z.array(
          z.object({
            id: z.string(),
            number: z.string(),
            issueDate: z.string(),
            dueDate: z.string(),
            daysOverdue: z.number(),
            bucket: z.string(),
            open: z.number(),
          }),
        ),
      }),
    ),
  })
  .openapi('ReceivablesAging');
const TaxSummarySchema = z
  .object({
    from: z.string(),
    to: z.string(),
    items: z.array(
      z.object({
        taxRateId: z.string(),
        name: z.string(),
        category: z.string(),
        percent: z.string(),
        currency: z.string(),
        taxableAmount: z.number(),
        taxAmount: z.number(),
        baseTaxableAmount: z.number(),
        baseTaxAmount: z.number(),
        documents: z.number(),
      }),
    ),
  })
  .openapi('TaxSummary');

export function salesReportRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  const db = (c: Context<AppEnv>) => c.get('deps').store.db;
  app.openapi(
    createRoute({
      method: 'get',
      path: '/sales/aging',
      tags,
      summary:
        'Receivables aging (current, 1–30, 31–60, 61–90, 90+ days past due) by customer, with the invoices',
      request: { query: contracts.AgingQuery },
      responses: { 200: json(AgingSchema, 'Aging'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const { asOf = today(), customerId } = c.req.valid('query');
      const rows = await salesRead(db(c), actor, (q) => receivablesAging(q, actor.orgId, asOf, customerId));
      return c.json(
        {
          asOf,
          items: rows.map((r) => ({
            ...r,
            buckets: Object.fromEntries(AGING_BUCKETS.map((b) => [b, integer(r.buckets[b])])) as Record<
              (typeof AGING_BUCKETS)[number],
              number
            >,
            total: integer(r.total),
            invoices: r.invoices.map((i) => ({ ...i, open: integer(i.open) })),
          })),
        },
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/sales/tax-summary',
      tags,
      summary: 'Taxable amounts and tax per rate for documents issued in a period (credit notes subtracted)',
      request: { query: contracts.PeriodQuery },
      responses: { 200: json(TaxSummarySchema, 'Tax summary'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const { from, to } = c.req.valid('query');
      if (from > to)
        throw new AppError('invalid', 'INVALID_PERIOD', 'The period ends before it starts.', { field: 'to' });
      const rows = await salesRead(db(c), actor, (q) => taxSummary(q, actor.orgId, from, to));
      return c.json(
        {
          from,
          to,
          items: rows.map((r) => ({
            ...r,
            taxableAmount: integer(r.taxableAmount),
            taxAmount: integer(r.taxAmount),
            baseTaxableAmount: integer(r.baseTaxableAmount),
            baseTaxAmount: integer(r.baseTaxAmount),
          })),
        },
        200,
      );
    },
  );
  return app;
}
