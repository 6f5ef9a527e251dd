import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { requireActor } from '../../api/auth.middleware.ts';
import type { AppEnv } from '../../api/env.ts';
import { errorResponses, json } from '../../api/openapi.ts';
import { assertCan } from '../identity/permissions.ts';
import { OutboxIdParam, OutboxPageSchema, OutboxQuery } from './contracts.ts';
import { listOrgOutbox, readOrgOutboxMessage } from './org-outbox.ts';

// The file outbox over HTTP, one organization's messages only (see org-outbox.ts for how they are kept apart).

const tags = ['Comms'];
const binary = z.string().openapi({ type: 'string', format: 'binary' });

export function commsRoutes() {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/comms/outbox',
      tags,
      summary:
        "The organization's file outbox, newest first: mail its documents sent while no SMTP server was configured",
      request: { query: OutboxQuery },
      responses: { 200: json(OutboxPageSchema, 'A page of messages'), ...errorResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      assertCan(actor, 'comms:outbox');
      const { config, mailer } = c.get('deps');
      const { limit, cursor } = c.req.valid('query');
      const page = await listOrgOutbox(config.dataDir, actor.orgId, { limit, cursor });
      return c.json({ transport: mailer.kind, ...page }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/comms/outbox/{id}',
      tags,
      summary: 'One message of the outbox as the .eml file it was stored as (opens in any mail client)',
      request: { params: OutboxIdParam },
      responses: {
        200: { content: { 'message/rfc822': { schema: binary } }, description: 'The message' },
        ...errorResponses,
      },
    }),
    async (c) => {
      const actor = requireActor(c);
      assertCan(actor, 'comms:outbox');
      const file = await readOrgOutboxMessage(
        c.get('deps').config.dataDir,
        actor.orgId,
        c.req.valid('param').id,
      );
      return c.body(new Uint8Array(file.bytes), 200, {
        'content-type': 'message/rfc822',
        'content-disposition': `attachment; filename="${file.fileName}"`,
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
      });
    },
  );
  return app;
}
