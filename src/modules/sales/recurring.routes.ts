import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireActor } from '../../api/auth.middleware.ts';
import type { AppEnv } from '../../api/env.ts';
import { errorResponses, IdParam, json, jsonBody, PageQuery, page } from '../../api/openapi.ts';
import type { Actor } from '../../core/actor.ts';
import type { Db } from '../../db/client.ts';
import { readInOrg } from '../../db/tenancy.ts';
import * as contracts from './recurring.contracts.ts';
import type { RecurrencePreset } from './recurring.domain.ts';
import {
  createRecurringInvoice,
  deleteRecurringInvoice,
  getRecurringInvoice,
  listRecurringInvoices,
  listRecurringRuns,
  type RecurringInput,
  setRecurringStatus,
  updateRecurringInvoice,
} from './recurring.service.ts';
import { recurringViews, runView } from './recurring.view.ts';
import {
  type RecurringDeps,
  retryRecurringRun,
  runDueOccurrences,
  runRecurringNow,
} from './recurring-run.service.ts';
import { salesRead, salesTransaction, today } from './sales.kit.ts';

// Recurring invoices over HTTP: the schedules with their last and next run, the run log, pause,
// resume, run now and retry. A schedule made, edited or resumed with an occurrence due today
// creates it at once rather than at the next tick.

const tags = ['Sales'];

async function viewOne(db: Db, actor: Actor, id: string) {
  const on = today();
  return salesRead(db, actor, async (q) => {
    const [view] = await recurringViews(q, actor.orgId, [await getRecurringInvoice(q, actor.orgId, id)], on);
    return view!;
  });
}

type Body = z.infer<typeof contracts.RecurringInvoicePatch>;
const input = (body: Body) => body as Partial<RecurringInput> & { preset?: RecurrencePreset | null };

export function recurringRoutes(deps: (c: Context<AppEnv>) => RecurringDeps = () => ({})) {
  const app = new OpenAPIHono<AppEnv>();
  const db = (c: Context<AppEnv>) => c.get('deps').store.db;
  const one = (description: string) => json(contracts.RecurringInvoiceSchema, description);
  const base = '/sales/recurring-invoices';
  // After a change commits: what is due today is created now, not at tomorrow's tick.
  // The change is committed either way; the scheduler's next tick retries what fails here.
  const catchUp = (c: Context<AppEnv>, actor: Actor, id: string) =>
    runDueOccurrences(db(c), actor.orgId, id, today(), deps(c)).catch(() => []);

  app.openapi(
    createRoute({
      method: 'get',
      path: base,
      tags,
      summary: 'Recurring invoice schedules with their rule in words, last run, next run and status',
      request: { query: PageQuery.extend({ customerId: z.string().min(1).max(64).optional() }) },
      responses: { 200: json(page(contracts.RecurringInvoiceSchema), 'Schedules'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const on = today();
      const result = await salesRead(db(c), actor, async (q) => {
        const found = await listRecurringInvoices(q, actor.orgId, c.req.valid('query'));
        return { items: await recurringViews(q, actor.orgId, found.items, on), nextCursor: found.nextCursor };
      });
      return c.json(result, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: base,
      tags,
      summary:
        'Create a schedule; its template is checked as an invoice would be, nothing is created when refused',
      request: jsonBody(contracts.RecurringInvoiceInput),
      responses: { 201: one('Created'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const body = input(c.req.valid('json')) as RecurringInput;
      const created = await salesTransaction(db(c), actor, 'invoice:write', (tx) =>
        createRecurringInvoice(tx, actor, body, today()),
      );
      await catchUp(c, actor, created.id);
      return c.json(await viewOne(db(c), actor, created.id), 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/{id}`,
      tags,
      summary: 'One schedule',
      request: { params: IdParam },
      responses: { 200: one('The schedule'), ...errorResponses },
    }),
    async (c) => c.json(await viewOne(db(c), requireActor(c), c.req.valid('param').id), 200),
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: `${base}/{id}`,
      tags,
      summary: 'Change a schedule; applies from the next occurrence on',
      request: { params: IdParam, ...jsonBody(contracts.RecurringInvoicePatch) },
      responses: { 200: one('Updated'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const { id } = c.req.valid('param');
      await salesTransaction(db(c), actor, 'invoice:write', (tx) =>
        updateRecurringInvoice(tx, actor, id, input(c.req.valid('json')), today()),
      );
      await catchUp(c, actor, id);
      return c.json(await viewOne(db(c), actor, id), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: `${base}/{id}`,
      tags,
      summary: 'Delete a schedule that has created no invoice yet (pause or end one that has)',
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      await salesTransaction(db(c), actor, 'invoice:write', (tx) =>
        deleteRecurringInvoice(tx, actor, c.req.valid('param').id),
      );
      return c.body(null, 204);
    },
  );
  for (const [verb, status] of [
    ['pause', 'paused'],
    ['resume', 'active'],
  ] as const)
    app.openapi(
      createRoute({
        method: 'post',
        path: `${base}/{id}/${verb}`,
        tags,
        summary:
          verb === 'pause'
            ? 'Pause a schedule: occurrences while paused are not created'
            : 'Resume a schedule from the first occurrence on or after today',
        request: { params: IdParam },
        responses: { 200: one('The schedule'), ...errorResponses },
      }),
      async (c) => {
        const actor = requireActor(c);
        const { id } = c.req.valid('param');
        await salesTransaction(db(c), actor, 'invoice:write', (tx) =>
          setRecurringStatus(tx, actor, id, status, today()),
        );
        if (status === 'active') await catchUp(c, actor, id);
        return c.json(await viewOne(db(c), actor, id), 200);
      },
    );
  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/{id}/run`,
      tags,
      summary: 'Run now: create every occurrence due by today without waiting for the scheduler',
      request: { params: IdParam },
      responses: { 200: json(contracts.RunNowResult, 'The runs made now'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const { id } = c.req.valid('param');
      const results = await runRecurringNow(db(c), actor, id, today(), deps(c));
      const runs = await readInOrg(db(c), actor.orgId, (q) =>
        listRecurringRuns(q, actor.orgId, id, { limit: Math.max(results.length, 1) }),
      );
      const made = new Set(results.map((r) => r.occurrenceDate));
      return c.json(
        {
          schedule: await viewOne(db(c), actor, id),
          runs: runs.items
            .filter((r) => made.has(r.occurrenceDate))
            .reverse()
            .map(runView),
        },
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/{id}/runs`,
      tags,
      summary: 'The run log: each occurrence, newest first, with its invoice or its error',
      request: { params: IdParam, query: PageQuery },
      responses: { 200: json(page(contracts.RecurringRunSchema), 'Runs'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const { id } = c.req.valid('param');
      const result = await salesRead(db(c), actor, async (q) => {
        await getRecurringInvoice(q, actor.orgId, id);
        return listRecurringRuns(q, actor.orgId, id, c.req.valid('query'));
      });
      return c.json({ items: result.items.map(runView), nextCursor: result.nextCursor }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/{id}/retry`,
      tags,
      summary: 'Try a failed occurrence again, continuing from the draft it left',
      request: { params: IdParam, ...jsonBody(contracts.RetryInput) },
      responses: { 200: json(contracts.RecurringRunSchema, 'The run'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const { id } = c.req.valid('param');
      const { occurrenceDate } = c.req.valid('json');
      const run = await salesTransaction(db(c), actor, 'invoice:write', (tx) =>
        retryRecurringRun(tx, actor, id, occurrenceDate ?? null, deps(c)),
      );
      return c.json(runView(run), 200);
    },
  );
  return app;
}
