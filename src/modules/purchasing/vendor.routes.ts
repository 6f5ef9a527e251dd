import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireActor } from '../../api/auth.middleware.ts';
import type { AppEnv } from '../../api/env.ts';
import { errorResponses, IdParam, isoDate, json, jsonBody, page } from '../../api/openapi.ts';
import { integer } from '../sales/sales.kit.ts';
import * as contracts from './contracts.ts';
import { vendorBalances, vendorHistory } from './payables.query.ts';
import { purchasingRead, purchasingTransaction } from './purchasing.kit.ts';
import { createVendor, getVendor, listVendors, updateVendor, type Vendor } from './vendor.service.ts';

// Vendors over HTTP. Thin: the services check permissions and validate bank details.

const tags = ['Purchasing'];

export const vendorView = (v: Vendor) => ({
  ...v,
  archivedAt: isoDate(v.archivedAt),
  createdAt: v.createdAt.toISOString(),
  updatedAt: v.updatedAt.toISOString(),
});

export function vendorRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  const db = (c: Context<AppEnv>) => c.get('deps').store.db;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/purchasing/vendors',
      tags,
      summary:
        'Vendors; `q` searches name, legal name, email and tax ids; archived ones with `archived=true`',
      request: { query: contracts.VendorsQuery },
      responses: { 200: json(page(contracts.VendorSchema), 'Vendors'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const query = c.req.valid('query');
      const result = await purchasingRead(db(c), actor, (q) => listVendors(q, actor.orgId, query));
      return c.json({ items: result.items.map(vendorView), nextCursor: result.nextCursor }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/purchasing/vendors',
      tags,
      summary:
        'Add a vendor; an IBAN is checked (country length, check digits), as are a BIC and a US routing number',
      request: jsonBody(contracts.VendorInput),
      responses: { 201: json(contracts.VendorSchema, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const body = c.req.valid('json');
      const created = await purchasingTransaction(db(c), actor, 'vendor:write', (tx) =>
        createVendor(tx, actor, body),
      );
      return c.json(vendorView(created), 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/purchasing/vendors/{id}',
      tags,
      summary:
        'One vendor with what is owed per currency (open bills less unapplied credits) and its bills, credits and payments, newest first',
      request: { params: IdParam },
      responses: { 200: json(contracts.VendorDetailSchema, 'The vendor'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const { id } = c.req.valid('param');
      const detail = await purchasingRead(db(c), actor, async (q) => ({
        vendor: await getVendor(q, actor.orgId, id),
        balances: await vendorBalances(q, actor.orgId, id),
        history: await vendorHistory(q, actor.orgId, id),
      }));
      return c.json(
        {
          ...vendorView(detail.vendor),
          balances: detail.balances.map((b) => ({
            currency: b.currency,
            payable: integer(b.payable),
            credit: integer(b.credit),
            balance: integer(b.balance),
          })),
          history: detail.history.map((h) => ({ ...h, amount: integer(h.amount), open: integer(h.open) })),
        },
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/purchasing/vendors/{id}',
      tags,
      summary: 'Change a vendor (only the fields sent), or archive it with `archived: true`',
      request: { params: IdParam, ...jsonBody(contracts.VendorPatch) },
      responses: { 200: json(contracts.VendorSchema, 'Updated'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const body = c.req.valid('json');
      const updated = await purchasingTransaction(db(c), actor, 'vendor:write', (tx) =>
        updateVendor(tx, actor, c.req.valid('param').id, body),
      );
      return c.json(vendorView(updated), 200);
    },
  );
  return app;
}
