import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { migrationState } from '../db/migrate.ts';
import { assertCan } from '../modules/identity/permissions.ts';
import { requireActor } from './auth.middleware.ts';
import type { AppEnv } from './env.ts';
import { errorResponses, json } from './openapi.ts';

const tags = ['Platform'];

const HealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    store: z.enum(['pglite', 'postgres']),
    migrations: z.object({ applied: z.number(), shipped: z.number(), latest: z.string().nullable() }),
    scheduler: z.unknown(),
    version: z.string(),
  })
  .openapi('Health');

export function platformRoutes(version: string) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/health',
      tags,
      summary: 'Liveness: store kind, migration version and scheduler state (no sign-in needed)',
      responses: { 200: json(HealthSchema, 'Healthy'), 503: json(HealthSchema, 'Migrations pending') },
    }),
    async (c) => {
      const { store, scheduler } = c.get('deps');
      const migrations = await migrationState(store);
      const ok = migrations.applied === migrations.shipped;
      const body = {
        status: ok ? ('ok' as const) : ('degraded' as const),
        store: store.kind,
        migrations,
        scheduler: scheduler?.state() ?? { running: false },
        version,
      };
      return ok ? c.json(body, 200) : c.json(body, 503);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/jobs',
      tags,
      summary: 'Scheduled jobs with last run, next run, missed and failed runs',
      responses: { 200: json(z.object({ items: z.array(z.unknown()) }), 'Schedules'), ...errorResponses },
    }),
    async (c) => {
      assertCan(requireActor(c), 'jobs:read');
      return c.json({ items: (await c.get('deps').scheduler?.list()) ?? [] }, 200);
    },
  );
  return app;
}
