import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireActor } from '../../api/auth.middleware.ts';
import type { AppEnv } from '../../api/env.ts';
import { errorResponses, IdParam, isoDate, json, jsonBody } from '../../api/openapi.ts';
import { assertCan } from '../identity/permissions.ts';
import * as contracts from './reminder.contracts.ts';
import { PLACEHOLDERS } from './reminder.domain.ts';
import {
  listInvoiceReminders,
  type ReminderOptOut,
  type ReminderSettings,
  reminderOptOutOf,
  reminderSettingsOf,
  setReminderOptOut,
  updateReminderSettings,
} from './reminder.service.ts';
import { runReminders } from './reminder-run.service.ts';
import { salesRead, salesTransaction } from './sales.kit.ts';

// Payment reminders over HTTP: the settings with their templates, a customer's opt-out, the
// reminders logged on an invoice, and a run on demand (with a dry run) besides the daily job.

const tags = ['Sales'];

const settingsView = (s: ReminderSettings) => ({
  enabled: s.enabled,
  steps: s.steps,
  placeholders: PLACEHOLDERS as Record<string, string>,
  updatedAt: isoDate(s.updatedAt),
});
const optOutView = (o: ReminderOptOut) => ({ ...o, since: isoDate(o.since) });

export function reminderRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  const db = (c: Context<AppEnv>) => c.get('deps').store.db;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/sales/reminder-settings',
      tags,
      summary: 'Payment reminder steps and templates (off, with default steps, until saved)',
      responses: { 200: json(contracts.ReminderSettingsSchema, 'Settings'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      return c.json(
        settingsView(await salesRead(db(c), actor, (q) => reminderSettingsOf(q, actor.orgId))),
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: '/sales/reminder-settings',
      tags,
      summary: 'Turn reminders on or off and set their steps: days from the due date, then a repeat',
      request: jsonBody(contracts.ReminderSettingsInput),
      responses: { 200: json(contracts.ReminderSettingsSchema, 'Saved'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const body = c.req.valid('json');
      const saved = await salesTransaction(db(c), actor, 'sales:settings', (tx) =>
        updateReminderSettings(tx, actor, body),
      );
      return c.json(settingsView(saved), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/sales/invoices/{id}/reminders',
      tags,
      summary: "The invoice's reminders: each step sent (with its delivery) or skipped (with why)",
      request: { params: IdParam },
      responses: {
        200: json(z.object({ items: z.array(contracts.InvoiceReminderSchema) }), 'Reminders'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const actor = requireActor(c);
      const rows = await salesRead(db(c), actor, (q) =>
        listInvoiceReminders(q, actor.orgId, c.req.valid('param').id),
      );
      const items = rows.map((r) => ({
        ...r,
        status: r.status as 'sent' | 'skipped',
        to: r.to ?? [],
        delivery: r.delivery as 'queued' | 'sent' | 'failed' | null,
        sentAt: isoDate(r.sentAt),
        createdAt: r.createdAt.toISOString(),
      }));
      return c.json({ items }, 200);
    },
  );
  const optOut = `/sales/customers/{id}/reminder-opt-out`;
  app.openapi(
    createRoute({
      method: 'get',
      path: optOut,
      tags,
      summary: 'Whether the customer gets payment reminders',
      request: { params: IdParam },
      responses: { 200: json(contracts.ReminderOptOutSchema, 'Opt-out'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const state = await salesRead(db(c), actor, (q) =>
        reminderOptOutOf(q, actor.orgId, c.req.valid('param').id),
      );
      return c.json(optOutView(state), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: optOut,
      tags,
      summary: 'Opt the customer out of payment reminders (their steps are logged as skipped)',
      request: { params: IdParam, ...jsonBody(contracts.ReminderOptOutInput) },
      responses: { 200: json(contracts.ReminderOptOutSchema, 'Opted out'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const { reason } = c.req.valid('json');
      const state = await salesTransaction(db(c), actor, 'customer:write', (tx) =>
        setReminderOptOut(tx, actor, c.req.valid('param').id, true, reason ?? null),
      );
      return c.json(optOutView(state), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: optOut,
      tags,
      summary: 'Opt the customer back in to payment reminders',
      request: { params: IdParam },
      responses: { 200: json(contracts.ReminderOptOutSchema, 'Opted in'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const state = await salesTransaction(db(c), actor, 'customer:write', (tx) =>
        setReminderOptOut(tx, actor, c.req.valid('param').id, false),
      );
      return c.json(optOutView(state), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/sales/reminders/run',
      tags,
      summary:
        'Send the reminders due on a date now (the daily job does this at 06:00 UTC); dryRun only lists them',
      request: jsonBody(contracts.ReminderRunInput),
      responses: { 200: json(contracts.ReminderRunSchema, 'What was sent or skipped'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      assertCan(actor, 'sales:settings');
      const { date, dryRun } = c.req.valid('json');
      return c.json(await runReminders(db(c), actor.orgId, { date, dryRun }), 200);
    },
  );
  return app;
}
