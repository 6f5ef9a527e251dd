import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireActor } from '../../api/auth.middleware.ts';
import type { AppEnv } from '../../api/env.ts';
import { BusinessDate, errorResponses, IdParam, json, jsonBody, page } from '../../api/openapi.ts';
import { integer } from '../sales/sales.kit.ts';
import type { ApprovalRule } from './approval.domain.ts';
import { getBillPayment, listBillPayments, payBills } from './bill-payment.service.ts';
import * as contracts from './contracts.ts';
import { billsDueSoon, payablesAging } from './payables.query.ts';
import { addDays, purchasingRead, purchasingTransaction, today } from './purchasing.kit.ts';
import { agingView, dueSoonView, paymentView } from './purchasing.view.ts';
import {
  type PurchasingSettings,
  purchasingSettingsOf,
  updatePurchasingSettings,
} from './settings.service.ts';

// Payables settings (approval rules), payments made, aging and the bills due soon over HTTP.

const tags = ['Purchasing'];

const settingsView = (s: PurchasingSettings) => ({
  ...s,
  approvalRules: s.approvalRules.map((r) => ({ ...r, aboveAmount: integer(BigInt(r.aboveAmount)) })),
});

export function payablesRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  const db = (c: Context<AppEnv>) => c.get('deps').store.db;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/purchasing/settings',
      tags,
      summary: 'Approval rules, bill number patterns and the input tax account',
      responses: { 200: json(contracts.SettingsSchema, 'Settings'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const settings = await purchasingRead(db(c), actor, (q) => purchasingSettingsOf(q, actor.orgId));
      return c.json(settingsView(settings), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: '/purchasing/settings',
      tags,
      summary:
        'Set the approval rules (e.g. above 1,000 an owner approves; above 10,000 two different approvers), number patterns, input tax account',
      request: jsonBody(contracts.SettingsInput),
      responses: { 200: json(contracts.SettingsSchema, 'Saved'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const { approvalRules, ...rest } = c.req.valid('json');
      const input: Partial<PurchasingSettings> = {
        ...rest,
        approvalRules: approvalRules.map(
          (r): ApprovalRule => ({
            ...r,
            aboveAmount: String(r.aboveAmount),
            accountIds: r.accountIds ?? [],
            roles: r.roles ?? [],
          }),
        ),
      };
      const saved = await purchasingTransaction(db(c), actor, 'purchasing:settings', (tx) =>
        updatePurchasingSettings(tx, actor, input),
      );
      return c.json(settingsView(saved), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/purchasing/payments',
      tags,
      summary: 'Payments made to vendors, newest first',
      request: {
        query: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(50),
          cursor: z.string().max(200).optional(),
          vendorId: z.string().min(1).max(64).optional(),
        }),
      },
      responses: { 200: json(page(contracts.BillPaymentSchema), 'Payments'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const query = c.req.valid('query');
      const result = await purchasingRead(db(c), actor, (q) => listBillPayments(q, actor.orgId, query));
      return c.json({ items: result.items.map(paymentView), nextCursor: result.nextCursor }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/purchasing/payments',
      tags,
      summary:
        'Pay one vendor’s bills from a bank or cash account, an amount per bill (never more than it owes)',
      request: jsonBody(contracts.BillPaymentInput),
      responses: { 201: json(contracts.BillPaymentSchema, 'Paid'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const body = c.req.valid('json');
      const payment = await purchasingTransaction(db(c), actor, 'bill:pay', (tx) =>
        payBills(tx, actor, body),
      );
      return c.json(paymentView(payment), 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/purchasing/payments/{id}',
      tags,
      summary: 'One payment with the bills it paid',
      request: { params: IdParam },
      responses: { 200: json(contracts.BillPaymentSchema, 'The payment'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const payment = await purchasingRead(db(c), actor, (q) =>
        getBillPayment(q, actor.orgId, c.req.valid('param').id),
      );
      return c.json(paymentView(payment), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/purchasing/aging',
      tags,
      summary:
        'Payables aging as of a date (default today): current, 1–30, 31–60, 61–90, 90+ days past due, by vendor',
      request: {
        query: z.object({ asOf: BusinessDate.optional(), vendorId: z.string().min(1).max(64).optional() }),
      },
      responses: { 200: json(contracts.AgingSchema, 'Aging'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const { asOf = today(), vendorId } = c.req.valid('query');
      const rows = await purchasingRead(db(c), actor, (q) => payablesAging(q, actor.orgId, asOf, vendorId));
      return c.json(agingView(asOf, rows), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/purchasing/due',
      tags,
      summary:
        'Bills due in the next N days (7 or 30, say), overdue ones included, with the cash needed per currency',
      request: {
        query: z.object({
          days: z.coerce.number().int().min(0).max(366).default(7),
          today: BusinessDate.optional().openapi({ description: 'Default: today (UTC)' }),
        }),
      },
      responses: { 200: json(contracts.DueSoonSchema, 'Due soon'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const { days, today: from = today() } = c.req.valid('query');
      const due = await purchasingRead(db(c), actor, (q) =>
        billsDueSoon(q, actor.orgId, from, addDays(from, days)),
      );
      return c.json(dueSoonView(due), 200);
    },
  );
  return app;
}
