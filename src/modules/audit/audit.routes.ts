import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { requireActor } from '../../api/auth.middleware.ts';
import type { AppEnv } from '../../api/env.ts';
import { errorResponses, json, PageQuery, page } from '../../api/openapi.ts';
import { type AuditRow, listAudit, verifyOwnAuditChain } from './audit.query.ts';

const tags = ['Audit'];

const AuditEntrySchema = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actorKind: z.string(),
    actorId: z.string(),
    entity: z.string(),
    entityId: z.string(),
    action: z.string(),
    before: z.unknown(),
    after: z.unknown(),
    hash: z.string(),
  })
  .openapi('AuditEntry');

const AuditQuery = PageQuery.extend({
  entity: z.string().max(100).optional(),
  entityId: z.string().max(100).optional(),
  actorId: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional().openapi({ example: '2026-01-01T00:00:00Z' }),
  to: z.iso.datetime({ offset: true }).optional(),
});

const view = ({ orgId: _o, prevHash: _p, ...row }: AuditRow) => ({ ...row, at: row.at.toISOString() });

export function auditRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/audit',
      tags,
      summary: 'The audit log, newest first, filterable',
      request: { query: AuditQuery },
      responses: { 200: json(page(AuditEntrySchema), 'Entries'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const result = await listAudit(
        c.get('deps').store.db,
        requireActor(c),
        { ...q, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined },
        { limit: q.limit, cursor: q.cursor },
      );
      return c.json({ items: result.items.map(view), nextCursor: result.nextCursor }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/audit/verify',
      tags,
      summary: "Recompute the organization's audit hash chain",
      responses: {
        200: json(
          z.object({
            ok: z.boolean(),
            rows: z.number(),
            brokenAt: z.number().optional(),
            reason: z.string().optional(),
          }),
          'Result',
        ),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await verifyOwnAuditChain(c.get('deps').store.db, requireActor(c)), 200),
  );
  return app;
}
