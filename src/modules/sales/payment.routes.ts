import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireActor } from '../../api/auth.middleware.ts';
import type { AppEnv } from '../../api/env.ts';
import { errorResponses, IdParam, json, jsonBody, PageQuery, page } from '../../api/openapi.ts';
import * as contracts from './contracts.ts';
import { applyPayment, getPayment, listPayments, recordPayment } from './payment.service.ts';
import { refundPayment } from './refund.service.ts';
import { salesRead, salesTransaction } from './sales.kit.ts';
import { paymentView } from './sales.view.ts';

const tags = ['Sales'];

export function paymentRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  const db = (c: Context<AppEnv>) => c.get('deps').store.db;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/sales/payments',
      tags,
      summary: 'Payments received and refunds, newest first',
      request: { query: PageQuery.extend({ customerId: z.string().min(1).max(64).optional() }) },
      responses: { 200: json(page(contracts.PaymentSchema), 'Payments'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const result = await salesRead(db(c), actor, (q) => listPayments(q, actor.orgId, c.req.valid('query')));
      return c.json({ items: result.items.map(paymentView), nextCursor: result.nextCursor }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/sales/payments',
      tags,
      summary:
        'Record a payment received: allocated to the invoices given (default: the oldest open ones); the rest is customer credit',
      request: jsonBody(contracts.PaymentInput),
      responses: { 201: json(contracts.PaymentSchema, 'Recorded'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const body = c.req.valid('json');
      const payment = await salesTransaction(db(c), actor, 'payment:write', (tx) =>
        recordPayment(tx, actor, body),
      );
      return c.json(paymentView(payment), 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/sales/payments/{id}',
      tags,
      summary: 'One payment with its allocations',
      request: { params: IdParam },
      responses: { 200: json(contracts.PaymentSchema, 'The payment'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const payment = await salesRead(db(c), actor, (q) =>
        getPayment(q, actor.orgId, c.req.valid('param').id),
      );
      return c.json(paymentView(payment), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/sales/payments/{id}/apply',
      tags,
      summary: "Apply a payment's unapplied credit to invoices",
      request: { params: IdParam, ...jsonBody(contracts.ApplyInput) },
      responses: { 200: json(contracts.PaymentSchema, 'The payment'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const body = c.req.valid('json');
      const payment = await salesTransaction(db(c), actor, 'payment:write', (tx) =>
        applyPayment(tx, actor, c.req.valid('param').id, body),
      );
      return c.json(paymentView(payment), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/sales/payments/{id}/refund',
      tags,
      summary: "Refund a payment's unapplied credit to the customer",
      request: { params: IdParam, ...jsonBody(contracts.RefundInput) },
      responses: { 201: json(contracts.PaymentSchema, 'The refund'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const body = c.req.valid('json');
      const refund = await salesTransaction(db(c), actor, 'payment:write', (tx) =>
        refundPayment(tx, actor, c.req.valid('param').id, body),
      );
      return c.json(paymentView(refund), 201);
    },
  );
  return app;
}
