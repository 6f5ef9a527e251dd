import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireActor } from '../../api/auth.middleware.ts';
import type { AppEnv } from '../../api/env.ts';
import { errorResponses, IdParam, json, jsonBody, page } from '../../api/openapi.ts';
import { billApprovalOf, decideBill, submitBill } from './approval.service.ts';
import { type BillType, listBills, loadBill } from './bill.repo.ts';
import { type BillInput, createBill, deleteBill, scheduleBill, updateBill } from './bill.service.ts';
import { applyVendorCredit, payBill } from './bill-payment.service.ts';
import * as contracts from './contracts.ts';
import { purchasingRead, purchasingTransaction, today } from './purchasing.kit.ts';
import { approvalView, billView, paymentView } from './purchasing.view.ts';

// Bills and vendor credits over HTTP: the same draft routes for each, submission and decisions,
// then a bill's schedule and payment and a credit's application. Thin: services check permissions.

const tags = ['Purchasing'];
const KINDS: { type: BillType; path: string; name: string }[] = [
  { type: 'bill', path: 'bills', name: 'bill' },
  { type: 'vendor_credit', path: 'vendor-credits', name: 'vendor credit' },
];

export function billRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  const db = (c: Context<AppEnv>) => c.get('deps').store.db;
  const one = (description: string) => json(contracts.BillSchema, description);

  for (const kind of KINDS) {
    const base = `/purchasing/${kind.path}`;
    app.openapi(
      createRoute({
        method: 'get',
        path: base,
        tags,
        summary: `${kind.name}s, newest first by date; filter by vendor and status (overdue is derived)`,
        request: { query: contracts.BillsQuery },
        responses: { 200: json(page(contracts.BillSchema), 'Bills'), ...errorResponses },
      }),
      async (c) => {
        const actor = requireActor(c);
        const { limit, cursor, vendorId, status } = c.req.valid('query');
        const now = today();
        const result = await purchasingRead(db(c), actor, (q) =>
          listBills(q, actor.orgId, kind.type, { vendorId, status, today: now }, { limit, cursor }),
        );
        return c.json(
          { items: result.items.map((b) => billView(b, now)), nextCursor: result.nextCursor },
          200,
        );
      },
    );
    app.openapi(
      createRoute({
        method: 'post',
        path: base,
        tags,
        summary: `Enter a draft ${kind.name}; totals are computed here. A likely duplicate (same vendor number, or same amount and date) answers 409 DUPLICATE_BILL with its id unless confirmDuplicate is true`,
        request: jsonBody(kind.type === 'bill' ? contracts.BillInput : contracts.VendorCreditInput),
        responses: { 201: one('Created'), ...errorResponses },
      }),
      async (c) => {
        const actor = requireActor(c);
        const { billId, ...body } = c.req.valid('json') as typeof contracts.VendorCreditInput._output;
        const created = await purchasingTransaction(db(c), actor, 'bill:write', (tx) =>
          createBill(tx, actor, kind.type, { ...body, relatedBillId: billId ?? null } as BillInput),
        );
        return c.json(billView(created, today()), 201);
      },
    );
    app.openapi(
      createRoute({
        method: 'get',
        path: `${base}/{id}`,
        tags,
        summary: `One ${kind.name} with its lines, tax breakdown and totals`,
        request: { params: IdParam },
        responses: { 200: one(`The ${kind.name}`), ...errorResponses },
      }),
      async (c) => {
        const actor = requireActor(c);
        const found = await purchasingRead(db(c), actor, (q) =>
          loadBill(q, actor.orgId, kind.type, c.req.valid('param').id),
        );
        return c.json(billView(found, today()), 200);
      },
    );
    app.openapi(
      createRoute({
        method: 'patch',
        path: `${base}/{id}`,
        tags,
        summary: `Change a draft or rejected ${kind.name} (it becomes a draft again)`,
        request: { params: IdParam, ...jsonBody(contracts.BillPatch) },
        responses: { 200: one('Updated'), ...errorResponses },
      }),
      async (c) => {
        const actor = requireActor(c);
        const body = c.req.valid('json') as Partial<BillInput>;
        const updated = await purchasingTransaction(db(c), actor, 'bill:write', (tx) =>
          updateBill(tx, actor, kind.type, c.req.valid('param').id, body),
        );
        return c.json(billView(updated, today()), 200);
      },
    );
    app.openapi(
      createRoute({
        method: 'delete',
        path: `${base}/{id}`,
        tags,
        summary: `Delete a draft or rejected ${kind.name} (posted ones never are)`,
        request: { params: IdParam },
        responses: { 204: { description: 'Deleted' }, ...errorResponses },
      }),
      async (c) => {
        const actor = requireActor(c);
        await purchasingTransaction(db(c), actor, 'bill:write', (tx) =>
          deleteBill(tx, actor, kind.type, c.req.valid('param').id),
        );
        return c.body(null, 204);
      },
    );
    app.openapi(
      createRoute({
        method: 'post',
        path: `${base}/{id}/submit`,
        tags,
        summary: `Submit a ${kind.name} for approval; with no approval rule applying it is approved and posted at once`,
        request: { params: IdParam },
        responses: { 200: one('Submitted (awaiting approval) or approved'), ...errorResponses },
      }),
      async (c) => {
        const actor = requireActor(c);
        const submitted = await purchasingTransaction(db(c), actor, 'bill:write', (tx) =>
          submitBill(tx, actor, kind.type, c.req.valid('param').id),
        );
        return c.json(billView(submitted, today()), 200);
      },
    );
    for (const decision of ['approve', 'reject'] as const)
      app.openapi(
        createRoute({
          method: 'post',
          path: `${base}/{id}/${decision}`,
          tags,
          summary:
            decision === 'approve'
              ? `Approve a ${kind.name}; the approval the rules still needed posts it. The person who entered it cannot`
              : `Reject a ${kind.name} (a comment says why); it goes back to be edited`,
          request: { params: IdParam, ...jsonBody(contracts.DecisionInput) },
          responses: { 200: one('Decided'), ...errorResponses },
        }),
        async (c) => {
          const actor = requireActor(c);
          const { comment } = c.req.valid('json');
          const decided = await purchasingTransaction(db(c), actor, 'bill:approve', (tx) =>
            decideBill(tx, actor, kind.type, c.req.valid('param').id, decision, comment ?? null),
          );
          return c.json(billView(decided, today()), 200);
        },
      );
    app.openapi(
      createRoute({
        method: 'get',
        path: `${base}/{id}/approval`,
        tags,
        summary: `Where a ${kind.name} stands under the approval rules, and every decision made on it`,
        request: { params: IdParam },
        responses: { 200: json(contracts.ApprovalSchema, 'Approval'), ...errorResponses },
      }),
      async (c) => {
        const actor = requireActor(c);
        const approval = await purchasingRead(db(c), actor, (q) =>
          billApprovalOf(q, actor.orgId, kind.type, c.req.valid('param').id),
        );
        return c.json(approvalView(approval), 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: 'post',
      path: '/purchasing/bills/{id}/schedule',
      tags,
      summary:
        'Plan the payment of an approved bill for a date (status scheduled); `date: null` takes it back',
      request: { params: IdParam, ...jsonBody(contracts.ScheduleInput) },
      responses: { 200: one('Scheduled'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const { date } = c.req.valid('json');
      const scheduled = await purchasingTransaction(db(c), actor, 'bill:pay', (tx) =>
        scheduleBill(tx, actor, c.req.valid('param').id, date),
      );
      return c.json(billView(scheduled, today()), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/purchasing/bills/{id}/payments',
      tags,
      summary:
        'Pay an approved bill (all that is open unless `amount` says less; more than is due is refused)',
      request: { params: IdParam, ...jsonBody(contracts.PayBillInput) },
      responses: { 201: json(contracts.BillPaymentSchema, 'Paid'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const body = c.req.valid('json');
      const payment = await purchasingTransaction(db(c), actor, 'bill:pay', (tx) =>
        payBill(tx, actor, c.req.valid('param').id, body),
      );
      return c.json(paymentView(payment), 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/purchasing/vendor-credits/{id}/apply',
      tags,
      summary: 'Apply an approved vendor credit to a bill of the same vendor and currency',
      request: { params: IdParam, ...jsonBody(contracts.ApplyCreditInput) },
      responses: { 200: one('The credit after applying'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const body = c.req.valid('json');
      const credit = await purchasingTransaction(db(c), actor, 'bill:pay', (tx) =>
        applyVendorCredit(tx, actor, c.req.valid('param').id, body),
      );
      return c.json(billView(credit, today()), 200);
    },
  );
  return app;
}
