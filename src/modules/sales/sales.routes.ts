import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireActor } from '../../api/auth.middleware.ts';
import type { AppEnv } from '../../api/env.ts';
import { errorResponses, IdParam, isoDate, json, jsonBody, PageQuery, page } from '../../api/openapi.ts';
import { batchRoutes } from './batch.routes.ts';
import { createItem, getItem, type Item, listItems, updateItem } from './catalog.service.ts';
import * as contracts from './contracts.ts';
import { customerBalances, customerHistory } from './customer.query.ts';
import {
  createCustomer,
  getCustomer,
  listCustomers,
  mergeCustomers,
  updateCustomer,
} from './customer.service.ts';
import { salesSettingsOf, updateSalesSettings } from './numbering.service.ts';
import { integer, salesRead, salesTransaction } from './sales.kit.ts';
import { createTaxRate, getTaxRate, listTaxRates, type TaxRate, updateTaxRate } from './tax.service.ts';

// Settings, tax rates, customers and the catalog over HTTP. Thin: the services check permissions.

const tags = ['Sales'];
const taxView = (r: TaxRate) => ({
  ...r,
  archivedAt: isoDate(r.archivedAt),
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});
const itemView = (i: Item) => ({
  ...i,
  prices: Object.fromEntries(Object.entries(i.prices).map(([c, p]) => [c, integer(p)])),
  archivedAt: isoDate(i.archivedAt),
  createdAt: i.createdAt.toISOString(),
  updatedAt: i.updatedAt.toISOString(),
});
const customerView = (c: Awaited<ReturnType<typeof getCustomer>>) => ({
  ...c,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});
const CustomerDetail = contracts.CustomerSchema.extend({
  balances: z.array(
    z.object({ currency: z.string(), receivable: z.number(), credit: z.number(), balance: z.number() }),
  ),
  history: z.array(
    z.object({
      kind: z.string(),
      id: z.string(),
      number: z.string().nullable(),
      date: z.string(),
      status: z.string(),
      currency: z.string(),
      amount: z.number(),
    }),
  ),
}).openapi('CustomerDetail');
const MergeParams = z.object({
  id: IdParam.shape.id,
  duplicateId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'duplicateId', in: 'path' } }),
});

export function salesRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  const db = (c: Context<AppEnv>) => c.get('deps').store.db;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/sales/settings',
      tags,
      summary: 'Tax rounding and document number patterns',
      responses: { 200: json(contracts.SettingsSchema, 'Settings'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      return c.json(await salesRead(db(c), actor, (q) => salesSettingsOf(q, actor.orgId)), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: '/sales/settings',
      tags,
      summary: 'Set tax rounding (per line or per document) and number patterns such as INV-{YYYY}-{0000}',
      request: jsonBody(contracts.SettingsInput),
      responses: { 200: json(contracts.SettingsSchema, 'Saved'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const body = c.req.valid('json');
      return c.json(
        await salesTransaction(db(c), actor, 'sales:settings', (tx) => updateSalesSettings(tx, actor, body)),
        200,
      );
    },
  );

  // Tax rates
  app.openapi(
    createRoute({
      method: 'get',
      path: '/sales/tax-rates',
      tags,
      summary: 'Tax rates, archived ones included',
      responses: {
        200: json(z.object({ items: z.array(contracts.TaxRateSchema) }), 'Tax rates'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const actor = requireActor(c);
      const items = await salesRead(db(c), actor, (q) => listTaxRates(q, actor.orgId));
      return c.json({ items: items.map(taxView) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/sales/tax-rates',
      tags,
      summary: 'Add a tax rate: standard, zero-rated, exempt (with a reason), reverse charge…',
      request: jsonBody(contracts.TaxRateInput),
      responses: { 201: json(contracts.TaxRateSchema, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const body = c.req.valid('json');
      const rate = await salesTransaction(db(c), actor, 'tax_rate:write', (tx) =>
        createTaxRate(tx, actor, body),
      );
      return c.json(taxView(rate), 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/sales/tax-rates/{id}',
      tags,
      summary: 'One tax rate',
      request: { params: IdParam },
      responses: { 200: json(contracts.TaxRateSchema, 'The tax rate'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const rate = await salesRead(db(c), actor, (q) => getTaxRate(q, actor.orgId, c.req.valid('param').id));
      return c.json(taxView(rate), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/sales/tax-rates/{id}',
      tags,
      summary: 'Change or archive a tax rate (issued documents keep theirs)',
      request: {
        params: IdParam,
        ...jsonBody(contracts.TaxRateInput.partial().extend({ archived: z.boolean().optional() })),
      },
      responses: { 200: json(contracts.TaxRateSchema, 'Updated'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const body = c.req.valid('json');
      const rate = await salesTransaction(db(c), actor, 'tax_rate:write', (tx) =>
        updateTaxRate(tx, actor, c.req.valid('param').id, body),
      );
      return c.json(taxView(rate), 200);
    },
  );

  // Customers
  app.openapi(
    createRoute({
      method: 'get',
      path: '/sales/customers',
      tags,
      summary: 'Customers (merged duplicates left out); `q` searches name, email and tax ids',
      request: { query: PageQuery.extend({ q: z.string().max(100).optional() }) },
      responses: { 200: json(page(contracts.CustomerSchema), 'Customers'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const result = await salesRead(db(c), actor, (q) =>
        listCustomers(q, actor.orgId, c.req.valid('query')),
      );
      return c.json({ items: result.items.map(customerView), nextCursor: result.nextCursor }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/sales/customers',
      tags,
      summary: 'Add a customer',
      request: jsonBody(contracts.CustomerInput),
      responses: { 201: json(contracts.CustomerSchema, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const body = c.req.valid('json');
      const created = await salesTransaction(db(c), actor, 'customer:write', (tx) =>
        createCustomer(tx, actor, body),
      );
      return c.json(customerView(created), 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/sales/customers/{id}',
      tags,
      summary: 'A customer with open balance per currency and history',
      request: { params: IdParam },
      responses: { 200: json(CustomerDetail, 'The customer'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const { id } = c.req.valid('param');
      const detail = await salesRead(db(c), actor, async (q) => ({
        customer: await getCustomer(q, actor.orgId, id),
        balances: await customerBalances(q, actor.orgId, id),
        history: await customerHistory(q, actor.orgId, id),
      }));
      return c.json(
        {
          ...customerView(detail.customer),
          balances: detail.balances.map((b) => ({
            currency: b.currency,
            receivable: integer(b.receivable),
            credit: integer(b.credit),
            balance: integer(b.balance),
          })),
          history: detail.history.map((h) => ({ ...h, amount: integer(h.amount) })),
        },
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/sales/customers/{id}',
      tags,
      summary: 'Change a customer',
      request: { params: IdParam, ...jsonBody(contracts.CustomerPatch) },
      responses: { 200: json(contracts.CustomerSchema, 'Updated'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const body = c.req.valid('json');
      const updated = await salesTransaction(db(c), actor, 'customer:write', (tx) =>
        updateCustomer(tx, actor, c.req.valid('param').id, body),
      );
      return c.json(customerView(updated), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/sales/customers/{id}/merge/{duplicateId}',
      tags,
      summary: 'Merge a duplicate into this customer: its documents and payments move over',
      request: { params: MergeParams },
      responses: { 200: json(contracts.CustomerSchema, 'The surviving customer'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const { id, duplicateId } = c.req.valid('param');
      const merged = await salesTransaction(db(c), actor, 'customer:write', (tx) =>
        mergeCustomers(tx, actor, id, duplicateId),
      );
      return c.json(customerView(merged), 200);
    },
  );

  // Catalog
  app.openapi(
    createRoute({
      method: 'get',
      path: '/sales/items',
      tags,
      summary: 'Products and services',
      request: { query: PageQuery },
      responses: { 200: json(page(contracts.ItemSchema), 'Items'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const result = await salesRead(db(c), actor, (q) => listItems(q, actor.orgId, c.req.valid('query')));
      return c.json({ items: result.items.map(itemView), nextCursor: result.nextCursor }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/sales/items',
      tags,
      summary: 'Add a product or service',
      request: jsonBody(contracts.ItemInput),
      responses: { 201: json(contracts.ItemSchema, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const body = c.req.valid('json');
      const item = await salesTransaction(db(c), actor, 'catalog:write', (tx) => createItem(tx, actor, body));
      return c.json(itemView(item), 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/sales/items/{id}',
      tags,
      summary: 'One product or service',
      request: { params: IdParam },
      responses: { 200: json(contracts.ItemSchema, 'The item'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const item = await salesRead(db(c), actor, (q) => getItem(q, actor.orgId, c.req.valid('param').id));
      return c.json(itemView(item), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/sales/items/{id}',
      tags,
      summary: 'Change a product or service',
      request: { params: IdParam, ...jsonBody(contracts.ItemPatch) },
      responses: { 200: json(contracts.ItemSchema, 'Updated'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const body = c.req.valid('json');
      const item = await salesTransaction(db(c), actor, 'catalog:write', (tx) =>
        updateItem(tx, actor, c.req.valid('param').id, body),
      );
      return c.json(itemView(item), 200);
    },
  );
  app.route('/', batchRoutes());
  return app;
}
